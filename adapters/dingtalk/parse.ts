/**
 * DingTalk robot callbacks → InboundEvents. Pure: no I/O, no clock.
 *
 * Payload shapes from DingTalk's "receive messages" docs
 * (open.dingtalk.com/document/orgapp/receive-message), the SDK's own RobotTextMessage type
 * (node_modules/dingtalk-stream/dist/constants.d.ts), and for quotes (`text.isReplyMsg`,
 * `text.repliedMsg`), which DingTalk does not document, other projects' fixtures, e.g.
 * github.com/wecode-ai/wegent and github.com/soimy/openclaw-channel-dingtalk (test fixtures
 * of robot callbacks with `repliedMsg: { msgId, msgType, senderId, content: { text } }`).
 *
 * The robot message's `msgId` is the event id: a stream frame DingTalk delivers again
 * (not acknowledged in time) and an HTTP callback posted again both carry the same one.
 */
import { z } from "zod";
import type { InboundEvent, MediaRef } from "../../src/core/chat";
import { splitCommand } from "../../src/core/commands";
import { findItemCode } from "../../src/core/parse/item-code";

/** `conversationType`: "1" one-to-one with the robot, "2" a group. */
const DIRECT = "1";

const repliedMsg = z.looseObject({
  msgId: z.string().optional(),
  msgType: z.string().optional(),
  senderId: z.string().optional(),
  content: z.unknown().optional(),
});

const robotMessage = z.looseObject({
  msgId: z.string().min(1),
  msgtype: z.string(),
  conversationId: z.string().min(1),
  conversationType: z.string(),
  conversationTitle: z.string().optional(),
  chatbotUserId: z.string().optional(),
  senderId: z.string().optional(),
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  createAt: z.number().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
  robotCode: z.string().optional(),
  text: z.looseObject({ content: z.string().optional(), isReplyMsg: z.boolean().optional(), repliedMsg: repliedMsg.optional() }).optional(),
  content: z.unknown().optional(),
});
export type RobotMessage = z.infer<typeof robotMessage>;

const pictureContent = z.looseObject({ downloadCode: z.string().optional(), pictureDownloadCode: z.string().optional() });
const fileContent = z.looseObject({ downloadCode: z.string(), fileName: z.string().optional() });
const richTextContent = z.looseObject({
  richText: z.array(z.looseObject({ text: z.string().optional(), type: z.string().optional(), downloadCode: z.string().optional(), pictureDownloadCode: z.string().optional() })),
});

/** A card button press (TOPIC_CARD): `content` is a JSON string holding the button's params. */
const cardCallback = z.looseObject({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  corpId: z.string().optional(),
  content: z.string(),
});
const cardContent = z.looseObject({
  cardPrivateData: z.looseObject({ actionIds: z.array(z.string()).optional(), params: z.record(z.string(), z.unknown()).optional() }),
});

/**
 * Button links (`dtmd://dingtalkclient/sendMessage?content=…`) make the person send this
 * text as their own message: the marker tells a press from something typed.
 */
export const BUTTON_MARK = "〔督办〕";
const pressed = new RegExp(`^\\s*${BUTTON_MARK}[^:：]*[:：]\\s*(\\S+)\\s*$`);

/** The text a button link sends: what the person sees in the chat, then the button's data. */
export function buttonText(label: string, data: string): string {
  return `${BUTTON_MARK}${label.replace(/[:：]/g, " ")}：${data}`;
}

/** Where replies to a message can go: its session webhook, valid until `expiresAt`. */
export interface SessionHook {
  url: string;
  expiresAt: number;
}

export interface ParsedMessage {
  event: InboundEvent;
  /** The conversation's session webhook, when the message brought one. */
  hook?: SessionHook;
}

function withCommand(text: string): Pick<InboundEvent, "text" | "command"> {
  const command = splitCommand(text);
  return command ? { text: command.args, command } : { text };
}

function mediaOf(m: RobotMessage): { text: string; media: MediaRef[] } {
  switch (m.msgtype) {
    case "text":
      return { text: m.text?.content ?? "", media: [] };
    case "picture": {
      const c = pictureContent.safeParse(m.content);
      const code = c.success ? (c.data.downloadCode ?? c.data.pictureDownloadCode) : undefined;
      return { text: "", media: code ? [{ fileId: code, kind: "photo" }] : [] };
    }
    case "file": {
      const c = fileContent.safeParse(m.content);
      if (!c.success) return { text: "", media: [] };
      const name = c.data.fileName;
      return { text: "", media: [{ fileId: c.data.downloadCode, kind: "document", ...(name ? { fileName: name } : {}) }] };
    }
    case "richText": {
      const c = richTextContent.safeParse(m.content);
      if (!c.success) return { text: "", media: [] };
      const media: MediaRef[] = [];
      const lines: string[] = [];
      for (const part of c.data.richText) {
        const code = part.downloadCode ?? part.pictureDownloadCode;
        if (part.type === "picture" && code) media.push({ fileId: code, kind: "photo" });
        else if (part.text !== undefined) lines.push(part.text);
      }
      return { text: lines.join("\n"), media };
    }
    default:
      return { text: "", media: [] };
  }
}

