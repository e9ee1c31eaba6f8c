/**
 * The inbound pipeline's one joined read: whether the event was processed before, who
 * sent it, what the chat is bound for, the item its text names, and for the photos it
 * brings what their "reused" flag needs (a stored copy of the same bytes, the item's
 * perceptual hashes) — one statement, where separate lookups were five Prisma calls and
 * two more per photo.
 */
import { CHAT_PURPOSES } from "../core/types";
import { oneOf } from "./decode";
import { openAsksKey, type OpenAsks } from "./chases";
import { PHASH_CANDIDATES } from "./evidence-flags";
import { dateOf, hotQuery } from "./hot-sql";
import { findChatBinding, wasProcessed, type ChatBinding } from "./inbox";
import { toItemRow, type ItemRow } from "./items";
import { findPersonByIdentity, toPersonRecord, type PersonRecord } from "./people";
import { hotOf, type Session } from "./session";

export interface InboundFacts {
  processed: boolean;
  person: PersonRecord | null;
  chat: ChatBinding | null;
}

export interface InboundKey {
  eventKey: string;
  platform: string;
  userId: string;
  chatId: string;
  /** The item code the text names, if any: its item is read now and handed to findItemByCode. */
  itemCode: string | null;
  /** The photos the event brings, stored already: what flags them is read now and handed to the report's write. */
  photos: { sha256: string; phash: string | null }[];
}

/** What the joined read learned for the photos' flags: handed once to the report's write (see writeReport). */
export interface PrimedPhotos {
  /** The sha256s read, each with whether a stored photo has those bytes. */
  copies: Map<string, boolean>;
  /** The named item's newest perceptual hashes (PHASH_CANDIDATES of them), if any photo has one. */
  hashes: { itemId: number; phashes: string[] } | null;
}

export const PRIMED_PHOTOS = "photos";

const ITEM_COLUMNS = [
  "id", "code", "title", "source", "category", "status", "progress", "leadUnitId", "leaderName", "personName", "personId",
  "longTerm", "reportPeriodDays", "originalDeadline", "deadline", "assignedAt", "lastReportAt", "returnCount",
  "lastReturnReason", "appliedById", "appliedAt", "signedOffAt", "lookbackDue", "lookbackResult",
] as const;
const ITEM_DATES = new Set(["assignedAt", "lastReportAt", "appliedAt", "signedOffAt"]);

/** The read for `photos` photos, `hashes` whether any has a perceptual hash; parameters after the first five are the sha256s. */
function readSql(kind: "sqlite" | "postgres", photos: number, hashes: boolean): string {
  const cooperating = kind === "sqlite"
    ? `(SELECT group_concat(u, ',') FROM (SELECT ic."unitId" AS u FROM "ItemCooperation" ic WHERE ic."itemId" = i."id" ORDER BY ic."unitId"))`
    : `(SELECT string_agg(ic."unitId"::text, ',' ORDER BY ic."unitId") FROM "ItemCooperation" ic WHERE ic."itemId" = i."id")`;
  const copies = Array.from({ length: photos }, (_, j) =>
    `,\n    EXISTS (SELECT 1 FROM "Photo" WHERE "sha256" = $${6 + j}) AS "copy_${j}"`).join("");
  const newest = `SELECT h."phash" FROM "Photo" h WHERE h."itemId" = i."id" AND h."phash" IS NOT NULL ORDER BY h."receivedAt" DESC LIMIT ${PHASH_CANDIDATES}`;
  const itemHashes = !hashes ? "" : kind === "sqlite"
    ? `,\n    (SELECT group_concat("phash", ',') FROM (${newest})) AS "i_hashes"`
    : `,\n    (SELECT string_agg(n."phash", ',') FROM (${newest}) n) AS "i_hashes"`;
  // What the item's open chases and instructions are: most items have none, and then the
  // report's answering them reads nothing more (see answerWithReport).
  const asks = `(SELECT COUNT(*) FROM "Chase" WHERE "itemId" = i."id" AND "answeredAt" IS NULL) AS "i_openChases",
    (SELECT COUNT(*) FROM "Instruction" WHERE "itemId" = i."id" AND "followedUpAt" IS NULL) AS "i_openInstructions"`;
  return `SELECT
    EXISTS (SELECT 1 FROM "ProcessedEvent" WHERE "id" = $1) AS "processed",
    p."id" AS "p_id", p."name" AS "p_name", p."unitId" AS "p_unitId", p."roles" AS "p_roles", p."lang" AS "p_lang",
    c."id" AS "c_id", c."purpose" AS "c_purpose", c."unitId" AS "c_unitId", c."lang" AS "c_lang",
    ${ITEM_COLUMNS.map((col) => `i."${col}" AS "i_${col}"`).join(", ")},
    u."name" AS "i_leadUnitName", ${cooperating} AS "i_cooperating", ${asks}${copies}${itemHashes}
  FROM (SELECT 1 AS "one") AS "one"
  LEFT JOIN "ChatIdentity" ci ON ci."platform" = $2 AND ci."userId" = $3
  LEFT JOIN "Person" p ON p."id" = ci."personId"
  LEFT JOIN "Chat" c ON c."platform" = $2 AND c."chatId" = $4
  LEFT JOIN "Item" i ON i."code" = $5
  LEFT JOIN "Unit" u ON u."id" = i."leadUnitId"`;
}

