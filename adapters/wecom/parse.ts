/**
 * WeCom's decrypted callback XML → InboundEvent. Shapes from WeCom's docs: 接收消息
 * (https://developer.work.weixin.qq.com/document/path/90239: text, image, file),
 * 模板卡片事件 (https://developer.work.weixin.qq.com/document/path/90240#模板卡片事件推送).
 * The XML is flat — one element per field, strings in CDATA — so a small reader does;
 * each message type is then checked with zod.
 */
import { z } from "zod";
import type { InboundEvent, MediaRef } from "../../src/core/chat";
import { splitCommand } from "../../src/core/commands";

/** Top-level `<Field>value</Field>` or `<Field><![CDATA[value]]></Field>` pairs of a WeCom XML body. */
export function readXml(xml: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const re = /<(\w+)>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/\1>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) fields[m[1]!] ??= m[2] ?? m[3] ?? "";
  return fields;
}

const base = z.object({
  ToUserName: z.string(),
  FromUserName: z.string().min(1),
  CreateTime: z.coerce.number().int().positive(),
  AgentID: z.string().optional(),
});
const text = base.extend({ MsgType: z.literal("text"), Content: z.string(), MsgId: z.string().min(1) });
const image = base.extend({ MsgType: z.literal("image"), MediaId: z.string().min(1), PicUrl: z.string().optional(), MsgId: z.string().min(1) });
// Not in the public list of app callbacks (path/90239), and people report a PDF sent to an app
// arriving as no file message (BytePioneer-AI/openclaw-china issues 204, 221); other integrations
// read MediaId and FileName from it: read when it comes, harmless when it never does (README says so).
const file = base.extend({
  MsgType: z.literal("file"),
  MediaId: z.string().min(1),
  FileName: z.string().optional(),
  FileSize: z.coerce.number().optional(),
  MsgId: z.string().min(1),
});
const cardEvent = base.extend({
  MsgType: z.literal("event"),
  Event: z.literal("template_card_event"),
  EventKey: z.string().min(1),
  TaskId: z.string().min(1),
});
const message = z.discriminatedUnion("MsgType", [text, image, file]);

/** The part of a parsed callback the adapter needs; null for what duban has no use for. */
export function parseCallback(fields: Record<string, string>): InboundEvent | null {
  const at = (s: number) => new Date(s * 1000);
  // The person's chat with the app: WeCom names it by their userid, which is also the identity.
  const chatOf = (userId: string) => ({ platform: "wecom" as const, chatId: userId, direct: true });
  const card = cardEvent.safeParse(fields);
  if (card.success) {
    const c = card.data;
    return {
      eventId: `card:${c.FromUserName}:${c.TaskId}:${c.EventKey}:${c.CreateTime}`,
      chat: chatOf(c.FromUserName),
      sender: { userId: c.FromUserName },
      text: "",
      media: [],
      action: { data: c.EventKey, messageId: c.TaskId },
      at: at(c.CreateTime),
    };
  }
  const parsed = message.safeParse(fields);
  if (!parsed.success) return null;
  const m = parsed.data;
  const media: MediaRef[] =
    m.MsgType === "image"
      ? [{ fileId: m.MediaId, kind: "photo" }]
      : m.MsgType === "file"
        ? [{ fileId: m.MediaId, kind: "document", ...(m.FileName ? { fileName: m.FileName } : {}), ...(m.FileSize ? { size: m.FileSize } : {}) }]
        : [];
  const body = m.MsgType === "text" ? m.Content : "";
  if (m.MsgType === "text" && body.trim() === "") return null;
  const command = splitCommand(body) ?? undefined;
  return {
    eventId: `msg:${m.MsgId}`,
    chat: chatOf(m.FromUserName),
    sender: { userId: m.FromUserName },
    text: command ? command.args : body,
    ...(command ? { command } : {}),
    media,
    messageId: m.MsgId,
    at: at(m.CreateTime),
  };
}
