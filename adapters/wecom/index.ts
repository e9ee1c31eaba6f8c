/**
 * The WeCom (企业微信 / 政务微信) self-built app (自建应用) adapter: WeCom posts people's
 * messages with the app and their template-card button presses, encrypted, to
 * /wecom/callback; the bot answers through the message API (a person's chat with the app)
 * and appchat (the app's group chats). See the README's WeCom section for setting it up.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { GroupRefused, type ChatAdapter, type EventSink, type InboundEvent } from "../../src/core/chat";
import type { Logger } from "../../src/log";
import { createWecomApi, WecomApiError } from "./api";
import { MAX_TEXT } from "./format";
import { parseCallback, readXml } from "./parse";
import { classify, sendMessage } from "./send";
import type { Lang } from "../../src/core/types";
import { openCallback, type CallbackKeys } from "./verify";
import { closeListener, listen, listenerUrl } from "../listener";

export const CALLBACK_PATH = "/wecom/callback";
/**
 * WeCom waits 5 seconds for an answer, then sends the callback again (three times in all).
 * It is answered 200 only once the event is recorded in the inbox, so a process dying
 * afterwards loses nothing; one not recorded within this budget is not answered in time, and
 * WeCom sends it again. A redelivery of an event still being recorded joins it, and one
 * recorded already is recognised by its event id: each message is processed once.
 */
export const ACK_BUDGET_MS = 3000;
/**
 * WeCom documents a resend for a callback it got no answer to within 5 seconds
 * (五秒内收不到响应会断掉连接，并且重新发起请求，总共重试三次), and says nothing of one answered
 * with an error status. So an event the bot could not record is answered only after that,
 * and WeCom sends it again by the rule it documents; the 500 then is for logs and proxies.
 */
export const RETRY_HOLD_MS = 6000;
/** appchat/create refuses a chatid already in use (errcode list, path/90313: 86215 会话ID已经存在). */
const CHAT_EXISTS = 86215;
const BODY_LIMIT = 256 * 1024;

/** WeCom's gettoken refused WECOM_CORP_ID / WECOM_SECRET at start. */
export class WecomAuthError extends Error {
  override name = "WecomAuthError";
}

export interface WecomAdapterOptions {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  aesKey: string;
  /** https://qyapi.weixin.qq.com, a 政务微信 deployment's own host, or a local fake in tests. */
  apiUrl: string;
  port: number;
  host: string;
  dataDir: string;
  log: Logger;
  ackBudgetMs?: number;
  /** How long after a request came an unrecorded event is answered (tests make it short). */
  retryHoldMs?: number;
  /** Wait inside a split message after a frequency limit. */
  partWaitMs?: number;
  /** The real clock for freshness of callbacks (WeCom's timestamps are real time). */
  nowMs?: () => number;
  /** For what the adapter itself says (choices under a message in an app group chat); zh-CN by default. */
  lang?: Lang;
  /** Messages with formatting as WeCom markdown (WECOM_APP_MARKDOWN); on by default. */
  markdown?: boolean;
}

export interface WecomAdapter extends ChatAdapter {
  /** Where WeCom must post callbacks, once started. */
  callbackUrl(): string | null;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A query value decoded as a URI component, not as a form. WeCom says to urldecode the URL
 * check's parameters (回调配置, developer.work.weixin.qq.com/document/path/96466: 企业在获取请求时
 * 需要做Urldecode处理); the echostr is base64, and a "+" in it is a plus whether it came escaped
 * (%2B) or bare, where URLSearchParams would read a bare one as a space and no signature would match.
 */
