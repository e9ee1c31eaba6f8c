/**
 * The DingTalk (钉钉) adapter: robot messages in groups (when the robot is @mentioned) and
 * one-to-one chats, and interactive card presses, over Stream mode (the `dingtalk-stream`
 * client connects out: no public address) or over signed HTTP callbacks, with the robot
 * joining a group pushed by the event subscription beside them (push.ts); replies through
 * session webhooks or the OpenAPI. See the README's DingTalk section for setting up the app.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from "dingtalk-stream";
import type { ChatAdapter, EventSink, InboundEvent } from "../../src/core/chat";
import { systemClock, type Clock } from "../../src/core/clock";
import type { Lang } from "../../src/core/types";
import type { Logger } from "../../src/log";
import { withUnionIds } from "./contact";
import { downloadFile } from "./download";
import type { EventKeys } from "./event-crypto";
import { robotJoinedListener } from "./events";
import { header, readBody } from "./http";
import { MAX_TEXT } from "./format";
import { parseCardCallback, parseRobotMessage, type SessionHook } from "./parse";
import { classify, sendMessage } from "./send";
import { GatewayClient } from "./stream";
import { answerPush, EVENT_PATH } from "./push";
import { createTokenSource } from "./token";
import { verifySignature } from "./verify";
import { closeListener, listen, listenerUrl } from "../listener";

/** Where DingTalk posts robot messages in HTTP mode (the robot's "message receiving address"). */
export const CALLBACK_PATH = "/dingtalk/callback";

export interface DingTalkAdapterOptions {
  clientId: string;
  clientSecret: string;
  /** The robot's code; DingTalk gives an app's robot the app's client id. */
  robotCode: string;
  apiUrl: string;
  oapiUrl: string;
  gatewayUrl: string;
  mode: "stream" | "http";
  port: number;
  host: string;
  cardTemplateId?: string;
  /** HTTP mode's event subscription (the robot added to a group): its Token and aes_key. */
  eventKeys?: Omit<EventKeys, "ownerKey">;
  /** The language of what the adapter adds itself; the county's (DUBAN_LANG). */
  lang?: Lang;
  dataDir: string;
  log: Logger;
  clock?: Clock;
}

export interface DingTalkAdapter extends ChatAdapter {
  /** Where DingTalk must post callbacks, once started in HTTP mode; null otherwise. */
  callbackUrl(): string | null;
  /** Where the event subscription must push, once started in HTTP mode with its keys; null otherwise. */
  eventUrl(): string | null;
}

