/**
 * Stream EVENT frames: the one duban reads is the robot being added to a group, which
 * DingTalk tells as the group installing the app's cool app, `im_cool_app_install`
 * (open.dingtalk.com/document/development/install-group-extension-event-in-the-group-stream:
 * headers `eventType`, `eventId`; data `{ coolAppCode, openConversationId,
 * openConversationCorpId, robotCode, operator, operateTime }`; the same use of it as "the
 * bot joined a group" in github.com/ccfos/nightingale's DingTalk stream event processor and
 * in wrappers of open-dingtalk/dingtalk-stream-sdk-go, `botJoinGroupEventType`).
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
  const parsed = installData.safeParse(data);
  if (!parsed.success) return null;
  const d = parsed.data;
  if (d.robotCode && d.robotCode !== robotCode) return null;
  const at = d.operateTime !== undefined && Number.isFinite(Number(d.operateTime)) ? new Date(Number(d.operateTime)) : now;
  return {
    // Named by the group, not by the frame: a group the robot joins again is not told twice.
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
