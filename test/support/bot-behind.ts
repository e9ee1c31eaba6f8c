/**
 * The real bot behind an adapter under test: a fresh ledger with the test county, the
 * pipeline and the dispatcher sending through that adapter to its fake platform. The
 * contract suite uses it for what only the whole bot can show (dead letters, edits).
 */
import type { ChatAdapter } from "../../src/core/chat";
import { createDuban, type Duban } from "../../src/app";
import type { Route } from "../../src/bot/pipeline";
import { loadConfig } from "../../src/config";
import { messagesFor } from "../../src/i18n/index";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { seedCounty, type County } from "./county";
import { createTestDatabase, TEST_AUDIT_KEY } from "./databases";

export interface BotBehind {
  duban: Duban;
  ledger: Ledger;
  county: County;
  handle: Duban["handle"];
  /** Bind the platform user to the county's official 张三 (unit: 县水利局). */
  bind(userId: string): Promise<void>;
  /** Send everything queued through the adapter, waiting out the platform's rate limits. */
  deliverAll(): Promise<void>;
  failedEvents(): Promise<number>;
  /** Resolves once the ledger has recorded this many inbound events as processed. */
  processed(n: number): Promise<void>;
  reports(): Promise<{ text: string; percent: number | null }[]>;
  /** What the bot answers someone who is not bound yet. */
  unboundReply: string;
  close(): Promise<void>;
}

export async function startBotBehind(adapter: ChatAdapter, route?: Route): Promise<BotBehind> {
  const database = await createTestDatabase("sqlite");
  const config = loadConfig({
    DATABASE_URL: database.url,
    DUBAN_DATA_DIR: database.dataDir,
    LOG_LEVEL: "silent",
    WEB_PORT: "0",
    RECEIPT_QUIET_MS: "0",
  });
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  const county = await seedCounty(ledger, new Date(), config.DUBAN_TZ);
  const duban = await createDuban({ config, adapters: [adapter], ledger, ...(route ? { route } : {}) });
  return {
    duban,
    ledger,
    county,
    handle: duban.handle,
    async bind(userId) {
      await ledger.db.chatIdentity.create({ data: { platform: adapter.platform, userId, personId: county.people.official.id } });
    },
    async deliverAll() {
      for (let i = 0; i < 300; i++) {
        if ((await duban.dispatcher.runOnce()) > 0) continue;
        if ((await ledger.db.outbox.count({ where: { status: { in: ["pending", "sending"] } } })) === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error("the outbox did not drain");
    },
    failedEvents: () => ledger.db.failedEvent.count(),
    async processed(n) {
      for (let i = 0; i < 500; i++) {
        if ((await ledger.db.processedEvent.count()) >= n) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`the ledger never recorded ${n} processed events`);
    },
    reports: () => ledger.db.report.findMany({ select: { text: true, percent: true }, orderBy: { id: "asc" } }),
    unboundReply: messagesFor(config.DUBAN_LANG).bot.unbound,
    async close() {
      await duban.dispatcher.stop();
      await ledger.close();
      await database.drop();
    },
  };
}
