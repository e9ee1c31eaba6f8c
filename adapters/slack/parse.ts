/**
 * Slack request bodies → InboundEvents. Pure: no I/O, no clock; Bolt has already checked
 * the signature, and the caller passes anything that needs the outside world.
 *
 * Event ids stay the same when Slack delivers a body again (an HTTP retry with
 * x-slack-retry-num, a Socket Mode redelivery), so the pipeline's ledger, not this
 * adapter, decides that a delivery was seen before.
 */
import { z } from "zod";
import type { InboundEvent, MediaRef } from "../../src/core/chat";
import { splitCommand } from "../../src/core/commands";

/** The slash command the app manifest in the README registers. */
export const SLASH_COMMAND = "/duban";

/** Who the bot is, from auth.test: its messages come back as events and are ignored. */
export interface SelfIds {
  botUserId?: string;
  botId?: string;
}

const file = z.object({
  mimetype: z.string().optional(),
  name: z.string().optional(),
  size: z.number().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
});

const messageEvent = z.object({
  type: z.literal("message"),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  files: z.array(file).optional(),
});

/**
 * An edit (Slack's message_changed; shape as in Slack's docs, api.slack.com/events/message/message_changed:
 * the new message under `message`, the old one under `previous_message`, the event's own ts outside).
 */
const changedEvent = z.object({
  type: z.literal("message"),
  subtype: z.literal("message_changed"),
  channel: z.string(),
  channel_type: z.string().optional(),
  ts: z.string(),
  message: z.object({
    subtype: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    text: z.string().optional(),
    ts: z.string(),
    thread_ts: z.string().optional(),
  }),
  previous_message: z.object({ text: z.string().optional() }).optional(),
});

const eventEnvelope = z.object({
  type: z.literal("event_callback"),
  event_id: z.string(),
  event: z.looseObject({ type: z.string() }),
});

const slashCommand = z.object({
  command: z.string(),
  text: z.string().default(""),
  user_id: z.string(),
  user_name: z.string().optional(),
  channel_id: z.string(),
  channel_name: z.string().optional(),
  trigger_id: z.string(),
});

const blockActions = z.object({
  type: z.literal("block_actions"),
  trigger_id: z.string(),
  user: z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional() }),
  channel: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  container: z
    .object({ channel_id: z.string().optional(), message_ts: z.string().optional(), thread_ts: z.string().optional() })
    .optional(),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().optional() }))
    .min(1),
});

/** Message subtypes that are something a person wrote; edits, joins and deletions are not. */
const PERSON_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

/** Slack's `ts` ("1700000000.000100") is seconds since the epoch. */
export function dateOfTs(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}

/**
 * Slack's markup back to what the person typed: user mentions (the bot's name, mostly)
 * dropped, channel and link references shown as their labels, `&amp; &lt; &gt;` decoded.
 */
