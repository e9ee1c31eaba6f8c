/**
 * The baseline the pipeline is compared with: the same rows one report writes — the event
 * in the inbox, committed by itself before anything else (issue 15: recorded before the
 * platform is answered), then in one transaction the processed event, report, photo, item
 * update, audit event, receipt in the outbox and the inbox row's delete — written straight
 * through better-sqlite3 and pg, with prepared statements.
 *
 * It does the reads without which those rows cannot be written (the sender's person, the
 * item by its code, whether the photo's bytes were seen before, for its "reused" flag) and
 * nothing else: no ORM, no validation beyond the unit check, no message catalogue.
 *
 * A photo is stored as the pipeline stores it (storeEvidence: decoded, hashed, EXIF read,
 * written content-addressed under the data directory) before its transaction, so the
 * photo leg compares the same work on both sides, not image decoding against none.
 */
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { storeEvidence } from "../src/ledger/evidence";
import { PLATFORM, userIdOf, type PhotoFacts, type PlannedReport, type ReportWriter, type WriterSpec } from "./pipeline-seed";

interface ItemFacts {
  id: number;
  code: string;
  title: string;
  status: string;
  progress: number | null;
  deadline: string | null;
  leadUnitId: number;
}

const SQL = {
  receive: `INSERT INTO "InboxEvent" ("id", "platform", "event", "receivedAt", "leaseUntil", "attempts") VALUES ($1, $2, $3, $4, $5, 0)`,
  forget: `DELETE FROM "InboxEvent" WHERE "id" = $1`,
  person: `SELECT p."id", p."name", p."unitId" FROM "ChatIdentity" ci JOIN "Person" p ON p."id" = ci."personId" WHERE ci."platform" = $1 AND ci."userId" = $2`,
  item: `SELECT "id", "code", "title", "status", "progress", "deadline", "leadUnitId" FROM "Item" WHERE "code" = $1`,
  processed: `INSERT INTO "ProcessedEvent" ("id", "at") VALUES ($1, $2)`,
  report: `INSERT INTO "Report" ("itemId", "reporterId", "at", "text", "percent", "platform", "chatId", "messageId") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id"`,
  seenPhoto: `SELECT "id" FROM "Photo" WHERE "sha256" = $1 LIMIT 1`,
  photo: `INSERT INTO "Photo" ("reportId", "itemId", "sha256", "phash", "size", "mime", "width", "height", "flags", "receivedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
  touchItem: `UPDATE "Item" SET "lastReportAt" = $1, "progress" = $2, "status" = $3, "updatedAt" = $4 WHERE "id" = $5`,
  audit: `INSERT INTO "AuditEvent" ("at", "actorId", "actor", "action", "itemId", "source", "detail") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  outbox: `INSERT INTO "Outbox" ("key", "platform", "chatId", "direct", "payload", "status", "notBefore", "createdAt") VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)`,
  counts: `SELECT (SELECT count(*) FROM "Report") AS reports, (SELECT count(*) FROM "Outbox" WHERE "key" LIKE 'receipt:%') AS receipts`,
};

/** The rows' contents, shared by both drivers so they write the same bytes. */
function rowsOf(r: PlannedReport, item: ItemFacts, photos: number) {
  const status = item.status === "not_started" ? "in_progress" : item.status;
  const text = r.text.replace(`#${r.code}`, "").trim();
  const receipt = {
    blocks: [
      { type: "heading", text: `✅ 已记录进展：${item.code} ${item.title}` },
      { type: "text", text },
      { type: "text", text: `进度 ${r.percent}% · 照片 ${photos} 张` },
      { type: "text", text: `状态：进行中 · 🟢 正常 · 时限：${item.deadline ?? "长期"}` },
    ],
    about: { itemCode: item.code },
    replyTo: `m-${r.eventId}`,
  };
  const detail = (reportId: number) => ({
    reportId,
    photos,
    progress: [item.progress, r.percent],
    ...(status !== item.status ? { status: [item.status, status] } : {}),
  });
  return { status, text, payload: JSON.stringify(receipt), detail, chatId: `dm-${userIdOf(r.official)}`, eventKey: `${PLATFORM}:${r.eventId}` };
}

/** The inbox row: the event as the pipeline's test adapter delivers it (bench/pipeline-app.ts). */
function inboxRow(r: PlannedReport, now: Date) {
  const chat = { platform: PLATFORM, chatId: `dm-${userIdOf(r.official)}`, direct: true };
  const media = r.photo === null ? [] : [{ kind: "photo", fileId: `f-${r.photo}`, mime: "image/jpeg" }];
  const event = { eventId: r.eventId, chat, sender: { userId: userIdOf(r.official) }, text: r.text, media, messageId: `m-${r.eventId}`, at: now };
  return { id: `${PLATFORM}:${r.eventId}`, event: JSON.stringify(event), leaseUntil: new Date(now.getTime() + 60_000) };
}

