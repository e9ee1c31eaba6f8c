/**
 * WeCom with both the self-built app and the intelligent robot configured: one "wecom"
 * channel, since a person is the same WeCom userid in both and one binding serves both.
 * What arrived through the robot carries `threadId: ROBOT_THREAD`, so its answer (and the
 * notices of a group bound from the robot) go back through the robot; everything else —
 * personal reminders to a userid, the app's group chats — goes through the app, which can
 * reach every member in its visible range.
 */
import type { ChatAdapter, ChatRef, RateLimit } from "../../src/core/chat";
import { ROBOT_MEDIA, ROBOT_THREAD } from "./robot-parse";
import { isRobotFailure } from "./robot-send";

const lower = (a: RateLimit, b: RateLimit): RateLimit => (a.count / a.perMs <= b.count / b.perMs ? a : b);

export function combineWecom(app: ChatAdapter, robot: ChatAdapter): ChatAdapter {
  const via = (to: ChatRef) => (to.threadId === ROBOT_THREAD ? robot : app);
  return {
    platform: "wecom",
    caps: {
      groupMessages: () => "addressed",
      maxText: Math.min(app.caps.maxText, robot.caps.maxText),
      originalPhoto: "none",
      buttons: true,
      editMessages: false,
      directMessages: true,
      rate: { perChat: lower(app.caps.rate.perChat, robot.caps.rate.perChat), global: lower(app.caps.rate.global, robot.caps.rate.global) },
    },
    async start(sink) {
      await app.start(sink);
      try {
        await robot.start(sink);
      } catch (err) {
        await app.stop();
        throw err;
      }
    },
    async stop() {
      await Promise.all([app.stop(), robot.stop()]);
    },
    connected: () => (app.connected?.() ?? true) && (robot.connected?.() ?? true),
    send: (to, msg) => via(to).send(to, msg),
    download: (media) => (media.fileId.startsWith(ROBOT_MEDIA) ? robot : app).download(media),
    classify: (err) => (isRobotFailure(err) ? robot : app).classify(err),
    ...(app.createGroup ? { createGroup: app.createGroup.bind(app) } : {}),
  };
}
