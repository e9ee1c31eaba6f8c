/**
 * The Feishu (and Lark) adapter: events (messages, card button presses) over the SDK's
 * long connection (no public address needed) or at an event callback URL, and the
 * SDK's Client posting the bot's messages. See the README's Feishu section.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import * as lark from "@larksuiteoapi/node-sdk";
import type { ChatAdapter, EventSink, InboundEvent } from "../../src/core/chat";
import { systemClock, type Clock } from "../../src/core/clock";
import type { Logger } from "../../src/log";
import { createClient, feishuDomain, httpInstance, sdkLogger } from "./client";
import { downloadFile } from "./download";
import { MAX_TEXT } from "./format";
import { parseCardAction, parseMessageEvent } from "./parse";
import { classify, sendMessage } from "./send";
import { checkRequest } from "./verify";
import { closeListener, listen as listenOn, listenerUrl } from "../listener";

export const EVENTS_PATH = "/feishu/events";

/**
 * How long the bot may take to record an event before Feishu is told it failed: Feishu
 * waits 3 seconds (callback and long connection alike), then sends the event again.
 * Feishu is told "received" only once the event is in the inbox, so a process dying
 * after that loses nothing: another process (or this one, restarted) processes it.
 */
export const ACK_BUDGET_MS = 2500;

/** `cli_` and 16 hex digits: the SDK's long connection silently does nothing with any other app id. */
export const APP_ID = /^cli_[0-9a-fA-F]{16}$/;

export interface FeishuAdapterOptions {
  appId: string;
  appSecret: string;
  /** "feishu", "lark", or a base URL (a local Feishu in tests). */
  domain: string;
  mode: "ws" | "http";
  /** HTTP mode: required there, unused over the long connection. */
  encryptKey?: string;
  verificationToken?: string;
  port: number;
  host: string;
  dataDir: string;
  log: Logger;
  clock?: Clock;
  ackBudgetMs?: number;
}

export interface FeishuAdapter extends ChatAdapter {
  /** Where Feishu must post events, once started in HTTP mode; null otherwise. */
  eventsUrl(): string | null;
}