export async function openWriter({ kind, url, photos, dataDir }: WriterSpec): Promise<ReportWriter> {
  // Served from these buffers, as the pipeline's test adapter serves them: no file read per report.
  const bytes = photos.map((p) => readFileSync(p.path));
  const store = async (r: PlannedReport): Promise<PhotoFacts[]> => {
    if (r.photo === null) return [];
    const s = await storeEvidence(dataDir, bytes[r.photo]!, { maxBytes: 20 * 1024 * 1024, tz: "Asia/Shanghai" });
    return [{ sha256: s.sha256, phash: s.phash, size: s.size, mime: s.mime, width: s.width, height: s.height }];
  };
  const writer = kind === "sqlite" ? sqliteWriter(url.replace(/^file:/, "")) : postgresWriter(url);
  return { ...writer, write: async (r) => writer.write(r, await store(r)) };
}

type RawWriter = Omit<ReportWriter, "write"> & { write(r: PlannedReport, photos: PhotoFacts[]): Promise<void> };

function sqliteWriter(path: string): RawWriter {
  const db = new Database(path);
  // The settings the ledger opens SQLite with.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  const prepared = Object.fromEntries(
    Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql.replace(/\$\d+/g, "?"))]),
  ) as Record<keyof typeof SQL, Database.Statement>;
  const at = () => new Date().toISOString().replace("Z", "+00:00");

  const receive = (r: PlannedReport) => {
    const row = inboxRow(r, new Date());
    prepared.receive.run(row.id, PLATFORM, row.event, at(), row.leaseUntil.toISOString().replace("Z", "+00:00"));
  };
  const writeOne = db.transaction((r: PlannedReport, photos: PhotoFacts[]) => {
    const now = at();
    const person = prepared.person.get(PLATFORM, userIdOf(r.official)) as { id: number; name: string; unitId: number };
    const item = prepared.item.get(r.code) as ItemFacts;
    if (item.leadUnitId !== person.unitId) throw new Error(`${person.name} may not report on ${r.code}`);
    const rows = rowsOf(r, item, photos.length);
    prepared.processed.run(rows.eventKey, now);
    const report = prepared.report.get(item.id, person.id, now, rows.text, r.percent, PLATFORM, rows.chatId, `m-${r.eventId}`) as { id: number };
    for (const p of photos) {
      const flags = prepared.seenPhoto.get(p.sha256) ? "reused" : "";
      prepared.photo.run(report.id, item.id, p.sha256, p.phash, p.size, p.mime, p.width, p.height, flags, now);
    }
    prepared.touchItem.run(now, r.percent, rows.status, now, item.id);
    prepared.audit.run(now, person.id, person.name, "report.created", item.id, rows.eventKey, JSON.stringify(rows.detail(report.id)));
    prepared.outbox.run(`receipt:${report.id}`, PLATFORM, rows.chatId, 1, rows.payload, now, now);
    prepared.forget.run(rows.eventKey);
  });

  return {
    write: async (r, photos) => {
      receive(r);
      writeOne(r, photos);
    },
    count: async () => {
      const c = prepared.counts.get() as { reports: number; receipts: number };
      return { reports: Number(c.reports), receipts: Number(c.receipts) };
    },
    close: async () => void db.close(),
  };
}

function postgresWriter(url: string): RawWriter {
  // As many connections as the ledger's Prisma pool.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const q = <R extends pg.QueryResultRow>(client: pg.PoolClient, name: keyof typeof SQL, values: unknown[]) =>
    client.query<R>({ name, text: SQL[name], values });
  // Prisma keeps UTC in "timestamp without time zone".
  const at = () => new Date().toISOString().replace("Z", "");

  return {
    async write(r, photos) {
      const client = await pool.connect();
      try {
        const row = inboxRow(r, new Date());
        await q(client, "receive", [row.id, PLATFORM, row.event, at(), row.leaseUntil.toISOString().replace("Z", "")]);
        await client.query("BEGIN");
        const now = at();
        const person = (await q<{ id: number; name: string; unitId: number }>(client, "person", [PLATFORM, userIdOf(r.official)])).rows[0]!;
        const item = (await q<ItemFacts>(client, "item", [r.code])).rows[0]!;
        if (item.leadUnitId !== person.unitId) throw new Error(`${person.name} may not report on ${r.code}`);
        const rows = rowsOf(r, item, photos.length);
        await q(client, "processed", [rows.eventKey, now]);
        const report = (await q<{ id: number }>(client, "report", [item.id, person.id, now, rows.text, r.percent, PLATFORM, rows.chatId, `m-${r.eventId}`])).rows[0]!;
        for (const p of photos) {
          const flags = (await q(client, "seenPhoto", [p.sha256])).rowCount ? "reused" : "";
          await q(client, "photo", [report.id, item.id, p.sha256, p.phash, p.size, p.mime, p.width, p.height, flags, now]);
        }
        await q(client, "touchItem", [now, r.percent, rows.status, now, item.id]);
        await q(client, "audit", [now, person.id, person.name, "report.created", item.id, rows.eventKey, JSON.stringify(rows.detail(report.id))]);
        await q(client, "outbox", [`receipt:${report.id}`, PLATFORM, rows.chatId, true, rows.payload, now, now]);
        await q(client, "forget", [rows.eventKey]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      } finally {
        client.release();
      }
    },
    async count() {
      const client = await pool.connect();
      try {
        const c = (await q<{ reports: string; receipts: string }>(client, "counts", [])).rows[0]!;
        return { reports: Number(c.reports), receipts: Number(c.receipts) };
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
