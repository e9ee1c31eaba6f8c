/**
 * A chat that moved to a new id, followed: the ledger moves its binding and unsent
 * messages, and the chat hears about it once at its new id. The pipeline calls this for
 * the platform's service messages, the dispatcher for a send refused at the old id.
 */
import { boundChatRef, type ChatMove } from "../core/chat";
import type { Lang, Platform } from "../core/types";
import { langOf, messagesFor } from "../i18n/index";
import { moveChat, type ChatMoveCause, type MoveChatResult } from "../ledger/chats";
import type { Tx } from "../ledger/db";
import { enqueue } from "./outbox";

export async function followMovedChat(
  tx: Tx,
  p: { platform: Platform; move: ChatMove; now: Date; cause: ChatMoveCause; source?: string; fallbackLang: Lang },
): Promise<MoveChatResult> {
  const { platform, move, now } = p;
  const result = await moveChat(tx, platform, move, { now, cause: p.cause, ...(p.source ? { source: p.source } : {}) });
  if (result.state !== "moved") return result;
  const to = boundChatRef({ platform, chatId: move.toChatId, threadId: result.chat.threadId });
  const text = messagesFor(langOf(result.chat.lang, p.fallbackLang)).telegram.chatMoved;
  // Keyed by the move: the service messages and a refused send all name the same one.
  await enqueue(tx, { key: `chat-moved:${platform}:${move.fromChatId}:${move.toChatId}`, to, message: { blocks: [{ type: "text", text }] } }, now);
  return result;
}
