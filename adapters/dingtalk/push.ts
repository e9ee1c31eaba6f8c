/**
 * HTTP mode's event subscription (事件订阅): DingTalk posts the events the app subscribed to,
 * sealed with the subscription's Token and aes_key (event-crypto.ts), to the address set in
 * the console, and takes the push as delivered only when answered with "success" sealed the
 * same way. The one event duban reads is the robot added to a group (im_cool_app_install);
 * `check_url` is the console checking the address. A push whose signature or seal is not
 * ours is refused and logged, and reaches nothing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { InboundEvent } from "../../src/core/chat";
import type { Logger } from "../../src/log";
import { openEvent, sealEvent, type EventKeys } from "./event-crypto";
import { parsePushedEvent } from "./events";
import { readBody } from "./http";

/** Where the event subscription's HTTP push is posted (the console's 请求网址). */
export const EVENT_PATH = "/dingtalk/events";

export interface PushDeps {
  keys: EventKeys;
  robotCode: string;
  /** Resolves once the event is recorded (the bot's inbox). */
  handle(event: InboundEvent): Promise<void>;
  log: Logger;
  now(): Date;
}

const sealedBody = z.object({ encrypt: z.string().min(1) });

export async function answerPush(req: IncomingMessage, res: ServerResponse, deps: PushDeps): Promise<void> {
  const { log } = deps;
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const success = () => send(200, sealEvent(deps.keys, "success", deps.now().getTime()));
  const q = new URL(req.url ?? "/", "http://dingtalk.invalid").searchParams;
  let body: z.infer<typeof sealedBody>;
  try {
    body = sealedBody.parse(JSON.parse(await readBody(req)));
  } catch (err) {
    log.warn("dingtalk event push unreadable", { err, from: req.socket.remoteAddress });
    return send(400, { error: 400 });
  }
  // DingTalk's pushes have named these two either way (DingCallbackCrypto's README reads both).
  const opened = openEvent(deps.keys, {
    signature: q.get("msg_signature") ?? q.get("signature") ?? undefined,
    timestamp: q.get("timestamp") ?? q.get("timeStamp") ?? undefined,
    nonce: q.get("nonce") ?? undefined,
    encrypt: body.encrypt,
  });
  if (!opened.ok) {
    log.warn("dingtalk event push refused", { reason: opened.reason, from: req.socket.remoteAddress });
    return send(401, { error: 401 });
  }
  const pushed = parsePushedEvent(opened.plaintext, deps.robotCode, deps.now());
  if (!pushed) {
    // DingTalk's own, but nothing duban can read: answered, or DingTalk would push it again and again.
    log.warn("dingtalk event push not understood; acknowledged and dropped");
    return success();
  }
  if (pushed.kind === "check_url") {
    log.info("dingtalk event subscription address checked");
    return success();
  }
  if (pushed.kind === "other") return success();
  // Answered once the bot has recorded the event: a failure answers 500 and DingTalk pushes
  // it again; the join's id (the group's) keeps a second push from telling the group twice.
  try {
    await deps.handle(pushed.event);
    success();
  } catch (err) {
    log.error("dingtalk robot-joined push failed; left for DingTalk to push again", { chatId: pushed.event.chat.chatId, err });
    send(500, { error: 500 });
  }
}
