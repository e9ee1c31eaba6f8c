/**
 * Feishu events → InboundEvents. The SDK's EventDispatcher hands a handler the event
 * flattened: the v2 envelope's `header` fields (event_id, event_type, create_time)
 * merged with its `event` fields (sender, message; operator, action, context).
 * Shapes: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 * and https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 * (and RequestHandle.parse in node_modules/@larksuiteoapi/node-sdk/lib/index.js).
 */
import { z } from "zod";
import type { InboundEvent, MediaRef } from "../../src/core/chat";
import { splitCommand } from "../../src/core/commands";
import { ACTION_KEY } from "./format";

const userId = z.object({ open_id: z.string().min(1) });

const mention = z.object({ key: z.string(), id: userId.partial(), name: z.string().default("") });

export const messageEvent = z.object({
  event_id: z.string().min(1),
  sender: z.object({ sender_id: userId.partial().optional(), sender_type: z.string() }),
  message: z.object({
    message_id: z.string().min(1),
    parent_id: z.string().optional(),
    root_id: z.string().optional(),
    thread_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    create_time: z.coerce.number().optional(),
    mentions: z.array(mention).optional(),
  }),
});

export const cardAction = z.object({
  event_id: z.string().min(1),
  create_time: z.coerce.number().optional(),
  operator: userId,
  action: z.object({ value: z.record(z.string(), z.unknown()).optional() }),
  context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().min(1) }),
});

const textContent = z.object({ text: z.string() });
const imageContent = z.object({ image_key: z.string().min(1) });
const fileContent = z.object({ file_key: z.string().min(1), file_name: z.string().optional() });
const postElement = z.object({ tag: z.string(), text: z.string().optional(), image_key: z.string().optional(), user_id: z.string().optional(), user_name: z.string().optional(), href: z.string().optional() });
// An event's post has no language level (a sent one does): { title, content: [[element]] }.
const postContent = z.object({ title: z.string().default(""), content: z.array(z.array(postElement)) });

/** A downloadable resource: the message-resource API wants the message id and the key. */
export function mediaId(messageId: string, key: string): string {
  return `${messageId}/${key}`;
}

export function mediaKeyOf(fileId: string): { messageId: string; key: string } | null {
  const [messageId, key, extra] = fileId.split("/");
  return messageId && key && extra === undefined ? { messageId, key } : null;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `@_user_1 完成了` with mentions[] → the text a person meant: the bot's own mention
 * removed (it only says "this is for you"), everyone else's shown by name.
 */
function resolveMentions(text: string, mentions: z.infer<typeof mention>[], botOpenId: string | undefined): string {
  let out = text;
  for (const m of mentions) {
    const isBot = botOpenId !== undefined && m.id.open_id === botOpenId;
    out = out.split(m.key).join(isBot ? "" : `@${m.name}`);
  }
  return out.replace(/[ \t]{2,}/g, " ").trim();
}

function contentOf(msg: z.infer<typeof messageEvent>["message"], botOpenId: string | undefined): { text: string; media: MediaRef[] } | null {
  const body = json(msg.content);
  const mentions = msg.mentions ?? [];
  switch (msg.message_type) {
    case "text": {
      const c = textContent.safeParse(body);
      return c.success ? { text: resolveMentions(c.data.text, mentions, botOpenId), media: [] } : null;
    }
    case "image": {
      const c = imageContent.safeParse(body);
      return c.success ? { text: "", media: [{ fileId: mediaId(msg.message_id, c.data.image_key), kind: "photo" }] } : null;
    }
    case "file": {
      const c = fileContent.safeParse(body);
      if (!c.success) return null;
      const ref: MediaRef = { fileId: mediaId(msg.message_id, c.data.file_key), kind: "document" };
      if (c.data.file_name) ref.fileName = c.data.file_name;
      return { text: "", media: [ref] };
    }
    case "post": {
      const c = postContent.safeParse(body);
      if (!c.success) return null;
      const media: MediaRef[] = [];
      const lines = c.data.content.map((line) =>
        line
          .map((el) => {
            if (el.tag === "img" && el.image_key) media.push({ fileId: mediaId(msg.message_id, el.image_key), kind: "photo" });
            if (el.tag === "at") return el.user_id ?? "";
            return el.text ?? "";
          })
          .join(""),
      );
      const text = [c.data.title, ...lines].filter((l) => l.trim() !== "").join("\n");
      return { text: resolveMentions(text, mentions, botOpenId), media };
    }
    default:
      return null;
  }
}

/** A message event → an event for the bot, or null when it is nothing a person said to it. */
export function parseMessageEvent(data: unknown, opts: { botOpenId?: string; now: Date }): InboundEvent | null {
  const parsed = messageEvent.safeParse(data);
  if (!parsed.success) return null;
  const { event_id, sender, message } = parsed.data;
  // Messages of apps (the bot's own, other bots') are not reports.
  if (sender.sender_type !== "user" || !sender.sender_id?.open_id) return null;
  const content = contentOf(message, opts.botOpenId);
  if (!content) return null;
  const command = splitCommand(content.text);
  const event: InboundEvent = {
    eventId: event_id,
    chat: { platform: "feishu", chatId: message.chat_id, direct: message.chat_type === "p2p" },
    sender: { userId: sender.sender_id.open_id },
    text: command ? command.args : content.text,
    media: content.media,
    messageId: message.message_id,
    at: message.create_time ? new Date(message.create_time) : opts.now,
  };
  if (command) event.command = command;
  // A message in a topic (thread): the topic is known by its root message, which is
  // what the reply API needs to post into it again (reply_in_thread).
  if (message.thread_id) event.chat.threadId = message.root_id ?? message.message_id;
  if (message.parent_id) event.replyTo = message.parent_id;
  return event;
}

/** A card button press → an event for the bot, or null when it is not one of duban's buttons. */
export function parseCardAction(data: unknown, now: Date): InboundEvent | null {
  const parsed = cardAction.safeParse(data);
  if (!parsed.success) return null;
  const { event_id, operator, action, context } = parsed.data;
  const value = action.value?.[ACTION_KEY];
  if (typeof value !== "string") return null;
  return {
    eventId: event_id,
    // The callback does not say whether the card is in a group or a one-to-one chat.
    chat: { platform: "feishu", chatId: context.open_chat_id, direct: false },
    sender: { userId: operator.open_id },
    text: "",
    media: [],
    action: { data: value, messageId: context.open_message_id },
    at: now,
  };
}
