/**
 * A progress report on an item as one atomic write, with what the event's transaction
 * has not written yet: its event id (PostgreSQL), the report, its photos, the item's
 * side, the audit event and the receipt. SQLite runs prepared statements on the
 * connection Prisma's transaction holds; PostgreSQL runs one statement (a CTE).
 * Both write the same rows as recordReport's Prisma path, which the same tests run.
 */
import type { PhotoFlag } from "../core/types";
import type { Change } from "./audit";
import { flagsWith, ledgerNearCopies, PHASH_CANDIDATES, placeOf, type PhotoLookups } from "./evidence-flags";
import type { PhotoMatch } from "./near-copies";
import { PRIMED_PHOTOS, type PrimedPhotos } from "./inbound";
import { hotQuery, nativeAll, nativeRun, pgTime } from "./hot-sql";
import type { ItemRow } from "./items";
import { itemAfterReport, receiptKey, reportCreatedDetail, type NewReport } from "./reports";
import { auditKeyOf, takePrimed, type HotPath, type Session } from "./session";
import { hmacPads, markHead, markOf, newNonce, type AuditKey } from "./audit-mark";

type Write = NewReport & { item: ItemRow };

interface Photo {
  s: NewReport["photos"][number];
  flags: PhotoFlag[];
  match: PhotoMatch | null;
  placeMeters: number | null;
}

const PHOTO_COLUMNS = `"reportId", "itemId", "sha256", "phash", "size", "mime", "width", "height", "takenAt", "lat", "lon", "flags", "fingerprint", "matchPhotoId", "matchKind", "placeMeters", "receivedAt"`;

const LOOKUP = {
  copy: `SELECT 1 AS "hit" FROM "Photo" WHERE "sha256" = $1 LIMIT 1`,
  hashes: `SELECT "phash" FROM "Photo" WHERE "itemId" = $1 AND "phash" IS NOT NULL ORDER BY "receivedAt" DESC LIMIT $2`,
  place: `SELECT "lat", "lon" FROM "Item" WHERE "id" = $1`,
};

/**
 * A new report has no photos yet, so "other than the report's own" is every photo. What
 * the event's joined read learned answers first (see readInbound); anything it did not
 * read — an item other than the one the text named — is read here.
 */
function hotLookups(session: Session, hot: HotPath, primed: PrimedPhotos | undefined): PhotoLookups {
  return {
    nearCopies: ledgerNearCopies(session),
    copyExists: async (sha256) =>
      primed?.copies.get(sha256) ?? (await hotQuery(session, hot, LOOKUP.copy, [sha256])).length > 0,
    itemHashes: async (itemId, _, take) =>
      primed?.hashes?.itemId === itemId && take <= PHASH_CANDIDATES
        ? primed.hashes.phashes
        : (await hotQuery<{ phash: string | null }>(session, hot, LOOKUP.hashes, [itemId, take])).map((r) => r.phash),
    // Read only for a photo with GPS, which chat apps mostly strip: not worth the joined read.
    itemPlace: async (itemId) => placeOf((await hotQuery<{ lat: number | null; lon: number | null }>(session, hot, LOOKUP.place, [itemId]))[0]),
  };
}

export async function writeReport(session: Session, hot: HotPath, r: Write, change: Change): Promise<{ reportId: number; item: ItemRow }> {
  const photos: Photo[] = [];
  // Taken once for all the report's photos: they are flagged against the ledger before the report.
  const lookups = hotLookups(session, hot, takePrimed<PrimedPhotos>(session, PRIMED_PHOTOS));
  for (const s of r.photos) {
    // Against the ledger before this report: a report's photos never flag each other.
    const verdict = await flagsWith(lookups, {
      sha256: s.sha256, phash: s.phash, fingerprint: s.fingerprint, takenAt: s.takenAt, lat: s.lat, lon: s.lon, receivedAt: change.at,
      itemId: r.item.id, assignedAt: r.item.assignedAt,
    }, r.flags);
    photos.push({ s, ...verdict });
  }
  const { after, next } = itemAfterReport(r.item, r.percent, change.at);
  const receipt = r.receipt?.(after) ?? null;
  const key = auditKeyOf(session);
  const reportId = hot.native ? sqliteWrite(hot.native, key, r, photos, next, receipt, change) : await postgresWrite(session, hot, key, r, photos, next, receipt, change);
  return { reportId, item: after };
}

