/**
 * The web chat's conversation, kept in WebMessage rows so that a reloaded or reconnecting
 * page is shown what was said. Rows are append-only: an edit is a new row naming the one it
 * replaces, so "everything after id N" is all a page needs to catch up.
 */
import { isUniqueViolation, type Ledger } from "../../src/ledger/db";
import { storedPayload, type StoredPayload } from "./format";

export interface WebRow {
  id: number;
  chatId: string;
  direction: "in" | "out";
  payload: StoredPayload;
  at: Date;
}

export interface WebHistory {
  appendOut(chatId: string, payload: StoredPayload, at: Date): Promise<WebRow>;
  /** Idempotent on (chat, clientKey): a message sent again after a reconnect is the same row. */
  appendIn(chatId: string, clientKey: string, payload: StoredPayload, at: Date): Promise<{ row: WebRow; fresh: boolean }>;
  /** Rows of these chats after `afterId`, oldest first. */
  after(chatIds: string[], afterId: number, limit: number): Promise<WebRow[]>;
  /** The last `limit` rows of a chat, oldest first. */
  recent(chatId: string, limit: number): Promise<WebRow[]>;
  find(chatId: string, id: number): Promise<WebRow | null>;
}

type Stored = { id: number; chatId: string; direction: string; payload: string; at: Date };

function toRow(r: Stored): WebRow | null {
  let json: unknown;
  try {
    json = JSON.parse(r.payload);
  } catch {
    return null;
  }
  const parsed = storedPayload.safeParse(json);
  if (!parsed.success) return null;
  return { id: r.id, chatId: r.chatId, direction: r.direction === "in" ? "in" : "out", payload: parsed.data, at: r.at };
}

const rows = (list: Stored[]) => list.map(toRow).filter((r): r is WebRow => r !== null);

export function createHistory(ledger: Ledger): WebHistory {
  const db = ledger.db;
  return {
    async appendOut(chatId, payload, at) {
      const r = await db.webMessage.create({ data: { chatId, direction: "out", payload: JSON.stringify(payload), at } });
      return { id: r.id, chatId, direction: "out", payload, at };
    },
    async appendIn(chatId, clientKey, payload, at) {
      const existing = () => db.webMessage.findUnique({ where: { chatId_clientId: { chatId, clientId: clientKey } } });
      const before = await existing();
      if (before) return { row: toRow(before)!, fresh: false };
      try {
        const r = await db.webMessage.create({ data: { chatId, direction: "in", clientId: clientKey, payload: JSON.stringify(payload), at } });
        return { row: { id: r.id, chatId, direction: "in", payload, at }, fresh: true };
      } catch (err) {
        // Two sockets of one page racing with the same message: the other one wrote it.
        if (!isUniqueViolation(err)) throw err;
        return { row: toRow((await existing())!)!, fresh: false };
      }
    },
    async after(chatIds, afterId, limit) {
      if (chatIds.length === 0) return [];
      return rows(await db.webMessage.findMany({ where: { chatId: { in: chatIds }, id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit }));
    },
    async recent(chatId, limit) {
      const list = await db.webMessage.findMany({ where: { chatId }, orderBy: { id: "desc" }, take: limit });
      return rows(list.reverse());
    },
    async find(chatId, id) {
      const r = await db.webMessage.findFirst({ where: { chatId, id } });
      return r ? toRow(r) : null;
    },
  };
}