const statements = new Map<string, string>();
const sqlOf = (kind: "sqlite" | "postgres", photos: number, hashes: boolean) => {
  const key = `${kind}:${photos}:${hashes}`;
  let sql = statements.get(key);
  if (!sql) statements.set(key, (sql = readSql(kind, photos, hashes)));
  return sql;
};

type Row = Record<string, unknown>;

/** Inside the event's transaction; outside one (no hot path) it falls back to the separate lookups. */
export async function readInbound(session: Session, key: InboundKey): Promise<InboundFacts> {
  const hot = hotOf(session);
  if (!hot) {
    const [processed, person, chat] = await Promise.all([
      wasProcessed(session, key.eventKey),
      findPersonByIdentity(session, key.platform, key.userId),
      findChatBinding(session, key.platform, key.chatId),
    ]);
    return { processed, person, chat };
  }
  const hashes = key.itemCode !== null && key.photos.some((p) => p.phash !== null);
  const [row] = await hotQuery<Row>(session, hot, sqlOf(hot.kind, key.photos.length, hashes),
    [key.eventKey, key.platform, key.userId, key.chatId, key.itemCode, ...key.photos.map((p) => p.sha256)]);
  if (!row) throw new Error("the inbound read returned no row");
  if (key.itemCode !== null) hot.primed.set(`item:${key.itemCode}`, row.i_id === null ? null : itemOf(row));
  if (row.i_id !== null) {
    hot.primed.set(openAsksKey(row.i_id as number), { chases: Number(row.i_openChases), instructions: Number(row.i_openInstructions) } satisfies OpenAsks);
  }
  if (key.photos.length) hot.primed.set(PRIMED_PHOTOS, photosOf(key, row, hashes));
  return {
    processed: Boolean(row.processed),
    person: row.p_id === null ? null : toPersonRecord({
      id: row.p_id as number, name: row.p_name as string, unitId: row.p_unitId as number | null, roles: row.p_roles as string, lang: row.p_lang as string | null,
    }),
    chat: row.c_id === null ? null : {
      id: row.c_id as number,
      platform: key.platform,
      chatId: key.chatId,
      purpose: oneOf(CHAT_PURPOSES, row.c_purpose as string, "a chat's purpose"),
      unitId: row.c_unitId as number | null,
      lang: row.c_lang as string | null,
    },
  };
}

function photosOf(key: InboundKey, row: Row, hashes: boolean): PrimedPhotos {
  const copies = new Map(key.photos.map((p, j) => [p.sha256, Boolean(row[`copy_${j}`])]));
  const list = (row.i_hashes as string | null) ?? "";
  return {
    copies,
    hashes: hashes && row.i_id !== null ? { itemId: row.i_id as number, phashes: list ? list.split(",") : [] } : null,
  };
}

function itemOf(row: Row): ItemRow {
  const raw: Row = {};
  for (const col of ITEM_COLUMNS) {
    const v = row[`i_${col}`];
    raw[col] = ITEM_DATES.has(col) ? dateOf(v) : col === "longTerm" ? Boolean(v) : v;
  }
  const cooperating = (row.i_cooperating as string | null) ?? "";
  raw.leadUnit = { name: row.i_leadUnitName };
  raw.cooperating = cooperating ? cooperating.split(",").map((u) => ({ unitId: Number(u) })) : [];
  return toItemRow(raw as unknown as Parameters<typeof toItemRow>[0]);
}
