/**
 * The web chat's conversation, kept so that a reloaded or reconnecting page is shown what
 * was said. Rows are append-only: an edit is a new row naming the one it replaces, so
 * "everything after id N" is all a page needs to catch up. What a row says (its payload)
 * is the web adapter's own JSON document: the ledger keeps it and hands it back parsed,
 * and the adapter checks its shape.
 */
import { isUniqueViolation } from "./db";
import { clientOf, type Session } from "./session";

export type WebDirection = "in" | "out";

export interface WebMessageRecord {
  id: number;
  chatId: string;
  direction: WebDirection;
  /** The stored document parsed; undefined when the stored text is not JSON (a damaged row). */
  payload: unknown;
  at: Date;
}

type Stored = { id: number; chatId: string; direction: string; payload: string; at: Date };
const SELECT = { id: true, chatId: true, direction: true, payload: true, at: true } as const;

function toRecord(r: Stored): WebMessageRecord {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = undefined;
  }
  return { id: r.id, chatId: r.chatId, direction: r.direction === "in" ? "in" : "out", payload, at: r.at };
}

/** What the bot said in a chat. */
export async function appendWebOut(session: Session, m: { chatId: string; payload: unknown; at: Date }): Promise<WebMessageRecord> {
  const r = await clientOf(session).webMessage.create({
    data: { chatId: m.chatId, direction: "out", payload: JSON.stringify(m.payload), at: m.at },
    select: { id: true },
  });
  return { id: r.id, chatId: m.chatId, direction: "out", payload: m.payload, at: m.at };
}

/**
 * What a person said: idempotent on (chat, clientKey), so a message sent again after a
 * reconnect is the same row (`fresh: false`). Call it outside a transaction: the race it
 * settles ends in a unique violation, which PostgreSQL would not let a transaction survive.
 */
export async function appendWebIn(
  session: Session,
  m: { chatId: string; clientKey: string; payload: unknown; at: Date },
): Promise<{ row: WebMessageRecord; fresh: boolean }> {
  const db = clientOf(session);
  const existing = () => db.webMessage.findUnique({ where: { chatId_clientId: { chatId: m.chatId, clientId: m.clientKey } }, select: SELECT });
  const before = await existing();
  if (before) return { row: toRecord(before), fresh: false };
  try {
    const r = await db.webMessage.create({
      data: { chatId: m.chatId, direction: "in", clientId: m.clientKey, payload: JSON.stringify(m.payload), at: m.at },
      select: { id: true },
    });
    return { row: { id: r.id, chatId: m.chatId, direction: "in", payload: m.payload, at: m.at }, fresh: true };
  } catch (err) {
    // Two sockets of one page racing with the same message: the other one wrote it.
    if (!isUniqueViolation(err)) throw err;
    return { row: toRecord((await existing())!), fresh: false };
  }
}

/** Rows of these chats after `afterId`, oldest first. */
export async function webMessagesAfter(session: Session, chatIds: string[], afterId: number, limit: number): Promise<WebMessageRecord[]> {
  if (chatIds.length === 0) return [];
  const list = await clientOf(session).webMessage.findMany({
    where: { chatId: { in: chatIds }, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
    select: SELECT,
  });
  return list.map(toRecord);
}

/** The last `limit` rows of a chat, oldest first. */
export async function recentWebMessages(session: Session, chatId: string, limit: number): Promise<WebMessageRecord[]> {
  const list = await clientOf(session).webMessage.findMany({ where: { chatId }, orderBy: { id: "desc" }, take: limit, select: SELECT });
  return list.reverse().map(toRecord);
}

export async function findWebMessage(session: Session, chatId: string, id: number): Promise<WebMessageRecord | null> {
  const r = await clientOf(session).webMessage.findFirst({ where: { chatId, id }, select: SELECT });
  return r ? toRecord(r) : null;
}

/** The newest row's id (0 when there is none): where a poll for other processes' rows starts. */
export async function lastWebMessageId(session: Session): Promise<number> {
  const last = await clientOf(session).webMessage.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return last?.id ?? 0;
}
