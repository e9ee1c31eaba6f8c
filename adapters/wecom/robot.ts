/**
 * The WeCom intelligent-robot (智能机器人) adapter: a long connection opened by
 * `@wecom/aibot-node-sdk` (no public address needed). WeCom pushes one-to-one messages and,
 * in groups, messages that @mention the robot; the bot answers through the same connection.
 *
 * The protocol has no receipt for a pushed message (the SDK sends none), so nothing here
 * tells WeCom "received". Should WeCom push a message again (after a reconnect) it carries
 * the same msgid, hence the same event id: one still being handled joins the run in
 * progress, one already handled is recognised in the ledger. Messages from one chat are
 * handed on in order (a text and the picture after it), each failure caught so the next
 * still goes; different chats do not wait for each other.
 */
import { WSClient } from "@wecom/aibot-node-sdk";
import type { ChatAdapter, EventSink, InboundEvent } from "../../src/core/chat";
import type { Logger } from "../../src/log";
import { parseRobotFrame, robotMediaOf } from "./robot-parse";
import { classifyRobot, ROBOT_MAX_TEXT, sendAsRobot } from "./robot-send";

/** The SDK's own default (WsConnectionManager, DEFAULT_WS_URL). */
export const ROBOT_WS_URL = "wss://openws.work.weixin.qq.com";
const START_WAIT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface WecomRobotOptions {
  botId: string;
  secret: string;
  wsUrl: string;
  dataDir: string;
  log: Logger;
  /** How long start() waits for the first authentication before going on (the SDK keeps reconnecting). */
  startWaitMs?: number;
  partWaitMs?: number;
  heartbeatMs?: number;
}

export class RobotAuthError extends Error {
  override name = "RobotAuthError";
}

export function createWecomRobotAdapter(opts: WecomRobotOptions): ChatAdapter {
  const { log } = opts;
  const sdkLog = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string) => log.warn(`wecom robot: ${message}`),
    error: (message: string) => log.warn(`wecom robot: ${message}`),
  };
  const client = new WSClient({
    botId: opts.botId,
    secret: opts.secret,
    wsUrl: opts.wsUrl,
    // A WeCom outage lasts as long as it lasts: never give the channel up.
    maxReconnectAttempts: -1,
    maxAuthFailureAttempts: -1,
    requestTimeout: REQUEST_TIMEOUT_MS,
    ...(opts.heartbeatMs ? { heartbeatInterval: opts.heartbeatMs } : {}),
    logger: sdkLog,
  });
  let sink: EventSink | undefined;
  const inflight = new Map<string, Promise<void>>();
  const chains = new Map<string, Promise<void>>();

  function work(event: InboundEvent): Promise<void> {
    const running = inflight.get(event.eventId);
    if (running) return running;
    const p = sink!(event).catch((err: unknown) => log.error("wecom robot event failed", { eventId: event.eventId, err }));
    inflight.set(event.eventId, p);
    void p.finally(() => inflight.delete(event.eventId));
    return p;
  }

  function onFrame(frame: { cmd?: string; body?: unknown }): void {
    const event = parseRobotFrame(frame.cmd, frame.body);
    if (!event || !sink) return;
    const key = event.chat.chatId;
    const next = (chains.get(key) ?? Promise.resolve()).then(() => work(event));
    chains.set(key, next);
    void next.finally(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  }

  return {
    platform: "wecom",
    caps: {
      // In a group WeCom pushes only messages that @mention the robot.
      groupMessages: () => "addressed",
      maxText: ROBOT_MAX_TEXT,
      // As the app (index.ts): nothing documented keeps EXIF on the way to the robot.
      originalPhoto: "none",
      buttons: true,
      editMessages: false,
      directMessages: true,
      // Not published for the intelligent robot's long connection (aibot_respond_msg / aibot_send_msg,
      // path/100719 and the SDK's README say nothing of a rate). The documented figure nearest to it is
      // the group robot webhook's 20 messages a minute per robot (path/91770, 消息发送频率限制), taken per
      // chat; the whole-robot figure is a guess, and 45009 answers are retried after a wait regardless.
      rate: { perChat: { count: 20, perMs: 60_000 }, global: { count: 600, perMs: 60_000 } },
    },

    async start(s) {
      sink = s;
      client.on("message", onFrame);
      client.on("event", onFrame);
      const waitMs = opts.startWaitMs ?? START_WAIT_MS;
      await new Promise<void>((resolve, reject) => {
        const done = (fn: () => void) => {
          clearTimeout(timer);
          client.off("authenticated", ok);
          client.off("error", bad);
          fn();
        };
        const ok = () => done(resolve);
        // A refused bot id or secret will not get better by retrying: say so at start.
        const bad = (err: Error) => {
          if (!/Authentication failed/.test(err.message)) return;
          client.disconnect();
          done(() => reject(new RobotAuthError(`WeCom refused the robot's WECOM_BOT_ID / WECOM_BOT_SECRET: ${err.message}`)));
        };
        const timer = setTimeout(() => {
          log.warn("wecom robot not connected yet; the SDK keeps trying", { wsUrl: opts.wsUrl });
          done(resolve);
        }, waitMs);
        client.on("authenticated", ok);
        client.on("error", bad);
        client.connect();
      });
      client.on("error", (err: Error) => log.warn("wecom robot connection error", { err: err.message }));
      // WeCom keeps one long connection per robot: a newer one (a second duban process, another
      // program with the same Bot ID) makes it drop this one, and the SDK does not reconnect
      // (reconnecting would only drop the other). /readyz then reports the channel down.
      client.on("event.disconnected_event", () =>
        log.error("wecom robot disconnected: another connection opened with the same WECOM_BOT_ID, and WeCom keeps only the newest; this process will not reconnect", {
          botId: opts.botId,
        }),
      );
    },

    async stop() {
      client.removeAllListeners();
      client.disconnect();
      await Promise.all([...chains.values()]);
      sink = undefined;
    },

    connected: () => client.isConnected,
    send: (to, msg) => sendAsRobot({ client, dataDir: opts.dataDir, log, partWaitMs: opts.partWaitMs ?? 60_000 }, to, msg),
    async download(media) {
      const ref = robotMediaOf(media.fileId);
      if (!ref) throw new Error(`not a robot media reference: ${media.fileId.slice(0, 40)}`);
      // The url is good for five minutes and the bytes are AES-256-CBC with the message's own key; the SDK decrypts.
      return new Uint8Array((await client.downloadFile(ref.url, ref.aeskey)).buffer);
    },
    classify: classifyRobot,
  };
}
