/**
 * WeCom's callback security (https://developer.work.weixin.qq.com/document/path/90968):
 * every request carries `msg_signature` = SHA1 of the sorted token, timestamp, nonce and
 * the ciphertext; the ciphertext is AES-256-CBC with the app's EncodingAESKey, and its
 * plaintext ends with the corp id it was meant for. `@wecom/crypto` does the SHA1 and AES;
 * here a request is only believed when the signature matches, the timestamp is fresh and
 * the corp id is ours — otherwise it is refused and logged, and never reaches the bot.
 */
import { timingSafeEqual } from "node:crypto";
import { decrypt, getSignature } from "@wecom/crypto";

/** WeCom does not publish a tolerance; five minutes, as Slack's, outlasts its 3 retries 5 s apart. */
export const MAX_SKEW_SEC = 5 * 60;

export type Opened = { ok: true; plaintext: string } | { ok: false; reason: "missing" | "stale" | "signature" | "cipher" | "corp" };

export interface CallbackKeys {
  token: string;
  aesKey: string;
  corpId: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Check the signature over `encrypted` and decrypt it: the URL check's echostr, or a message's Encrypt. */
export function openCallback(
  keys: CallbackKeys,
  q: { signature?: string; timestamp?: string; nonce?: string; encrypted?: string },
  nowMs: number,
): Opened {
  if (!q.signature || !q.timestamp || !q.nonce || !q.encrypted || !/^\d+$/.test(q.timestamp)) return { ok: false, reason: "missing" };
  if (Math.abs(nowMs / 1000 - Number(q.timestamp)) > MAX_SKEW_SEC) return { ok: false, reason: "stale" };
  if (!same(getSignature(keys.token, q.timestamp, q.nonce, q.encrypted), q.signature)) return { ok: false, reason: "signature" };
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.aesKey, q.encrypted);
  } catch {
    return { ok: false, reason: "cipher" };
  }
  if (opened.id !== keys.corpId) return { ok: false, reason: "corp" };
  return { ok: true, plaintext: opened.message };
}