export function readableText(text: string): string {
  return text
    .replace(/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, " ")
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1")
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, "$1")
    .replace(/<((?:https?|mailto|tel):[^|>]+)\|([^>]+)>/g, "$2")
    .replace(/<((?:https?|mailto|tel):[^|>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]{2,}/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .join("\n")
    .trim();
}

/** A thread reply's id carries its thread, so that a reply to it lands in the same thread. */
export function messageIdOf(ts: string, threadTs?: string): string {
  return threadTs && threadTs !== ts ? `${threadTs}/${ts}` : ts;
}

/** The thread a message id belongs to, and the message's own ts. */
export function tsOfMessageId(messageId: string): { threadTs: string; ts: string } {
  const [thread, own] = messageId.split("/");
  return { threadTs: thread!, ts: own ?? thread! };
}

function mediaOf(files: z.infer<typeof file>[] | undefined): MediaRef[] {
  const out: MediaRef[] = [];
  for (const f of files ?? []) {
    // Files hidden by the workspace plan or deleted come without URLs.
    const url = f.url_private_download ?? f.url_private;
    if (!url) continue;
    out.push({
      fileId: url,
      kind: f.mimetype?.startsWith("image/") ? "photo" : "document",
      mime: f.mimetype,
      fileName: f.name,
      size: f.size,
    });
  }
  return out;
}

/** Text with its leading command split off, as InboundEvent wants it. */
function withCommand(text: string): Pick<InboundEvent, "text" | "command"> {
  const command = splitCommand(text);
  return command ? { text: command.args, command } : { text };
}

/** An Events API body → an event for the bot, or null when it is nothing a person said to it. */
export function parseEventBody(body: unknown, self: SelfIds): InboundEvent | null {
  const envelope = eventEnvelope.safeParse(body);
  if (!envelope.success) return null;
  const changed = changedEvent.safeParse(envelope.data.event);
  if (changed.success) return editOf(envelope.data.event_id, changed.data, self);
  const parsed = messageEvent.safeParse(envelope.data.event);
  if (!parsed.success) return null;
  const e = parsed.data;
  if (!PERSON_SUBTYPES.has(e.subtype) || e.bot_id || !e.user) return null;
  if (self.botUserId !== undefined && e.user === self.botUserId) return null;
  const thread = e.thread_ts && e.thread_ts !== e.ts ? e.thread_ts : undefined;
  return {
    eventId: envelope.data.event_id,
    chat: { platform: "slack", chatId: e.channel, direct: e.channel_type === "im" },
    sender: { userId: e.user },
    ...withCommand(readableText(e.text ?? "")),
    media: mediaOf(e.files),
    messageId: messageIdOf(e.ts, thread),
    ...(thread ? { replyTo: thread } : {}),
    at: dateOfTs(e.ts),
  };
}

/**
 * A person's edit of their message. Slack also sends message_changed when it unfurls a
 * link or a message is threaded: the text is then unchanged, and there is nothing to correct.
 */
function editOf(eventId: string, e: z.infer<typeof changedEvent>, self: SelfIds): InboundEvent | null {
  const m = e.message;
  if (!PERSON_SUBTYPES.has(m.subtype) || m.bot_id || !m.user) return null;
  if (self.botUserId !== undefined && m.user === self.botUserId) return null;
  if (e.previous_message?.text === m.text) return null;
  const thread = m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : undefined;
  return {
    eventId,
    chat: { platform: "slack", chatId: e.channel, direct: e.channel_type === "im" },
    sender: { userId: m.user },
    ...withCommand(readableText(m.text ?? "")),
    media: [],
    messageId: messageIdOf(m.ts, thread),
    ...(thread ? { replyTo: thread } : {}),
    edited: true,
    at: dateOfTs(e.ts),
  };
}

/** DM channel ids start with D; Slack names the channel "directmessage" in commands. */
function isDirect(channelId: string, channelName?: string): boolean {
  return channelName === "directmessage" || channelId.startsWith("D");
}

/**
 * `/duban status 中央-07-2` → the same command as typing `/status 中央-07-2` in chat;
 * a bare `/duban` asks for help. A slash command carries no timestamp: `receivedAt`.
 * Slack does not retry slash commands, but a body sent again keeps its trigger id.
 */
export function parseCommandBody(body: unknown, receivedAt: Date): InboundEvent | null {
  const parsed = slashCommand.safeParse(body);
  if (!parsed.success || parsed.data.command !== SLASH_COMMAND) return null;
  const c = parsed.data;
  const args = readableText(c.text).replace(/^[/／、]+/, "");
  const command = splitCommand(`/${args}`) ?? { name: "help", args: "" };
  return {
    eventId: `command:${c.trigger_id}`,
    chat: { platform: "slack", chatId: c.channel_id, direct: isDirect(c.channel_id, c.channel_name) },
    sender: { userId: c.user_id, ...(c.user_name ? { displayName: c.user_name } : {}) },
    text: command.args,
    command,
    media: [],
    at: receivedAt,
  };
}

/** A press on one of the bot's Block Kit buttons → an event whose action is the button's value. */
export function parseActionBody(body: unknown, receivedAt: Date): InboundEvent | null {
  const parsed = blockActions.safeParse(body);
  if (!parsed.success) return null;
  const a = parsed.data;
  const action = a.actions[0]!;
  const channelId = a.channel?.id ?? a.container?.channel_id;
  if (!channelId || action.value === undefined) return null;
  const messageTs = a.container?.message_ts;
  const messageId = messageTs ? messageIdOf(messageTs, a.container?.thread_ts) : undefined;
  const displayName = a.user.name ?? a.user.username;
  return {
    eventId: `action:${a.trigger_id}`,
    chat: { platform: "slack", chatId: channelId, direct: isDirect(channelId, a.channel?.name) },
    sender: { userId: a.user.id, ...(displayName ? { displayName } : {}) },
    text: "",
    media: [],
    ...(messageId ? { messageId } : {}),
    action: { data: action.value, ...(messageId ? { messageId } : {}) },
    at: action.action_ts ? dateOfTs(action.action_ts) : receivedAt,
  };
}
