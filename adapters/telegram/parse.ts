/**
 * Telegram Update → InboundEvent, with no side effects: no dedupe, no album batching, no
 * downloads (the pipeline does those, inside or before its ledger transaction). Updates
 * reach us from getUpdates or a webhook body, so they are read with zod and only the
 * fields used here are required to make sense.
 */
import { z } from "zod";
import type { ChatRef, InboundEvent, MediaRef, Sender } from "../../src/core/chat";
import { chatMovedEvent } from "./migration";

/** Who the bot is, from getMe. */
export interface BotIdentity {
  id: number;
  username: string;
}

export interface ParsedUpdate {
  updateId: number;
  /** Absent for updates the bot has nothing to do with (its own messages, other bots' commands, service messages). */
  event?: InboundEvent;
  /** A button press to acknowledge, whether or not it became an event. */
  callbackQueryId?: string;
}

const user = z.object({
  id: z.number(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const chat = z.object({ id: z.number(), type: z.string(), title: z.string().optional() });
/** A forum topic: message_thread_id alone is also set on reply chains in ordinary supergroups. */
const topicFields = { message_thread_id: z.number().optional(), is_topic_message: z.boolean().optional() };
const entity = z.object({ type: z.string(), offset: z.number(), length: z.number() });
const photoSize = z.object({
  file_id: z.string(),
  width: z.number(),
  height: z.number(),
  file_size: z.number().optional(),
});
const message = z.object({
  message_id: z.number(),
  date: z.number(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  photo: z.array(photoSize).optional(),
  document: z
    .object({
      file_id: z.string(),
      mime_type: z.string().optional(),
      file_name: z.string().optional(),
      file_size: z.number().optional(),
    })
    .optional(),
  media_group_id: z.string().optional(),
  reply_to_message: z.object({ message_id: z.number(), from: user.optional() }).optional(),
  ...topicFields,
  sender_chat: chat.optional(),
});
const callbackQuery = z.object({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.object({ message_id: z.number(), chat, ...topicFields }).optional(),
});
const update = z.object({
  update_id: z.number().int(),
  message: z.unknown().optional(),
  edited_message: z.unknown().optional(),
  callback_query: z.unknown().optional(),
});

type TgUser = z.infer<typeof user>;
type TgChat = z.infer<typeof chat>;
type TgMessage = z.infer<typeof message>;

/** null when the body is not a Telegram update at all. */
export function parseUpdate(raw: unknown, me: BotIdentity, now: Date): ParsedUpdate | null {
  const u = update.safeParse(raw);
  if (!u.success) return null;
  const updateId = u.data.update_id;
  const eventId = `tg:${updateId}`;

  const m = message.safeParse(u.data.message);
  if (m.success) return { updateId, event: chatMovedEvent(u.data.message, eventId) ?? fromMessage(m.data, eventId, me) };

  const edited = message.safeParse(u.data.edited_message);
  if (edited.success) {
    const event = fromMessage(edited.data, eventId, me);
    // The photos of an edited caption were taken with the original message.
    return { updateId, ...(event ? { event: { ...event, media: [], edited: true } } : {}) };
  }

  const q = callbackQuery.safeParse(u.data.callback_query);
  if (q.success) {
    const cq = q.data;
    if (cq.data === undefined || !cq.message) return { updateId, callbackQueryId: cq.id };
    const event: InboundEvent = {
      eventId,
      chat: chatRef(cq.message.chat, cq.message),
      sender: sender(cq.from),
      text: "",
      media: [],
      action: { data: cq.data, messageId: String(cq.message.message_id) },
      // A button press carries no time of its own.
      at: now,
    };
    return { updateId, event, callbackQueryId: cq.id };
  }
  return { updateId };
}

function fromMessage(msg: TgMessage, eventId: string, me: BotIdentity): InboundEvent | undefined {
  if (!msg.from || msg.from.id === me.id) return undefined;
  const body = msg.text ?? msg.caption ?? "";
  const command = commandOf(body, msg.entities ?? msg.caption_entities ?? [], me);
  if (command === "another bot") return undefined;
  const media = mediaOf(msg);
  const text = command ? command.args : body;
  if (!command && text.trim() === "" && media.length === 0) return undefined;

  const replied = realReply(msg);
  return {
    eventId,
    chat: chatRef(msg.chat, msg),
    sender: sender(msg.from, msg.sender_chat),
    text,
    ...(command ? { command } : {}),
    media,
    ...(msg.media_group_id ? { albumKey: msg.media_group_id } : {}),
    messageId: String(msg.message_id),
    ...(replied?.from?.id === me.id ? { replyTo: String(replied.message_id) } : {}),
    at: new Date(msg.date * 1000),
  };
}

/** A leading bot_command entity; `/cmd@OtherBot` in a group is meant for another bot. */
function commandOf(
  body: string,
  entities: z.infer<typeof entity>[],
  me: BotIdentity,
): { name: string; args: string } | "another bot" | undefined {
  const first = entities.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!first) {
    // Telegram marks no entity for a Chinese command ("/查询@OtherBot"): read the address ourselves.
    const addressed = /^[/／][^\s@]+@(\w+)/u.exec(body);
    return addressed && addressed[1]!.toLowerCase() !== me.username.toLowerCase() ? "another bot" : undefined;
  }
  const [name = "", target] = body.slice(1, first.length).split("@");
  if (target !== undefined && target.toLowerCase() !== me.username.toLowerCase()) return "another bot";
  return { name: name.toLowerCase(), args: body.slice(first.length).trim() };
}

/**
 * Telegram sends each photo in several sizes; the largest is the evidence. Any file arrives
 * as a document, whatever it is: a photo sent "as a file" (original bytes, EXIF included),
 * a PDF or Office file as evidence, an .xlsx for /导入. What it is, the bot decides from its
 * bytes; Telegram's mime_type is only what the sender's app guessed from the name.
 */
function mediaOf(msg: TgMessage): MediaRef[] {
  if (msg.photo && msg.photo.length > 0) {
    const largest = msg.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return [{ fileId: largest.file_id, kind: "photo", ...(largest.file_size ? { size: largest.file_size } : {}) }];
  }
  const doc = msg.document;
  if (doc) {
    return [
      {
        fileId: doc.file_id,
        kind: "document",
        ...(doc.mime_type ? { mime: doc.mime_type } : {}),
        ...(doc.file_name ? { fileName: doc.file_name } : {}),
        ...(doc.file_size ? { size: doc.file_size } : {}),
      },
    ];
  }
  return [];
}

type TopicFields = { message_thread_id?: number | undefined; is_topic_message?: boolean | undefined };

function chatRef(c: TgChat, at: TopicFields): ChatRef {
  const ref: ChatRef = { platform: "telegram", chatId: String(c.id), direct: c.type === "private", ...(c.title ? { title: c.title } : {}) };
  if (at.is_topic_message && at.message_thread_id !== undefined) ref.threadId = String(at.message_thread_id);
  return ref;
}

/**
 * In a topic, a message that replies to nothing still carries reply_to_message: the
 * topic's opening service message (forum_topic_created), whose id is the thread id. Only
 * a reply to another message is one; otherwise all chatter in a topic the bot opened
 * would read as answers to the bot.
 */
function realReply(msg: TgMessage): TgMessage["reply_to_message"] {
  const replied = msg.reply_to_message;
  return msg.is_topic_message && replied?.message_id === msg.message_thread_id ? undefined : replied;
}

/**
 * A message sent on behalf of a chat (an anonymous admin posting as the group, a channel)
 * has sender_chat, and `from` is only Telegram's stand-in (GroupAnonymousBot,
 * 1087968824): the person behind it cannot be known.
 */
function sender(u: TgUser, onBehalfOf?: TgChat): Sender {
  if (onBehalfOf) return { userId: String(u.id), ...(onBehalfOf.title ? { displayName: onBehalfOf.title } : {}), anonymous: true };
  const displayName = [u.first_name, u.last_name].filter(Boolean).join(" ") || u.username;
  return { userId: String(u.id), ...(displayName ? { displayName } : {}), ...(u.is_bot ? { isBot: true } : {}) };
}
