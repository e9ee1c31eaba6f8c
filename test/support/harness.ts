/**
 * The whole bot on a fresh database with a controllable clock, driven like a chat:
 * people say things, photos arrive, and the tests read what the bot answered.
 *
 *   const t = await startTestDuban();
 *   await t.bindAs("test", "u1", "official");
 *   await t.say("u1", "#中央-07-2 河道清淤完成60%", { photos: [await jpeg()] });
 *   expect(await t.replies()).toContain("已记录进展");
 */
import type { AdapterCaps, ChatAdapter, ChatRef, InboundEvent } from "../../src/core/chat";
import type { Clock } from "../../src/core/clock";
import { loadConfig, type Config } from "../../src/config";
import { createDuban, type Duban } from "../../src/app";
import type { Route } from "../../src/bot/pipeline";
import type { Ledger } from "../../src/ledger/db";
import { openLedger } from "../../src/ledger/db";
import { createTestDatabase, type DbKind, type TestDatabase, TEST_AUDIT_KEY } from "./databases";
import { createTestAdapter, type TestAdapter } from "./test-adapter";
import { seedCounty, type County, type PersonKey } from "./county";

export interface TestClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function createTestClock(start: Date | string): TestClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (at) => (now = new Date(at)),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
  };
}

export interface SayOptions {
  photos?: Uint8Array[];
  /** Files that are not photos (a document the person sends). */
  /** A file without a name is one sent the way WeCom's intelligent robot sends it. */
  files?: { bytes: Uint8Array; name?: string; mime: string }[];
  /** Defaults to the person's direct chat with the bot. */
  chat?: ChatRef;
  albumKey?: string;
  replyTo?: string;
  action?: string;
  /** Reuse an event id (a redelivery). */
  eventId?: string;
  /** The person edits the message they sent as this event id: `text` is its new text. */
  edits?: string;
}

export interface TestDuban {
  duban: Duban;
  ledger: Ledger;
  config: Config;
  clock: TestClock;
  county: County;
  /** The in-process chat the conversation helpers use. */
  chat: TestAdapter;
  database: TestDatabase;
  /** Bind a platform user to one of the county's people, as /bind would. */
  bindAs(platform: string, userId: string, person: PersonKey): Promise<void>;
  /** A person speaks in the test chat; returns the event id used. */
  say(userId: string, text: string, opts?: SayOptions): Promise<string>;
  /** A group chat of the test platform. */
  group(chatId: string, title?: string): ChatRef;
  /** Let quiet periods pass and send everything due. */
  deliverAll(): Promise<number>;
  /** What the bot sent in the test chat since the last call (delivering first). */
  replies(): Promise<string[]>;
  handle(event: InboundEvent): Promise<void>;
  close(): Promise<void>;
}

let eventCounter = 0;

export async function startTestDuban(
  opts: { db?: DbKind; adapters?: ChatAdapter[]; env?: Record<string, string>; now?: string; route?: Route; caps?: Partial<AdapterCaps> } = {},
): Promise<TestDuban> {
  const database = await createTestDatabase(opts.db ?? "sqlite");
  const config = loadConfig({
    DATABASE_URL: database.url,
    DUBAN_DATA_DIR: database.dataDir,
    LOG_LEVEL: "silent",
    WEB_PORT: "0",
    ...opts.env,
  });
  // 10:00 in Shanghai on an ordinary Wednesday, outside quiet hours.
  const clock = createTestClock(opts.now ?? "2026-11-25T02:00:00Z");
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  const county = await seedCounty(ledger, clock.now(), config.DUBAN_TZ);
  const chat = createTestAdapter({ caps: opts.caps });
  const adapters = [chat, ...(opts.adapters ?? [])];
  const duban = await createDuban({ config, adapters, clock, ledger, route: opts.route });
  for (const adapter of adapters) await adapter.start(duban.handle);
  let read = 0;

  const t: TestDuban = {
    duban,
    ledger,
    config,
    clock,
    county,
    chat,
    database,
    handle: duban.handle,
    async bindAs(platform, userId, person) {
      await ledger.db.chatIdentity.create({ data: { platform, userId, personId: county.people[person].id, boundAt: clock.now() } });
    },
    group: (chatId, title) => ({ platform: "test", chatId, direct: false, title }),
    async say(userId, text, o = {}) {
      const eventId = o.eventId ?? `e${++eventCounter}`;
      const media = [
        ...(o.photos ?? []).map((bytes) => chat.addFile(bytes, { kind: "photo", mime: "image/jpeg" })),
        ...(o.files ?? []).map((f) => chat.addFile(f.bytes, { kind: "document", mime: f.mime, ...(f.name ? { fileName: f.name } : {}) })),
      ];
      await chat.deliver({
        eventId,
        chat: o.chat ?? { platform: "test", chatId: `dm-${userId}`, direct: true },
        sender: { userId },
        text,
        media,
        albumKey: o.albumKey,
        messageId: `m-${o.edits ?? eventId}`,
        ...(o.edits ? { edited: true } : {}),
        replyTo: o.replyTo,
        action: o.action ? { data: o.action } : undefined,
        at: clock.now(),
      });
      return eventId;
    },
    async deliverAll() {
      clock.advance(config.RECEIPT_QUIET_MS + 1);
      let total = 0;
      for (;;) {
        const n = await duban.dispatcher.runOnce();
        total += n;
        if (n === 0) return total;
      }
    },
    async replies() {
      await t.deliverAll();
      const fresh = chat.sent.slice(read).map((s) => s.text);
      read = chat.sent.length;
      return fresh;
    },
    async close() {
      await duban.stop();
      await ledger.close();
      await database.drop();
    },
  };
  return t;
}