/** The text of a quoted message, as far as the (undocumented) snapshot shows it. */
function quotedText(content: unknown): string {
  if (typeof content === "string") return content;
  const c = z.looseObject({ text: z.string().optional(), content: z.string().optional() }).safeParse(content);
  return c.success ? (c.data.text ?? c.data.content ?? "") : "";
}

/**
 * A robot message → an event, or null when it is nothing a person said to the bot (the
 * robot's own message, a kind duban does not read such as audio and video).
 */
export function parseRobotMessage(data: unknown): ParsedMessage | null {
  const parsed = robotMessage.safeParse(data);
  if (!parsed.success) return null;
  const m = parsed.data;
  const userId = m.senderStaffId || m.senderId;
  if (!userId) return null;
  if (m.chatbotUserId && m.senderId === m.chatbotUserId) return null;
  const { text: raw, media } = mediaOf(m);
  if (!raw.trim() && media.length === 0) return null;
  const direct = m.conversationType === DIRECT;
  const at = new Date(m.createAt ?? Date.now());
  const base = {
    eventId: m.msgId,
    chat: { platform: "dingtalk" as const, chatId: direct ? userId : m.conversationId, direct, ...(m.conversationTitle ? { title: m.conversationTitle } : {}) },
    sender: { userId, ...(m.senderNick ? { displayName: m.senderNick } : {}) },
    media,
    messageId: m.msgId,
    at,
  };
  const hook = m.sessionWebhook && m.sessionWebhookExpiredTime ? { url: m.sessionWebhook, expiresAt: m.sessionWebhookExpiredTime } : undefined;
  const result = (event: InboundEvent): ParsedMessage => ({ event, ...(hook ? { hook } : {}) });

  // In a group DingTalk leaves a space where the @mention of the robot was.
  const text = raw.trim();
  const button = pressed.exec(text);
  if (button) return result({ ...base, text: "", action: { data: button[1]! } });

  const reply = m.text?.isReplyMsg ? m.text.repliedMsg : undefined;
  if (reply) {
    // DingTalk's quote carries the quoted message's own msgId, which the bot never learns
    // for what it sent (the send APIs answer without it): the item is read from the
    // quoted text instead, unless the person named one themselves.
    const quoted = findItemCode(quotedText(reply.content));
    const named = findItemCode(text);
    const withItem = !named && quoted && !splitCommand(text) ? `#${quoted.code} ${text}` : text;
    return result({ ...base, ...withCommand(withItem), ...(reply.msgId ? { replyTo: reply.msgId } : {}) });
  }
  return result({ ...base, ...withCommand(text) });
}

/**
 * A card's outTrackId names the chat it was sent to, so that a press on it is understood
 * after a restart too: `duban.<g|d>.<chat id, base64url>.<random>`.
 */
export function outTrackIdFor(chatId: string, direct: boolean, nonce: string): string {
  return `duban.${direct ? "d" : "g"}.${Buffer.from(chatId).toString("base64url")}.${nonce}`;
}

export function chatOfOutTrackId(outTrackId: string): { chatId: string; direct: boolean } | null {
  const m = /^duban\.([dg])\.([A-Za-z0-9_-]+)\.[A-Za-z0-9]+$/.exec(outTrackId);
  if (!m) return null;
  const chatId = Buffer.from(m[2]!, "base64url").toString("utf8");
  return chatId ? { chatId, direct: m[1] === "d" } : null;
}

/**
 * A press on an interactive card's button (when a card template is configured): the
 * template's button carries `{ data }` in its params (see the README); DingTalk posts them
 * as the JSON string `content` → `cardPrivateData.params` (the shape the card callback
 * handlers in DingTalk's open-source samples read). The event id is the card, the button and
 * the person, not the frame's id: a callback DingTalk sends again may come in a new frame,
 * and it is still the one press.
 */
export function parseCardCallback(data: unknown, at: Date): InboundEvent | null {
  const parsed = cardCallback.safeParse(data);
  if (!parsed.success) return null;
  const chat = chatOfOutTrackId(parsed.data.outTrackId);
  if (!chat) return null;
  let content: unknown;
  try {
    content = JSON.parse(parsed.data.content);
  } catch {
    return null;
  }
  const c = cardContent.safeParse(content);
  const value = c.success ? c.data.cardPrivateData.params?.["data"] : undefined;
  if (typeof value !== "string" || value === "") return null;
  return {
    eventId: `card:${parsed.data.outTrackId}:${value}:${parsed.data.userId}`,
    chat: { platform: "dingtalk", ...chat },
    sender: { userId: parsed.data.userId },
    text: "",
    media: [],
    messageId: parsed.data.outTrackId,
    action: { data: value, messageId: parsed.data.outTrackId },
    at,
  };
}
