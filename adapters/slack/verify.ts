/**
 * Slack request signatures, checked before Bolt sees a request so that a forged or
 * replayed request is refused, logged with its reason, and never reaches the bot.
 *
 * Slack signs `v0:<timestamp>:<raw body>` with the app's signing secret (HMAC-SHA256)
 * and sends it as `x-slack-signature: v0=<hex>` with `x-slack-request-timestamp`.
 * Bolt checks this too, but only logs a generic line and accepts timestamps from the
 * future; here both directions count as stale and the log says why and from where.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../../src/core/clock";
import type { Logger } from "../../src/log";

/** Slack's own tolerance: a request more than five minutes off is a replay. */
export const MAX_SKEW_SEC = 5 * 60;
/** Slack's event and interaction bodies are a few kilobytes; refuse anything huge unread. */
const BODY_LIMIT = 1024 * 1024;

export type Verdict = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export function checkSignature(p: {
  secret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): Verdict {
  if (!p.timestamp || !p.signature || !/^\d+$/.test(p.timestamp)) return { ok: false, reason: "missing" };
  if (Math.abs(p.nowMs / 1000 - Number(p.timestamp)) > MAX_SKEW_SEC) return { ok: false, reason: "stale" };
  const expected = Buffer.from(slackSignature(p.secret, p.timestamp, p.rawBody));
  const given = Buffer.from(p.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "mismatch" };
  return { ok: true };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function answer(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export interface GuardOptions {
  signingSecret: string;
  /** The one path Slack posts events, commands and actions to. */
  path: string;
  /** The real clock: Slack stamps requests with real time. */
  clock: Clock;
  log: Logger;
  /** Bolt's request listener: it finds the verified body in `req.rawBody`. */
  next: (req: IncomingMessage, res: ServerResponse) => void;
}

function appRateLimited(rawBody: string): boolean {
  if (!rawBody.startsWith("{")) return false;
  try {
    return (JSON.parse(rawBody) as { type?: unknown }).type === "app_rate_limited";
  } catch {
    return false;
  }
}

/** An HTTP request listener that lets through only correctly signed, fresh requests. */
export function guardRequests(opts: GuardOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (path !== opts.path) return answer(res, 404);
      if (req.method !== "POST") return answer(res, 405);
      const raw = await readBody(req);
      if (raw === null) return answer(res, 413);
      const rawBody = raw.toString("utf8");
      // Slack's SSL check carries no event and may come unsigned: answered here, so that
      // nothing smuggled next to it (a `payload` field) is ever parsed.
      if (new URLSearchParams(rawBody).get("ssl_check") === "1") return answer(res, 200);
      const verdict = checkSignature({
        secret: opts.signingSecret,
        rawBody,
        timestamp: header(req, "x-slack-request-timestamp"),
        signature: header(req, "x-slack-signature"),
        nowMs: opts.clock.now().getTime(),
      });
      if (!verdict.ok) {
        opts.log.warn("slack request refused: bad signature", {
          reason: verdict.reason,
          from: req.socket.remoteAddress,
          timestamp: header(req, "x-slack-request-timestamp"),
          retryNum: header(req, "x-slack-retry-num"),
        });
        return answer(res, 401);
      }
      // Slack's notice that it is holding back events: not an event, and Bolt has no route
      // for it, so it is answered here at once (unanswered, Slack would send it again).
      if (appRateLimited(rawBody)) {
        opts.log.warn("slack is rate-limiting the events it sends to this app", { body: rawBody.slice(0, 300) });
        return answer(res, 200);
      }
      Object.assign(req, { rawBody: raw });
      opts.next(req, res);
    })().catch((err: unknown) => {
      opts.log.error("slack request failed", { err });
      if (!res.headersSent) answer(res, 500);
    });
  };
}
