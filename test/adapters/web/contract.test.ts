/**
 * The web chat against the shared adapter contract. The "platform" here is our own server:
 * the driver speaks the page's socket protocol with session tokens signed by the server's
 * secret, and what the platform received is what the page is shown (the WebMessage rows).
 */
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { plainText } from "../../../src/core/chat";
import { createWebAdapter } from "../../../adapters/web/index";
import { storedPayload } from "../../../adapters/web/format";
import { createHistory } from "../../../adapters/web/history";
import { createSigner } from "../../../adapters/web/session";
import { loadConfig } from "../../../src/config";
import { openLedger, sqlitePath } from "../../../src/ledger/db";
import { silentLogger } from "../../../src/log";
import { adapterContract } from "../../support/adapter-contract";
import { seedCounty } from "../../support/county";
import { createTestDatabase, TEST_AUDIT_KEY } from "../../support/databases";
import { connectPage, RefusedError, TEST_SECRET, type Frame, type PageClient } from "./support";

adapterContract("web", async () => {
  const database = await createTestDatabase("sqlite");
  const config = loadConfig({ DATABASE_URL: database.url, DUBAN_DATA_DIR: database.dataDir, DUBAN_SECRET: TEST_SECRET, LOG_LEVEL: "silent" });
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  const county = await seedCounty(ledger, new Date(), config.DUBAN_TZ);
  const room = "room-water";
  await ledger.db.chat.create({ data: { platform: "web", chatId: room, purpose: "unit", unitId: county.units.water, title: "水利局工作群" } });

  // The database asks for a pause once, as a busy database would.
  let busyFor: number | null = null;
  const real = createHistory(ledger);
  const history = {
    ...real,
    appendOut: (...args: Parameters<typeof real.appendOut>) => {
      if (busyFor === null) return real.appendOut(...args);
      const err = Object.assign(new Error("database busy"), { retryAfterMs: busyFor });
      busyFor = null;
      return Promise.reject(err);
    },
  };
  const adapter = createWebAdapter({ port: 0, host: "127.0.0.1", ledger, config, log: silentLogger, history });
  const signer = createSigner(TEST_SECRET);
  const pages = new Map<string, PageClient>();
  let last: { page: PageClient; frame: object; clientId: string } | undefined;
  let lastText: { page: PageClient; chatId: string; rowId: number } | undefined;

  const pageOf = async (userId: string): Promise<PageClient> => {
    if (!pages.has(userId)) {
      const bound = await ledger.db.chatIdentity.findUnique({ where: { platform_userId: { platform: "web", userId } } });
      const personId = bound?.personId ?? county.people.official.id;
      if (!bound) await ledger.db.chatIdentity.create({ data: { platform: "web", userId, personId } });
      pages.set(userId, await connectPage(adapter.url(), signer.sessionToken({ userId, personId }, new Date())));
    }
    return pages.get(userId)!;
  };
  const acked = (clientId: string) => (f: Frame) => (f.type === "ack" || f.type === "nack") && f.clientId === clientId;
  const deliver = async (page: PageClient, frame: { clientId: string }) => {
    const before = page.frames.filter(acked(frame.clientId)).length;
    page.send(frame);
    await until(() => page.frames.filter(acked(frame.clientId)).length > before);
  };

  return {
    adapter,
    chatId: room,
    async sendText({ chatId, userId, text, direct }) {
      const page = await pageOf(userId);
      const target = direct ? userId : chatId;
      page.send({ type: "open", chatId: target });
      const frame = { type: "send", chatId: target, clientId: randomBytes(8).toString("hex"), text, media: [] };
      last = { page, frame, clientId: frame.clientId };
      await deliver(page, frame);
      const ack = page.frames.find((f) => f.type === "ack" && f.clientId === frame.clientId);
      lastText = { page, chatId: target, rowId: Number(ack?.id) };
    },
    async sendUnroutable() {
      const page = await pageOf("u1");
      page.send({ type: "typing", chatId: room });
      await page.next((f) => f.type === "error", "the error frame");
      return true;
    },
    async editLast(text) {
      if (!lastText) throw new Error("nothing sent yet");
      const frame = { type: "edit", chatId: lastText.chatId, clientId: randomBytes(8).toString("hex"), messageId: lastText.rowId, text };
      last = { page: lastText.page, frame, clientId: frame.clientId };
      await deliver(lastText.page, frame);
    },
    async redeliverLast() {
      if (!last) throw new Error("nothing delivered yet");
      await deliver(last.page, last.frame as { clientId: string });
    },
    async sendOwnMessage(chatId, text) {
      // The bot's own message comes back from a page that echoes what it was shown.
      const page = await pageOf("u1");
      page.send({ type: "open", chatId });
      await page.next((f) => f.type === "history" && f.chatId === chatId, "the history");
      await adapter.send({ platform: "web", chatId, direct: false }, { blocks: [{ type: "text", text }] });
      const shown = await page.next((f) => f.type === "message" && (f.message as { bot?: unknown }).bot !== undefined, "the bot's message");
      page.send(shown);
    },
    async sendBadSignature() {
      const forged = createSigner("not-the-server-secret").sessionToken({ userId: "u1", personId: county.people.official.id }, new Date());
      return connectPage(adapter.url(), forged).then(
        async (page) => {
          await page.close();
          return 101;
        },
        (err: unknown) => (err instanceof RefusedError ? err.status : 0),
      );
    },
    posted() {
      // What the platform keeps is what the page shows: read it as the page would, synchronously.
      const db = new Database(sqlitePath(config.databaseUrl), { readonly: true });
      try {
        const rows = db.prepare("SELECT chatId, payload FROM WebMessage WHERE direction = 'out' ORDER BY id").all() as { chatId: string; payload: string }[];
        return rows.map((r) => {
          const p = storedPayload.parse(JSON.parse(r.payload));
          return { chatId: r.chatId, text: p.kind === "bot" ? plainText({ blocks: p.blocks }) : p.text };
        });
      } finally {
        db.close();
      }
    },
    readable: (text) => text,
    fail429Next(sec) {
      busyFor = sec * 1000;
    },
    async close() {
      for (const page of pages.values()) await page.close();
      await ledger.close();
      await database.drop();
    },
  };
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("timed out");
}
