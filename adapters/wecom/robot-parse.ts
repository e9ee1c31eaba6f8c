/**
 * The intelligent robot's (智能机器人) long-connection frames → InboundEvent. Shapes from the
 * SDK's own types (node_modules/@wecom/aibot-node-sdk/dist/types/message.d.ts, event.d.ts;
 * github.com/WecomTeam/aibot-node-sdk) and WeCom's 接收消息 for robots
 * (https://developer.work.weixin.qq.com/document/path/100719): `aibot_msg_callback` bodies
 * carry `msgid` (unique, "用于事件排重"), `chattype` single|group, `chatid` for groups,
 * `from.userid`; pictures and files come as an encrypted `url` with their own `aeskey`.
 *
 * Every chat the robot speaks in carries `threadId: ROBOT_THREAD`: WeCom names a person by
 * the same userid in app mode and robot mode (one binding serves both), so that marker is
 * what sends an answer back through the robot rather than the app.
 */
import { z } from "zod";
import type { ChatRef, InboundEvent, MediaRef } from "../../src/core/chat";
import { splitCommand } from "../../src/core/commands";

export const ROBOT_THREAD = "robot";
/** MediaRef.fileId of a robot picture or file: this prefix, then the url and aeskey as JSON. */
export const ROBOT_MEDIA = "robot:";

const encrypted = z.object({ url: z.string().url(), aeskey: z.string().min(1).optional() });
const base = z.object({
  msgid: z.string().min(1),
  // Only msgid, chattype and from are relied on: a field WeCom leaves out or sends as a string must not drop the message.
  aibotid: z.string().optional(),
  chatid: z.string().min(1).optional(),
  chattype: z.enum(["single", "group"]),
  from: z.object({ userid: z.string().min(1) }),
  create_time: z.coerce.number().int().positive().optional(),
});
const text = base.extend({ msgtype: z.literal("text"), text: z.object({ content: z.string() }) });
const image = base.extend({ msgtype: z.literal("image"), image: encrypted });
const file = base.extend({ msgtype: z.literal("file"), file: encrypted });
const mixed = base.extend({
  msgtype: z.literal("mixed"),
  mixed: z.object({
    msg_item: z.array(
      z.discriminatedUnion("msgtype", [
        z.object({ msgtype: z.literal("text"), text: z.object({ content: z.string() }) }),
        z.object({ msgtype: z.literal("image"), image: encrypted }),
      ]),
    ),
  }),
});
const message = z.discriminatedUnion("msgtype", [text, image, file, mixed]);
const cardEvent = base.extend({
  msgtype: z.literal("event"),
  event: z.object({ eventtype: z.literal("template_card_event"), event_key: z.string().min(1), task_id: z.string().optional() }),
});

const mediaRef = (kind: MediaRef["kind"], m: z.infer<typeof encrypted>): MediaRef => ({ fileId: ROBOT_MEDIA + JSON.stringify({ url: m.url, aeskey: m.aeskey }), kind });

export function robotMediaOf(fileId: string): { url: string; aeskey?: string } | null {
  if (!fileId.startsWith(ROBOT_MEDIA)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(fileId.slice(ROBOT_MEDIA.length));
  } catch {
    return null;
  }
  const parsed = encrypted.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * In a group the robot only hears messages that @mention it, and the text carries the mention as
 * typed ("@RobotA hello robot", developer.work.weixin.qq.com/document/path/100719). Every mention
 * before the first word goes: "@张三 @督办助手 /查询 省-15" is addressed to the robot as much as
 * "@督办助手 /查询 省-15" is.
 */
const LEADING_MENTION = /^(?:\s*@\S+)+\s*/u;

function chatOf(b: z.infer<typeof base>): ChatRef | null {
  if (b.chattype === "group") return b.chatid ? { platform: "wecom", chatId: b.chatid, direct: false, threadId: ROBOT_THREAD } : null;
  return { platform: "wecom", chatId: b.from.userid, direct: true, threadId: ROBOT_THREAD };
}

/** A pushed frame's body as an event; null for what duban has no use for (voice, video, enter_chat, feedback) and the robot's own messages. */
export function parseRobotFrame(cmd: string | undefined, body: unknown): InboundEvent | null {
  if (cmd === "aibot_event_callback") {
    const card = cardEvent.safeParse(body);
    if (!card.success) return null;
    const c = card.data;
    const chat = chatOf(c);
    if (!chat) return null;
    return {
      eventId: `bot:${c.msgid}`,
      chat,
      sender: { userId: c.from.userid },
      text: "",
      media: [],
      action: { data: c.event.event_key, ...(c.event.task_id ? { messageId: c.event.task_id } : {}) },
      at: c.create_time ? new Date(c.create_time * 1000) : new Date(),
    };
  }
  const parsed = message.safeParse(body);
  if (!parsed.success) return null;
  const m = parsed.data;
  const chat = chatOf(m);
  if (!chat || m.from.userid === m.aibotid) return null;
  let raw = "";
  const media: MediaRef[] = [];
  if (m.msgtype === "text") raw = m.text.content;
  else if (m.msgtype === "image") media.push(mediaRef("photo", m.image));
  else if (m.msgtype === "file") media.push(mediaRef("document", m.file));
  else {
    const texts: string[] = [];
    for (const item of m.mixed.msg_item) {
      if (item.msgtype === "text") texts.push(item.text.content);
      else media.push(mediaRef("photo", item.image));
    }
    raw = texts.join("\n");
  }
  const said = chat.direct ? raw.trim() : raw.replace(LEADING_MENTION, "").trim();
  if (said === "" && media.length === 0) return null;
  const command = splitCommand(said) ?? undefined;
  return {
    eventId: `bot:${m.msgid}`,
    chat,
    sender: { userId: m.from.userid },
    text: command ? command.args : said,
    ...(command ? { command } : {}),
    media,
    messageId: m.msgid,
    at: m.create_time ? new Date(m.create_time * 1000) : new Date(),
  };
}