type Receipt = ReturnType<NonNullable<NewReport["receipt"]>>;

const audit = (r: Write, photos: number, reportId: number) =>
  JSON.stringify(reportCreatedDetail(r.item, { reportId, percent: r.percent, photos }));

/** The audit row's fields but its detail: what its mark reads before the detail. */
const auditFields = (r: Write, change: Change) =>
  ({ at: change.at, actorId: change.actorId ?? null, actor: change.actor, action: "report.created", itemId: r.item.id, caseId: null, source: change.source ?? null });

function sqliteWrite(db: NonNullable<HotPath["native"]>, key: AuditKey, r: Write, photos: Photo[], next: string | null, receipt: Receipt | null, change: Change): number {
  const at = change.at;
  const [{ id }] = nativeAll<{ id: number }>(db,
    `INSERT INTO "Report" ("itemId", "reporterId", "at", "text", "percent", "platform", "chatId", "messageId", "albumKey") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "id"`,
    [r.item.id, r.reporterId, at, r.text, r.percent, r.platform, r.chatId, r.messageId, r.albumKey]) as [{ id: number }];
  for (const { s, flags, match, placeMeters } of photos) {
    nativeRun(db, `INSERT INTO "Photo" (${PHOTO_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [id, r.item.id, s.sha256, s.phash, s.size, s.mime, s.width, s.height, s.takenAt, s.lat, s.lon, flags.join(","), s.fingerprint, match?.photoId ?? null, match?.kind ?? null, placeMeters, at]);
  }
  nativeRun(db, `UPDATE "Item" SET "lastReportAt" = $1, "updatedAt" = $1, "progress" = coalesce($2, "progress"), "status" = coalesce($3, "status") WHERE "id" = $4`,
    [at, r.percent, next, r.item.id]);
  const detail = audit(r, photos.length, id);
  nativeRun(db, `INSERT INTO "AuditEvent" ("at", "actorId", "actor", "action", "itemId", "caseId", "source", "detail", "mark") VALUES ($1, $2, $3, 'report.created', $4, NULL, $5, $6, $7)`,
    [at, change.actorId ?? null, change.actor, r.item.id, change.source ?? null, detail, markOf(key, { ...auditFields(r, change), detail })]);
  if (receipt) {
    nativeRun(db, `INSERT INTO "Outbox" ("key", "platform", "chatId", "direct", "threadId", "payload", "notBefore", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [receiptKey(id), receipt.to.platform, receipt.to.chatId, receipt.to.direct, receipt.to.threadId ?? null, JSON.stringify(receipt.message), receipt.notBefore ?? at, at]);
  }
  return id;
}

/**
 * One statement: the ids the rows share (the report's) come from the report's INSERT …
 * RETURNING, and the audit detail and receipt key are completed from it in SQL.
 */
async function postgresWrite(session: Session, hot: HotPath, key: AuditKey, r: Write, photos: Photo[], next: string | null, receipt: Receipt | null, change: Change): Promise<number> {
  const values: unknown[] = [];
  const $ = (v: unknown, cast = "") => `$${values.push(v)}${cast}`;
  const at = pgTime(change.at);
  const parts: string[] = [];
  if (hot.processed) {
    parts.push(`pe AS (INSERT INTO "ProcessedEvent" ("id", "at") VALUES (${$(hot.processed.id)}, ${$(pgTime(hot.processed.at), "::timestamp(3)")}))`);
  }
  parts.push(`r AS (INSERT INTO "Report" ("itemId", "reporterId", "at", "text", "percent", "platform", "chatId", "messageId", "albumKey")
    VALUES (${$(r.item.id, "::int")}, ${$(r.reporterId, "::int")}, ${$(at, "::timestamp(3)")}, ${$(r.text)}, ${$(r.percent, "::int")}, ${$(r.platform)}, ${$(r.chatId)}, ${$(r.messageId)}, ${$(r.albumKey)}) RETURNING "id")`);
  if (photos.length) {
    const rows = photos.map(({ s, flags, match, placeMeters }) =>
      `(${$(s.sha256)}, ${$(s.phash)}, ${$(s.size, "::int")}, ${$(s.mime)}, ${$(s.width, "::int")}, ${$(s.height, "::int")}, ${$(s.takenAt && pgTime(s.takenAt), "::timestamp(3)")}, ${$(s.lat, "::float8")}, ${$(s.lon, "::float8")}, ${$(flags.join(","))}, ${$(s.fingerprint)}, ${$(match?.photoId ?? null, "::int")}, ${$(match?.kind ?? null)}, ${$(placeMeters, "::int")})`);
    parts.push(`ph AS (INSERT INTO "Photo" (${PHOTO_COLUMNS}) SELECT r."id", ${$(r.item.id, "::int")}, v.* , ${$(at, "::timestamp(3)")} FROM r,
      (VALUES ${rows.join(", ")}) AS v("sha256", "phash", "size", "mime", "width", "height", "takenAt", "lat", "lon", "flags", "fingerprint", "matchPhotoId", "matchKind", "placeMeters"))`);
  }
  parts.push(`i AS (UPDATE "Item" SET "lastReportAt" = ${$(at, "::timestamp(3)")}, "updatedAt" = ${$(at, "::timestamp(3)")}, "progress" = coalesce(${$(r.percent, "::int")}, "progress"), "status" = coalesce(${$(next)}, "status") WHERE "id" = ${$(r.item.id, "::int")})`);
  // The detail's JSON with the report id left out, completed from r: reportId is its first key.
  const template = audit(r, photos.length, 0);
  const rest = template.slice('{"reportId":0'.length);
  const detail = `'{"reportId":' || r."id" || ${$(rest)}`;
  // Its mark as markOf makes it, in SQL, because the detail is completed there (see hmacPads).
  const nonce = newNonce();
  const pads = hmacPads(key);
  const mac = `sha256(decode(${$(pads.outer)}, 'hex') || sha256(decode(${$(pads.inner)}, 'hex') || convert_to(${$(markHead(nonce, auditFields(r, change)))} || ${detail}, 'UTF8')))`;
  parts.push(`a AS (INSERT INTO "AuditEvent" ("at", "actorId", "actor", "action", "itemId", "source", "detail", "mark")
    SELECT ${$(at, "::timestamp(3)")}, ${$(change.actorId ?? null, "::int")}, ${$(change.actor)}, 'report.created', ${$(r.item.id, "::int")}, ${$(change.source ?? null)}, ${detail}, ${$(nonce + ".")} || encode(${mac}, 'hex') FROM r)`);
  if (receipt) {
    parts.push(`o AS (INSERT INTO "Outbox" ("key", "platform", "chatId", "direct", "threadId", "payload", "notBefore", "createdAt")
      SELECT 'receipt:' || r."id", ${$(receipt.to.platform)}, ${$(receipt.to.chatId)}, ${$(receipt.to.direct, "::boolean")}, ${$(receipt.to.threadId ?? null)}, ${$(JSON.stringify(receipt.message))}, ${$(pgTime(receipt.notBefore ?? change.at), "::timestamp(3)")}, ${$(at, "::timestamp(3)")} FROM r)`);
  }
  const [row] = await hotQuery<{ id: number }>(session, hot, `WITH ${parts.join(",\n")} SELECT "id" FROM r`, values);
  hot.processed = null;
  return row!.id;
}
