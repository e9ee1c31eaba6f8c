/**
 * What Slack posts to the app — Events API envelopes, slash commands, button presses —
 * built the way Slack builds them, and how a person reads the bot's mrkdwn.
 */
import type { Json, SlackFile, SlackRequest } from "../../support/fake-slack";

let eventSeq = 0;
let tsSeq = 0;

/** A message's ts as Slack makes them: seconds, a dot, microseconds. */
export function slackTs(): string {
  return `${1_780_000_000 + ++tsSeq}.${String(tsSeq).padStart(6, "0")}`;
}

export interface MessageEventOptions {
  channel: string;
  user: string;
  text: string;
  ts?: string;
  threadTs?: string;
  files?: SlackFile[];
  channelType?: "channel" | "group" | "im" | "mpim";
  botId?: string;
  subtype?: string;
}

/** An Events API envelope carrying a message event, as Slack posts it. */
export function messageEvent(o: MessageEventOptions): { request: SlackRequest; eventId: string; ts: string } {
  const eventId = `Ev0FAKE${++eventSeq}`;
  const ts = o.ts ?? slackTs();
  const event: Json = {
    type: "message",
    channel: o.channel,
    user: o.user,
    text: o.text,
    ts,
    channel_type: o.channelType ?? (o.channel.startsWith("D") ? "im" : "channel"),
    event_ts: ts,
  };
  if (o.threadTs) event.thread_ts = o.threadTs;
  if (o.files) Object.assign(event, { files: o.files, subtype: "file_share", upload: false });
  if (o.subtype) event.subtype = o.subtype;
  if (o.botId) event.bot_id = o.botId;
  const body = {
    token: "legacy-verification-token",
    team_id: "T0FAKE",
    api_app_id: "A0FAKE",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Number(ts)),
    event,
  };
  return { request: { contentType: "application/json", body: JSON.stringify(body) }, eventId, ts };
}

/**
 * The person edits a message: Slack's message_changed, the new message under `message`
 * (with `edited`), the old under `previous_message` (api.slack.com/events/message/message_changed).
 */
export function messageChanged(original: ReturnType<typeof messageEvent>, text: string): { request: SlackRequest; eventId: string } {
  const before = JSON.parse(original.request.body) as { event: Json };
  const old = before.event;
  const ts = slackTs();
  const eventId = `Ev0FAKE${++eventSeq}`;
  const event = {
    type: "message",
    subtype: "message_changed",
    hidden: true,
    channel: old.channel,
    channel_type: old.channel_type,
    ts,
    event_ts: ts,
    message: { type: "message", user: old.user, text, ts: old.ts, edited: { user: old.user, ts }, ...(old.thread_ts ? { thread_ts: old.thread_ts } : {}) },
    previous_message: { type: "message", user: old.user, text: old.text, ts: old.ts },
  };
  const body = { token: "legacy-verification-token", team_id: "T0FAKE", api_app_id: "A0FAKE", type: "event_callback", event_id: eventId, event_time: Math.floor(Number(ts)), event };
  return { request: { contentType: "application/json", body: JSON.stringify(body) }, eventId };
}

/** A /duban slash command as Slack posts it (form-encoded). */
export function slashCommand(o: { channel: string; user: string; text: string; userName?: string; command?: string }): SlackRequest {
  const form = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: "T0FAKE",
    channel_id: o.channel,
    channel_name: o.channel.startsWith("D") ? "directmessage" : "shuili-ju",
    user_id: o.user,
    user_name: o.userName ?? o.user.toLowerCase(),
    command: o.command ?? "/duban",
    text: o.text,
    api_app_id: "A0FAKE",
    response_url: "https://hooks.slack.com/commands/T0FAKE/1/abc",
    trigger_id: `${++eventSeq}.trigger.${Math.random().toString(36).slice(2)}`,
  });
  return { contentType: "application/x-www-form-urlencoded", body: form.toString() };
}

/** A press on a Block Kit button of a bot message, as Slack posts it (form field `payload`). */
export function blockAction(o: { channel: string; user: string; value: string; messageTs: string; actionId?: string }): SlackRequest {
  const payload = {
    type: "block_actions",
    team: { id: "T0FAKE", domain: "fake" },
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase(), team_id: "T0FAKE" },
    api_app_id: "A0FAKE",
    token: "legacy-verification-token",
    container: { type: "message", message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: false },
    trigger_id: `${++eventSeq}.trigger.${Math.random().toString(36).slice(2)}`,
    channel: { id: o.channel, name: "shuili-ju" },
    message: { type: "message", ts: o.messageTs, text: "" },
    response_url: "https://hooks.slack.com/actions/T0FAKE/1/abc",
    actions: [
      { action_id: o.actionId ?? "duban:0:0", block_id: "b1", type: "button", value: o.value, action_ts: slackTs(), text: { type: "plain_text", text: "x" } },
    ],
  };
  return { contentType: "application/x-www-form-urlencoded", body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

/**
 * What a person reads in a Slack message's mrkdwn: formatting markers gone, characters
 * fenced by zero-width spaces (literal `*`, `_`, `~`, backtick) kept, entities decoded.
 */
export function readMrkdwn(text: string): string {
  const literal = ["*", "_", "~", "`"];
  const hold = (i: number) => String.fromCharCode(0xe000 + i);
  return text
    .replace(/\u200B([*_~`])\u200B/g, (_m, c: string) => hold(literal.indexOf(c)))
    .replace(/[*_~`]/g, "")
    .replace(/[\ue000-\ue003]/g, (c) => literal[c.charCodeAt(0) - 0xe000]!)
    .replace(/\u200B/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
