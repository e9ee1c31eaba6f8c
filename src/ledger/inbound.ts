/**
 * The inbound pipeline's one joined read: whether the event was processed before, who
 * sent it, what the chat is bound for, and the item its text names — one statement,
 * where separate lookups were five Prisma calls.
 */
import { CHAT_PURPOSES } from "../core/types";
import { oneOf } from "./decode";
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
}

const ITEM_COLUMNS = [
  "id", "code", "title", "source", "category", "status", "progress", "leadUnitId", "leaderName", "personName", "personId",
  "longTerm", "reportPeriodDays", "originalDeadline", "deadline", "assignedAt", "lastReportAt", "returnCount",
  "lastReturnReason", "appliedById", "appliedAt", "signedOffAt", "lookbackDue", "lookbackResult",
] as const;
const ITEM_DATES = new Set(["assignedAt", "lastReportAt", "appliedAt", "signedOffAt"]);

function readSql(kind: "sqlite" | "postgres"): string {
  const cooperating = kind === "sqlite"
    ? `(SELECT group_concat(u, ',') FROM (SELECT ic."unitId" AS u FROM "ItemCooperation" ic WHERE ic."itemId" = i."id" ORDER BY ic."unitId"))`
    : `(SELECT string_agg(ic."unitId"::text, ',' ORDER BY ic."unitId") FROM "ItemCooperation" ic WHERE ic."itemId" = i."id")`;
  return `SELECT
    EXISTS (SELECT 1 FROM "ProcessedEvent" WHERE "id" = $1) AS "processed",
    p."id" AS "p_id", p."name" AS "p_name", p."unitId" AS "p_unitId", p."roles" AS "p_roles", p."lang" AS "p_lang",
    c."id" AS "c_id", c."purpose" AS "c_purpose", c."unitId" AS "c_unitId", c."lang" AS "c_lang",
    ${ITEM_COLUMNS.map((col) => `i."${col}" AS "i_${col}"`).join(", ")},
    u."name" AS "i_leadUnitName", ${cooperating} AS "i_cooperating"
  FROM (SELECT 1 AS "one") AS "one"
  LEFT JOIN "ChatIdentity" ci ON ci."platform" = $2 AND ci."userId" = $3
  LEFT JOIN "Person" p ON p."id" = ci."personId"
  LEFT JOIN "Chat" c ON c."platform" = $2 AND c."chatId" = $4
  LEFT JOIN "Item" i ON i."code" = $5
  LEFT JOIN "Unit" u ON u."id" = i."leadUnitId"`;
}

const SQL = { sqlite: readSql("sqlite"), postgres: readSql("postgres") };

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
  const [row] = await hotQuery<Row>(session, hot, SQL[hot.kind], [key.eventKey, key.platform, key.userId, key.chatId, key.itemCode]);
  if (!row) throw new Error("the inbound read returned no row");
  if (key.itemCode !== null) hot.primed.set(`item:${key.itemCode}`, row.i_id === null ? null : itemOf(row));
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