function param(url: URL, name: string): string | undefined {
  for (const pair of url.search.slice(1).split("&")) {
    const eq = pair.indexOf("=");
    if ((eq < 0 ? pair : pair.slice(0, eq)) !== name) continue;
    try {
      return decodeURIComponent(eq < 0 ? "" : pair.slice(eq + 1));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function createWecomAdapter(opts: WecomAdapterOptions): WecomAdapter {
  const { log } = opts;
  const nowMs = opts.nowMs ?? Date.now;
  const keys: CallbackKeys = { token: opts.token, aesKey: opts.aesKey, corpId: opts.corpId };
  const api = createWecomApi({ apiUrl: opts.apiUrl, corpId: opts.corpId, secret: opts.secret });
  const ackBudgetMs = opts.ackBudgetMs ?? ACK_BUDGET_MS;
  const retryHoldMs = opts.retryHoldMs ?? RETRY_HOLD_MS;
  let sink: EventSink | undefined;
  let server: Server | undefined;
  const inflight = new Map<string, Promise<{ ok: true } | { ok: false; err: unknown }>>();
  const sendDeps = {
    api,
    agentId: opts.agentId,
    dataDir: opts.dataDir,
    log,
    partWaitMs: opts.partWaitMs ?? 60_000,
    lang: opts.lang ?? "zh-CN",
    markdown: opts.markdown ?? true,
    textOnly: new Set<string>(),
  };

  function work(event: InboundEvent) {
    const running = inflight.get(event.eventId);
    if (running) return running;
    const p = sink!(event).then(
      () => ({ ok: true as const }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    inflight.set(event.eventId, p);
    void p.finally(() => inflight.delete(event.eventId));
    return p;
  }

  /** Wait out WeCom's 5 seconds, counted from when the request came. */
  async function heldSince(startedAt: number): Promise<void> {
    const rest = retryHoldMs - (performance.now() - startedAt);
    if (rest > 0) await new Promise<void>((r) => setTimeout(r, rest).unref());
  }

  /** 200 once recorded; for an event the bot failed to record, or did not within the budget, no answer in time, so WeCom sends it again. */
  async function deliver(event: InboundEvent, startedAt: number): Promise<number> {
    const p = work(event);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), ackBudgetMs)));
    const outcome = await Promise.race([p, late]).finally(() => clearTimeout(timer));
    if (outcome === null) {
      log.warn("wecom event not recorded in time; not answered in time, so that WeCom sends it again", { eventId: event.eventId });
      void p.then((r) => {
        if (!r.ok) log.error("wecom event not recorded", { eventId: event.eventId, err: r.err });
      });
      await heldSince(startedAt);
      return 500;
    }
    if (outcome.ok) return 200;
    log.error("wecom event failed; not answered in time, so that WeCom sends it again", { eventId: event.eventId, err: outcome.err });
    await heldSince(startedAt);
    return 500;
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const url = new URL(req.url ?? "/", "http://callback");
    const end = (status: number, body = "") => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(body);
    };
    if (url.pathname !== CALLBACK_PATH) return end(404);
    const q = { signature: param(url, "msg_signature"), timestamp: param(url, "timestamp"), nonce: param(url, "nonce") };
    const from = req.socket.remoteAddress;
    if (req.method === "GET") {
      // The URL check when the callback is saved in the admin console: answer echostr decrypted.
      const opened = openCallback(keys, { ...q, encrypted: param(url, "echostr") }, nowMs());
      if (!opened.ok) {
        log.warn("wecom URL check refused", { reason: opened.reason, from });
        return end(401);
      }
      return end(200, opened.plaintext);
    }
    if (req.method !== "POST") return end(405);
    const raw = await readBody(req);
    if (raw === null) return end(413);
    const opened = openCallback(keys, { ...q, encrypted: readXml(raw).Encrypt }, nowMs());
    if (!opened.ok) {
      log.warn("wecom callback refused", { reason: opened.reason, from });
      return end(401);
    }
    const event = parseCallback(readXml(opened.plaintext));
    // Events duban has no use for (entering the app, contact changes, voice): answered, left alone.
    if (!event || !sink) return end(200);
    // An empty 200 tells WeCom "received" without a passive reply; the answer goes by the message API.
    end(await deliver(event, startedAt));
  }

  return {
    platform: "wecom",
    caps: {
      // Members' messages in app group chats never reach the callback: only people's chats with the app do.
      groupMessages: () => "addressed",
      maxText: MAX_TEXT,
      // WeCom compresses photos unless 原图 is ticked, and documents neither what media/get returns of
      // EXIF nor a file path from the album that surely keeps it: no ask that may not work.
      originalPhoto: "none",
      buttons: true,
      editMessages: false,
      directMessages: true,
      // WeCom's 访问频率限制 (developer.work.weixin.qq.com/document/path/90454 and 90313): an app may send
      // one member at most 30 messages a minute and 1,000 an hour, beyond that they are dropped unsent;
      // app group chats (appchat/send): at most 20,000 person-times a minute for all of a corp's apps, and
      // a member receives at most 200 app messages a minute; API calls per corp and cgi are capped at
      // 10,000 a minute, shared with the corp's other apps. Only the per-minute figures fit a RateLimit.
      rate: { perChat: { count: 30, perMs: 60_000 }, global: { count: 2000, perMs: 60_000 } },
    },

    async start(s) {
      // gettoken is the only place WeCom judges the corp id and secret: a refusal will not get better
      // by retrying, so it stops the start (as the robot's refused Bot ID does). WeCom out of reach is
      // a moment's trouble: the first send fetches the token again.
      try {
        await api.token();
      } catch (err) {
        if (err instanceof WecomApiError && !classify(err).retry) {
          throw new WecomAuthError(`WeCom refused the app's WECOM_CORP_ID / WECOM_SECRET (gettoken errcode ${err.errcode} ${err.errmsg})`);
        }
        log.warn("wecom access token not fetched at start; the first send tries again", { err: err instanceof Error ? err.message : String(err) });
      }
      sink = s;
      const srv = createServer((req, res) => {
        onRequest(req, res).catch((err: unknown) => {
          log.error("wecom callback crashed", { err });
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      });
      await listen(srv, opts.port, opts.host);
      server = srv;
      log.info("wecom adapter listening", { url: this.callbackUrl() });
    },

    async stop() {
      const srv = server;
      server = undefined;
      await closeListener(srv);
      await Promise.all([...inflight.values()]);
      sink = undefined;
    },

    callbackUrl() {
      return listenerUrl(server, CALLBACK_PATH);
    },

    send: (to, msg) => sendMessage(sendDeps, to, msg),
    async createGroup({ key, title, ownerUserId, memberUserIds }) {
      // The chatid comes from the request's key (WeCom allows 0-9a-zA-Z, at most 32): a retried
      // /建群 meets the group it already made instead of making a second one.
      const chatid = `duban${createHash("sha256").update(key).digest("hex").slice(0, 27)}`;
      try {
        await api.call("/cgi-bin/appchat/create", { name: title, owner: ownerUserId, userlist: memberUserIds, chatid });
      } catch (err) {
        if (err instanceof WecomApiError && err.errcode === CHAT_EXISTS) return { chatId: chatid };
        // A refusal that will stand (no privilege, a userid outside the app's range) is told to the person, not retried.
        if (err instanceof WecomApiError && !classify(err).retry) throw new GroupRefused(`errcode ${err.errcode} ${err.errmsg}`.trim());
        throw err;
      }
      return { chatId: chatid };
    },
    async download(media) {
      return (await api.bytes("/cgi-bin/media/get", { media_id: media.fileId })).bytes;
    },
    classify,
  };
}
