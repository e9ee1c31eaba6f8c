/**
 * A group upgraded to a supergroup gets a new chat id. Telegram says so twice, with a
 * service message in each chat (shapes as in teloxide's regression test for issue 427,
 * crates/teloxide-core/src/types/message.rs, and the Bot API's Message object):
 *
 *   old group:  { chat: { id: -599075523, type: "group" }, from: <who upgraded>, migrate_to_chat_id: -1001555296434 }
 *   supergroup: { chat: { id: -1001555296434, type: "supergroup" }, from: GroupAnonymousBot,
 *                 sender_chat: <the supergroup>, message_id: 1, migrate_from_chat_id: -599075523 }
 *
 * Both become the same move; the pipeline makes it once.
 */
import { z } from "zod";
import type { InboundEvent } from "../../src/core/chat";

const serviceMessage = z.object({
  message_id: z.number(),
  date: z.number(),
  chat: z.object({ id: z.number(), title: z.string().optional() }),
  from: z.object({ id: z.number() }).optional(),
  migrate_to_chat_id: z.number().optional(),
  migrate_from_chat_id: z.number().optional(),
});

/** The move a message announces, as an event; undefined for every other message. */
export function chatMovedEvent(raw: unknown, eventId: string): InboundEvent | undefined {
  const parsed = serviceMessage.safeParse(raw);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const here = m.chat.id;
  const move =
    m.migrate_to_chat_id !== undefined
      ? { fromChatId: String(here), toChatId: String(m.migrate_to_chat_id) }
      : m.migrate_from_chat_id !== undefined
        ? { fromChatId: String(m.migrate_from_chat_id), toChatId: String(here) }
        : undefined;
  if (!move) return undefined;
  return {
    eventId,
    chat: { platform: "telegram", chatId: String(here), direct: false, ...(m.chat.title ? { title: m.chat.title } : {}) },
    // Telegram itself made the move; in the supergroup even `from` is only a stand-in.
    sender: { userId: String(m.from?.id ?? here) },
    text: "",
    media: [],
    messageId: String(m.message_id),
    chatMoved: move,
    at: new Date(m.date * 1000),
  };
}
