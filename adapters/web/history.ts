/**
 * The web chat's conversation as the adapter sees it: the ledger's WebMessage rows, each
 * payload checked against the page's message shape (a row that fails is not shown).
 */
import type { Ledger } from "../../src/ledger/db";
import {
  appendWebIn,
  appendWebOut,
  findWebMessage,
  recentWebMessages,
  webMessagesAfter,
  type WebDirection,
  type WebMessageRecord,
} from "../../src/ledger/web-history";
import { storedPayload, type StoredPayload } from "./format";

export interface WebRow {
  id: number;
  chatId: string;
  direction: WebDirection;
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

function toRow(r: WebMessageRecord): WebRow | null {
  const parsed = storedPayload.safeParse(r.payload);
  return parsed.success ? { ...r, payload: parsed.data } : null;
}

const rows = (list: WebMessageRecord[]) => list.map(toRow).filter((r): r is WebRow => r !== null);

export function createHistory(ledger: Ledger): WebHistory {
  const session = ledger.session;
  return {
    async appendOut(chatId, payload, at) {
      const r = await appendWebOut(session, { chatId, payload, at });
      return { ...r, payload };
    },
    async appendIn(chatId, clientKey, payload, at) {
      const { row, fresh } = await appendWebIn(session, { chatId, clientKey, payload, at });
      return { row: fresh ? { ...row, payload } : toRow(row)!, fresh };
    },
    after: async (chatIds, afterId, limit) => rows(await webMessagesAfter(session, chatIds, afterId, limit)),
    recent: async (chatId, limit) => rows(await recentWebMessages(session, chatId, limit)),
    async find(chatId, id) {
      const r = await findWebMessage(session, chatId, id);
      return r ? toRow(r) : null;
    },
  };
}