export function createDingTalkAdapter(opts: DingTalkAdapterOptions): DingTalkAdapter {
  const { log } = opts;
  const clock = opts.clock ?? systemClock;
  const tokens = createTokenSource({ apiUrl: opts.apiUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, clock });
  const hooks = new Map<string, SessionHook>();
  let sink: EventSink | undefined;
  let client: GatewayClient | undefined;
  let server: Server | undefined;
  /** Events being handled, by event id: a redelivery while the first is in progress waits for it. */
  const inflight = new Map<string, Promise<void>>();

  function handle(event: InboundEvent): Promise<void> {
    const running = inflight.get(event.eventId);
    if (running) return running;
    const work = (sink ? sink(event) : Promise.resolve()).finally(() => inflight.delete(event.eventId));
    inflight.set(event.eventId, work);
    return work;
  }

  function remember(chatId: string, hook: SessionHook | undefined) {
    if (hook) hooks.set(chatId, hook);
  }

  /**
   * One stream frame. It is acknowledged only once the bot has handled the event (the
   * pipeline commits the event id with its effects): a crash before that leaves the frame
   * unacknowledged and DingTalk delivers it again, and the ledger's event id makes the
   * second delivery a no-op if the first had been committed. A frame that is nothing for
   * the bot is acknowledged at once; a failure to handle is logged and left for redelivery.
   */
  function onFrame(frame: DWClientDownStream, parse: (data: unknown) => InboundEvent | null) {
    const ack = () => client?.socketCallBackResponse(frame.headers.messageId, {});
    let event: InboundEvent | null = null;
    try {
      event = parse(JSON.parse(frame.data));
    } catch (err) {
      log.warn("dingtalk frame is not JSON; acknowledged and dropped", { topic: frame.headers.topic, err });
    }
    if (!event) return ack();
    handle(event).then(ack, (err: unknown) => log.error("dingtalk event failed; left for DingTalk to deliver again", { eventId: event.eventId, err }));
  }

  const robot = (data: unknown) => {
    const parsed = parseRobotMessage(data);
    if (!parsed) return null;
    remember(parsed.event.chat.chatId, parsed.hook);
    return parsed.event;
  };

  async function startStream() {
    const c = new GatewayClient({ clientId: opts.clientId, clientSecret: opts.clientSecret }, opts.gatewayUrl);
    c.registerCallbackListener(TOPIC_ROBOT, (frame) => onFrame(frame, robot));
    c.registerCallbackListener(TOPIC_CARD, (frame) => onFrame(frame, (data) => parseCardCallback(data, clock.now())));
    c.registerAllEventListener(robotJoinedListener({ robotCode: opts.robotCode, handle, log, now: () => clock.now() }));
    // A wrong client id or secret fails here, at start, rather than in the SDK's silent retries.
    await c.getEndpoint();
    await c._connect();
    client = c;
    log.info("dingtalk adapter connected (Stream mode)");
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const answer = (status: number) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status === 200 ? "{}" : JSON.stringify({ error: status }));
    };
    const path = req.url?.split("?")[0];
    if (req.method === "POST" && path === EVENT_PATH && opts.eventKeys) {
      // An enterprise app's event subscription seals its pushes for the app's AppKey.
      return answerPush(req, res, { keys: { ...opts.eventKeys, ownerKey: opts.clientId }, robotCode: opts.robotCode, handle, log, now: () => clock.now() });
    }
    if (req.method !== "POST" || path !== CALLBACK_PATH) return answer(404);
    const verdict = verifySignature({ timestamp: header(req, "timestamp"), sign: header(req, "sign") }, opts.clientSecret, Date.now());
    if (!verdict.ok) {
      log.warn("dingtalk callback refused", { reason: verdict.reason, from: req.socket.remoteAddress });
      req.resume();
      return answer(401);
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      log.warn("dingtalk callback body unreadable", { err });
      return answer(400);
    }
    const event = robot(body);
    if (!event) return answer(200);
    // DingTalk is answered once the bot has the event: a failure answers 500, and the
    // ledger's event id keeps a delivery posted again from counting twice.
    try {
      await handle(event);
      answer(200);
    } catch (err) {
      log.error("dingtalk event failed", { eventId: event.eventId, err });
      answer(500);
    }
  }

  async function startHttp() {
    const srv = createServer((req, res) => void onRequest(req, res));
    await listen(srv, opts.port, opts.host);
    server = srv;
    log.info("dingtalk adapter listening", { url: adapter.callbackUrl(), events: adapter.eventUrl() });
  }

  const adapter: DingTalkAdapter = {
    platform: "dingtalk",
    caps: {
      // In a group the robot is shown only the messages that @mention it.
      groupMessages: () => "addressed",
      maxText: MAX_TEXT,
      // DingTalk documents neither what a robot's downloaded picture keeps of EXIF nor a way to send
      // the camera's file that surely keeps it: no ask that may not work.
      originalPhoto: "none",
      buttons: true,
      editMessages: false,
      directMessages: true,
      // DingTalk documents 20 messages a minute for a robot in one group, and a default of
      // 20 calls a second per app and API for the robot message APIs.
      rate: { perChat: { count: 20, perMs: 60_000 }, global: { count: 20, perMs: 1000 } },
    },
    async start(s) {
      sink = withUnionIds(s, { oapiUrl: opts.oapiUrl, tokens, log });
      if (opts.mode === "stream") await startStream();
      else await startHttp();
    },
    async stop() {
      client?.disconnect();
      client = undefined;
      const srv = server;
      server = undefined;
      await closeListener(srv);
      await Promise.allSettled([...inflight.values()]);
      sink = undefined;
    },
    callbackUrl() {
      return listenerUrl(server, CALLBACK_PATH);
    },
    eventUrl() {
      return opts.eventKeys ? listenerUrl(server, EVENT_PATH) : null;
    },
    send: (to, msg) =>
      sendMessage(
        { apiUrl: opts.apiUrl, oapiUrl: opts.oapiUrl, robotCode: opts.robotCode, tokens, hooks, clock, dataDir: opts.dataDir, lang: opts.lang ?? "zh-CN", ...(opts.cardTemplateId ? { cardTemplateId: opts.cardTemplateId } : {}) },
        to,
        msg,
      ),
    download: (media) => downloadFile(media, { apiUrl: opts.apiUrl, robotCode: opts.robotCode, tokens }),
    classify,
  };
  return adapter;
}
