/**
 * Chats whose platform id changes under them. Telegram gives a group a new id when it is
 * upgraded to a supergroup, and the old id is dead from then on: the binding (purpose,
 * unit, language, digest and reminder settings, topic) and every message not yet sent
 * must follow, or the digest goes on failing at a chat nobody reads.
 *
 * The move is announced up to three times (the old group's service message, the new
 * supergroup's, a send refused at the old id); whichever comes first moves the chat and
 * the others find nothing left at the old id.
 */
import type { ChatMove } from "../core/chat";
import type { Platform } from "../core/types";
import { writeAudit } from "./audit";
import type { Tx } from "./db";

/** What told us: the platform's service message, or a send the platform refused with the new id. */
export type ChatMoveCause = "service_message" | "send_refused";

export type MoveChatResult =
  /** The binding now lives at the new id. */
  | { state: "moved"; chat: { lang: string | null; threadId: string | null }; messages: number }
  /** The new id had been bound on its own meanwhile: that binding stays, the old one is dropped. */
  | { state: "superseded"; messages: number }
  /** Nothing was bound at the old id (never bound, or moved already); unsent messages still follow. */
  | { state: "unbound"; messages: number };

const UNSENT = ["pending", "sending"];

/**
 * Moves the chat's binding and unsent outbox rows from the old id to the new one, with an
 * audit event when anything moved. Bot messages stay: the new chat numbers its messages
 * afresh, so an old message id there names a different message.
 */
export async function moveChat(
  tx: Tx,
  platform: Platform,
  move: ChatMove,
  p: { now: Date; cause: ChatMoveCause; source?: string },
): Promise<MoveChatResult> {
  const { fromChatId, toChatId } = move;
  const result = await moveBinding(tx, platform, move);
  const messages = await moveUnsent(tx, platform, move);
  if (result.state === "unbound" && messages === 0) return { state: "unbound", messages };
  await writeAudit(tx, {
    at: p.now,
    actor: "system",
    action: "chat.moved",
    source: p.source ?? null,
    detail: { platform, from: fromChatId, to: toChatId, cause: p.cause, binding: result.state, messages },
  });
  return { ...result, messages };
}

/**
 * The unsent rows follow the chat, without the old chat's message ids they reply to or
 * edit: in the new chat those ids name other messages, so they go as new messages.
 */
async function moveUnsent(tx: Tx, platform: Platform, { fromChatId, toChatId }: ChatMove): Promise<number> {
  const rows = await tx.outbox.findMany({ where: { platform, chatId: fromChatId, status: { in: UNSENT } }, select: { id: true, payload: true } });
  for (const row of rows) {
    await tx.outbox.update({ where: { id: row.id }, data: { chatId: toChatId, payload: withoutMessageRefs(row.payload) }, select: { id: true } });
  }
  return rows.length;
}

function withoutMessageRefs(payload: string): string {
  try {
    const { replyTo: _replyTo, edit: _edit, ...rest } = JSON.parse(payload) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    // The dispatcher marks an unreadable payload failed; moving it changes nothing about that.
    return payload;
  }
}

type BindingMove = { state: "moved"; chat: { lang: string | null; threadId: string | null } } | { state: "superseded" | "unbound" };

async function moveBinding(tx: Tx, platform: Platform, { fromChatId, toChatId }: ChatMove): Promise<BindingMove> {
  const old = await tx.chat.findUnique({
    where: { platform_chatId: { platform, chatId: fromChatId } },
    select: { id: true, lang: true, threadId: true },
  });
  if (!old) return { state: "unbound" };
  const taken = await tx.chat.findUnique({ where: { platform_chatId: { platform, chatId: toChatId } }, select: { id: true } });
  if (taken) {
    await tx.chat.deleteMany({ where: { id: old.id } });
    return { state: "superseded" };
  }
  // Conditional on the old id: a concurrent move that got there first leaves nothing to match.
  const { count } = await tx.chat.updateMany({ where: { id: old.id, chatId: fromChatId }, data: { chatId: toChatId } });
  return count === 1 ? { state: "moved", chat: { lang: old.lang, threadId: old.threadId } } : { state: "unbound" };
}
