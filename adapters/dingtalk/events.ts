/**
 * Stream EVENT frames: the one duban reads is the robot being added to a group, which
 * DingTalk tells as the group installing the app's cool app, `im_cool_app_install`
 * (open.dingtalk.com/document/development/install-group-extension-event-in-the-group-stream:
 * headers `eventType`, `eventId`; data `{ coolAppCode, openConversationId,
 * openConversationCorpId, robotCode, operator, operateTime }`; the same use of it as "the
 * bot joined a group" in github.com/ccfos/nightingale's DingTalk stream event processor and
 * in wrappers of open-dingtalk/dingtalk-stream-sdk-go, `botJoinGroupEventType`).
 * In HTTP mode the same event comes by the event subscription's encrypted push (push.ts).
 * Other events (contacts, approvals…) are acknowledged and left alone.
 */
import { EventAck, type DWClientDownStream, type EventAckData } from "dingtalk-stream";
import { z } from "zod";
import { howToEventId, type InboundEvent } from "../../src/core/chat";
import type { Logger } from "../../src/log";

export const ROBOT_JOINED = "im_cool_app_install";

const installData = z.looseObject({
  openConversationId: z.string().min(1),
  robotCode: z.string().optional(),
  operator: z.string().optional(),
  operateTime: z.union([z.string(), z.number()]).optional(),
});

/** An EVENT frame → the "added to a group" event, or null when it is another event or another robot's. */
export function parseRobotJoined(frame: Pick<DWClientDownStream, "headers" | "data">, robotCode: string, now: Date): InboundEvent | null {
  if (frame.headers.eventType !== ROBOT_JOINED) return null;
  let data: unknown;
  try {
    data = JSON.parse(frame.data);
  } catch {
    return null;
  }
  return joinedEvent(data, robotCode, now);
}

export type PushedEvent = { kind: "check_url" } | { kind: "joined"; event: InboundEvent } | { kind: "other"; eventType: string };

const pushed = z.looseObject({ eventType: z.string().min(1) });

/**
 * The decrypted HTTP push of the event subscription. Its fields are the stream frame's
 * headers and data side by side, the headers' names capitalised (EventType, EventTime,
 * CorpId, BizId beside the event's own openConversationId…: the HTTP push examples of
 * DingTalk's event pages, e.g. open.dingtalk.com's official_account_user_data_apply_result;
 * older pushes capitalise every name, as the RDS sync's OpenConversationId). Names are read
 * with their first letter lowered, so either spelling is one shape. `check_url` is the
 * console checking the address when it is saved.
 */
export function parsePushedEvent(plaintext: string, robotCode: string, now: Date): PushedEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(plaintext);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const data = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
  const head = pushed.safeParse(data);
  if (!head.success) return null;
  const { eventType } = head.data;
  if (eventType === "check_url") return { kind: "check_url" };
  if (eventType !== ROBOT_JOINED) return { kind: "other", eventType };
  const event = joinedEvent(data, robotCode, now);
  return event ? { kind: "joined", event } : { kind: "other", eventType };
}

function joinedEvent(data: unknown, robotCode: string, now: Date): InboundEvent | null {
  const parsed = installData.safeParse(data);
  if (!parsed.success) return null;
  const d = parsed.data;
  if (d.robotCode && d.robotCode !== robotCode) return null;
  const at = d.operateTime !== undefined && Number.isFinite(Number(d.operateTime)) ? new Date(Number(d.operateTime)) : now;
  return {
    // Named by the group, not by the frame or push: a group the robot joins again, or a
    // push DingTalk sends again, is not told twice.
    eventId: howToEventId(d.openConversationId),
    chat: { platform: "dingtalk", chatId: d.openConversationId, direct: false },
    // Who added the robot (their staff id), else the robot itself.
    sender: { userId: d.operator || robotCode },
    text: "",
    media: [],
    joined: true,
    at,
  };
}

/**
 * The SDK answers an EVENT frame with what this listener returns, synchronously (onEvent
 * in node_modules/dingtalk-stream/dist/client.mjs), so the join is acknowledged before
 * the bot has handled it. A crash in that window loses only the welcome: the group is
 * still unbound, and its first @mention is answered with the same how-to (bot/howto.ts).
 */
export function robotJoinedListener(deps: { robotCode: string; handle: (event: InboundEvent) => Promise<void>; log: Logger; now: () => Date }) {
  return (frame: DWClientDownStream): EventAckData => {
    const event = parseRobotJoined(frame, deps.robotCode, deps.now());
    if (event) {
      deps.handle(event).catch((err: unknown) => deps.log.error("dingtalk robot-joined event failed; the group's first @mention will say how to report", { chatId: event.chat.chatId, err }));
    }
    return { status: EventAck.SUCCESS };
  };
}