async function readBody(req: IncomingMessage, max = 1024 * 1024): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function createFeishuAdapter(opts: FeishuAdapterOptions): FeishuAdapter {
  const { log } = opts;
  const clock = opts.clock ?? systemClock;
  if (!APP_ID.test(opts.appId)) throw new Error(`FEISHU_APP_ID must be cli_ followed by 16 hex digits, not ${opts.appId}`);
  if (opts.mode === "http" && (!opts.encryptKey || !opts.verificationToken)) {
    throw new Error("Feishu's HTTP mode needs FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN");
  }
  const { client, cache } = createClient(opts);
  const ackBudgetMs = opts.ackBudgetMs ?? ACK_BUDGET_MS;
  let sink: EventSink | undefined;
  let botOpenId: string | undefined;
  let ws: lark.WSClient | undefined;
  let server: Server | undefined;
  const inflight = new Set<Promise<unknown>>();

  /**
   * Hand an event to the bot; resolves once the bot has recorded it. A failure to record,
   * or no record within ackBudgetMs, rejects, so that Feishu is told 500 and delivers the
   * event again (the inbox's event id makes the second delivery a no-op if the first was
   * recorded after all).
   */
  async function deliver(event: InboundEvent | null): Promise<void> {
    if (!event || !sink) return;
    const work = sink(event).then(
      () => ({ ok: true as const }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), ackBudgetMs)));
    const outcome = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    if (outcome === null) {
      void work.then((r) => {
        if (!r.ok) log.error("feishu event not recorded", { eventId: event.eventId, err: r.err });
      });
      throw new Error(`feishu event ${event.eventId} not recorded within ${ackBudgetMs} ms: Feishu will send it again`);
    }
    if (outcome.ok) return;
    log.error("feishu event failed", { eventId: event.eventId, err: outcome.err });
    throw outcome.err;
  }

  const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(log), loggerLevel: lark.LoggerLevel.debug }).register({
    "im.message.receive_v1": async (data: unknown) => {
      await deliver(parseMessageEvent(data, { botOpenId, now: clock.now() }));
    },
    "card.action.trigger": async (data: unknown) => {
      await deliver(parseCardAction(data, clock.now()));
      // An empty answer leaves the card as it is; the bot edits it itself when it should change.
      return {};
    },
  } as Record<string, (data: unknown) => Promise<unknown>>);

  /** The bot's own open_id, to tell its @mention from a person's. */
  async function learnBot(): Promise<void> {
    const res = (await client.request({ method: "GET", url: "/open-apis/bot/v3/info" })) as { code?: number; msg?: string; bot?: { open_id?: string } };
    if (res.code !== 0 || !res.bot?.open_id) throw new Error(`Feishu refused the app's credentials: ${res.code} ${res.msg ?? ""}`);
    botOpenId = res.bot.open_id;
  }

  async function listen(): Promise<void> {
    const secrets = { encryptKey: opts.encryptKey!, verificationToken: opts.verificationToken! };
    const srv = createServer(async (req, res) => {
      const answer = (status: number, body: unknown = {}) => {
        res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== EVENTS_PATH) return answer(404);
      const raw = await readBody(req);
      if (raw === null) return answer(413);
      // Freshness is judged on this machine's real clock, like Feishu's timestamps, even
      // when the bot runs on a test clock.
      const checked = checkRequest(raw, req.headers, secrets, systemClock.now().getTime());
      if (checked.kind === "refused") {
        log.warn("feishu request refused", { reason: checked.reason });
        return answer(401);
      }
      if (checked.kind === "challenge") return answer(200, { challenge: checked.challenge });
      try {
        const result = await dispatcher.invoke(checked.data, { needCheck: false });
        answer(200, typeof result === "object" && result !== null ? result : {});
      } catch {
        answer(500);
      }
    });
    await listenOn(srv, opts.port, opts.host);
    server = srv;
  }

  async function connect(): Promise<void> {
    // start() returns before the socket is open: the start waits for the SDK to say it is
    // ready, or fails with what it said. Later it reconnects by itself; a failure then is logged.
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      const client = new lark.WSClient({
        appId: opts.appId,
        appSecret: opts.appSecret,
        domain: feishuDomain(opts.domain),
        httpInstance: httpInstance(),
        logger: sdkLogger(log),
        loggerLevel: lark.LoggerLevel.debug,
        onReady: () => {
          ready = true;
          resolve();
        },
        onError: (err) => {
          if (!ready) return reject(err);
          log.error("feishu long connection gave up", { err });
        },
        onReconnected: () => log.info("feishu long connection open again"),
      });
      ws = client;
      void client.start({ eventDispatcher: dispatcher });
    });
  }

  return {
    platform: "feishu",
    caps: {
      // Whether the app holds "read all group messages" (im:message.group_msg) cannot be
      // asked through the API: without it Feishu sends only messages that @mention the bot.
      groupMessages: () => "unknown",
      maxText: MAX_TEXT,
      // Feishu documents neither what its image messages keep of EXIF nor that a file message from a
      // phone's album is the camera's file: no ask that may not work.
      originalPhoto: "none",
      buttons: true,
      editMessages: true,
      directMessages: true,
      // Feishu: 5 messages a second to one group from one bot; the send API takes 50 a
      // second (1000 a minute) from one app. https://open.feishu.cn/document/server-docs/im-v1/message/create
      rate: { perChat: { count: 5, perMs: 1000 }, global: { count: 50, perMs: 1000 } },
    },

    async start(s) {
      sink = s;
      await learnBot();
      if (opts.mode === "http") {
        await listen();
        log.info("feishu adapter listening", { url: this.eventsUrl() });
      } else {
        await connect();
        log.info("feishu adapter connected (long connection)");
      }
    },

    async stop() {
      ws?.close({ force: true });
      ws = undefined;
      const srv = server;
      server = undefined;
      await closeListener(srv);
      await Promise.all([...inflight]);
      sink = undefined;
    },

    eventsUrl() {
      return listenerUrl(server, EVENTS_PATH);
    },

    send: (to, msg) => sendMessage({ client, cache, dataDir: opts.dataDir, log }, to, msg),
    download: (media) => downloadFile(client, media),
    classify,
  };
}
