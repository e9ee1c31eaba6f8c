/**
 * HTTP callback mode: DingTalk signs each robot message it posts with the app secret.
 * Headers `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(appSecret, `${timestamp}\n${appSecret}`)),
 * and a timestamp more than an hour away from now is refused
 * (open.dingtalk.com/document/orgapp/receive-message, "verify the signature").
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** DingTalk's window for a callback's timestamp. */
export const MAX_SKEW_MS = 60 * 60_000;

export function signatureOf(timestamp: string, secret: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export function verifySignature(headers: { timestamp?: string; sign?: string }, secret: string, nowMs: number): Verdict {
  const { timestamp, sign } = headers;
  if (!timestamp || !sign) return { ok: false, reason: "missing timestamp or sign header" };
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isFinite(ts)) return { ok: false, reason: "timestamp is not a number" };
  if (Math.abs(nowMs - ts) > MAX_SKEW_MS) return { ok: false, reason: "stale timestamp" };
  const expected = Buffer.from(signatureOf(timestamp, secret));
  const given = Buffer.from(sign);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "bad signature" };
  return { ok: true };
}
