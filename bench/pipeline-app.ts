/**
 * The measured side: duban itself, each planned report delivered by the test adapter as a
 * platform would deliver it, through createDuban's pipeline (parse, ledger transaction,
 * receipt queued in the outbox). The dispatcher and scheduler are not started: sending
 * is the delivery benchmark's business.
 */
import { TEST_AUDIT_KEY } from "../test/support/databases";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { createDuban } from "../src/app";
import { systemClock } from "../src/core/clock";
import { loadConfig } from "../src/config";
import { openLedger } from "../src/ledger/db";
import { createTestAdapter } from "../test/support/test-adapter";
import { PLATFORM, userIdOf, type ReportWriter, type WriterSpec } from "./pipeline-seed";

/**
 * Counts the statements Prisma hands the driver, and the hot path's own. Prisma's SQLite
 * adapter prepares every statement it runs and runs it once, while the ledger's prepared
 * statements are prepared once and run many times; on PostgreSQL Prisma's statements are
 * unnamed and the hot path's named.
 */
function countStatements(): () => { prisma: number; hot: number } {
  let [prepared, ran, unnamed, named] = [0, 0, 0, 0];
  // better-sqlite3 does not export its Statement class: its prototype, from a statement.
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<"run" | "all" | "get", (...a: unknown[]) => unknown>;
  probe.close();
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: Database.Database, ...args: Parameters<typeof prepare>) {
    prepared++;
    return prepare.apply(this, args);
  } as typeof prepare;
  for (const method of ["run", "all", "get"] as const) {
    const original = proto[method];
    proto[method] = function (this: unknown, ...args: unknown[]) {
      ran++;
      return original.apply(this, args);
    };
  }
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    if ((args[0] as { name?: string } | undefined)?.name) named++;
    else unnamed++;
    return query.apply(this, args);
  };
  return () => ({ prisma: prepared + unnamed, hot: Math.max(0, ran - prepared) + named });
}

const PROBES = 300;

export async function openWriter(spec: WriterSpec): Promise<ReportWriter> {
  const calls = countStatements();
  const config = loadConfig({ DATABASE_URL: spec.url, DUBAN_DATA_DIR: spec.dataDir, LOG_LEVEL: "silent", WEB_PORT: "0" });
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  const chat = createTestAdapter();
  const duban = await createDuban({ config, adapters: [chat], clock: systemClock, ledger });
  await chat.start(duban.handle);
  // The adapter serves every photo report's file from these few buffers, as a platform
  // serves the same picture sent twice: no copy per report.
  const photos = spec.photos.map((p) => readFileSync(p.path));

  return {
    write: (r) =>
      chat.deliver({
        eventId: r.eventId,
        chat: { platform: PLATFORM, chatId: `dm-${userIdOf(r.official)}`, direct: true },
        sender: { userId: userIdOf(r.official) },
        text: r.text,
        media: r.photo === null ? [] : [chat.addFile(photos[r.photo]!, { kind: "photo", mime: "image/jpeg" })],
        messageId: `m-${r.eventId}`,
        at: systemClock.now(),
      }),
    async count() {
      const [reports, receipts] = await Promise.all([
        ledger.db.report.count(),
        ledger.db.outbox.count({ where: { key: { startsWith: "receipt:" } } }),
      ]);
      return { reports, receipts };
    },
    async prismaCost(reports) {
      const counted = calls();
      const [callsPerReport, hotPerReport] = [counted.prisma / reports, counted.hot / reports];
      // A statement that costs the database nothing: what is left is Prisma's own CPU per call.
      const start = process.cpuUsage();
      for (let i = 0; i < PROBES; i++) await ledger.db.$queryRawUnsafe("SELECT 1");
      const { user, system } = process.cpuUsage(start);
      return { callsPerReport, hotPerReport, cpuPerCallMs: (user + system) / 1000 / PROBES };
    },
    async close() {
      await chat.stop();
      await ledger.close();
    },
  };
}
