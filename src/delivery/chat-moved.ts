/**
 * A chat that moved to a new id, followed: the ledger moves its binding and unsent
 * messages, and the chat hears about it once at its new id. The pipeline calls this for
 * the platform's service messages, the dispatcher for a send refused at the old id.
 */
import { boundChatRef, type ChatMove } from "../core/chat";
import type { Lang, Platform } from "../core/types";
import { langOf, messagesFor } from "../i18n/index";
import type { ChatMoveCause, MoveChatResult } from "../ledger/chats";
import { moveChat } from "../ledger/chats";
import type { Ledger } from "../ledger/db";
import { markRetry } from "../ledger/outbox-claims";
import { queueMessage } from "../ledger/outbox";
import type { Session } from "../ledger/session";

export async function followMovedChat(
  session: Session,
  p: { platform: Platform; move: ChatMove; now: Date; cause: ChatMoveCause; source?: string; fallbackLang: Lang },
): Promise<MoveChatResult> {
  const { platform, move, now } = p;
  const result = await moveChat(session, platform, move, { now, cause: p.cause, ...(p.source ? { source: p.source } : {}) });
  if (result.state !== "moved") return result;
  const to = boundChatRef({ platform, chatId: move.toChatId, threadId: result.chat.threadId });
  const text = messagesFor(langOf(result.chat.lang, p.fallbackLang)).telegram.chatMoved;
  // Keyed by the move: the service messages and a refused send all name the same one.
  await queueMessage(session, { key: `chat-moved:${platform}:${move.fromChatId}:${move.toChatId}`, to, message: { blocks: [{ type: "text", text }] } }, now);
  return result;
}

/**
 * A send refused because the chat lives at another id now: move the chat there (this row
 * and the chat's other unsent rows with it) and make the row due again at once. Nothing
 * goes to the dead id again.
 */
export async function reaim(
  ledger: Ledger,
  row: { id: number; platform: Platform; chatId: string },
  movedTo: string,
  p: { now: Date; reason: string; fallbackLang: Lang },
): Promise<void> {
  const move = { fromChatId: row.chatId, toChatId: movedTo };
  const { platform } = row;
  await ledger.tx((session) => followMovedChat(session, { platform, move, now: p.now, cause: "send_refused", fallbackLang: p.fallbackLang }));
  await markRetry(ledger.session, row.id, p.now, p.reason);
}
