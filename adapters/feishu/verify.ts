/**
 * Checking what arrives at the event callback URL, before the SDK sees it. Feishu signs
 * each request: X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + body)),
 * with X-Lark-Request-Timestamp and X-Lark-Request-Nonce; the body is AES-256-CBC
 * encrypted with sha256(encryptKey) as key and the first 16 bytes as IV, and carries
 * the verification token (header.token in the v2 schema, token in v1 and in the URL
 * check). https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * The SDK's own check re-serialises the parsed body, which need not give back the
 * bytes Feishu signed; this one signs the raw body.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { AESCipher } from "@larksuiteoapi/node-sdk";
import { z } from "zod";

const envelope = z.object({ encrypt: z.string().min(1) });
const tokenOf = z.object({
  token: z.string().optional(),
  header: z.object({ token: z.string().optional() }).optional(),
  type: z.string().optional(),
  challenge: z.string().optional(),
});

/** How far a request's timestamp may be from this machine's clock. */
export const MAX_AGE_MS = 5 * 60_000;

export type Checked =
  | { kind: "challenge"; challenge: string }
  | { kind: "event"; data: Record<string, unknown> }
  | { kind: "refused"; reason: string };

export function signatureOf(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash("sha256").update(timestamp + nonce + encryptKey + body).digest("hex");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function checkRequest(
  raw: string,
  headers: Record<string, string | string[] | undefined>,
  secrets: { encryptKey: string; verificationToken: string },
  nowMs: number,
): Checked {
  let outer: unknown;
  try {
    outer = JSON.parse(raw);
  } catch {
    return { kind: "refused", reason: "body is not JSON" };
  }
  const sealed = envelope.safeParse(outer);
  if (!sealed.success) return { kind: "refused", reason: "body is not encrypted" };
  let inner: Record<string, unknown>;
  try {
    inner = JSON.parse(new AESCipher(secrets.encryptKey).decrypt(sealed.data.encrypt)) as Record<string, unknown>;
  } catch {
    return { kind: "refused", reason: "body does not decrypt with the encrypt key" };
  }
  const t = tokenOf.safeParse(inner);
  if (!t.success) return { kind: "refused", reason: "no verification token" };
  const token = t.data.header?.token ?? t.data.token ?? "";
  if (!sameText(token, secrets.verificationToken)) return { kind: "refused", reason: "wrong verification token" };
  // Saving the callback URL in the console sends this check, unsigned.
  if (t.data.type === "url_verification" && t.data.challenge) return { kind: "challenge", challenge: t.data.challenge };
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const timestamp = one(headers["x-lark-request-timestamp"]);
  const signature = one(headers["x-lark-signature"]);
  const expected = signatureOf(timestamp, one(headers["x-lark-request-nonce"]), secrets.encryptKey, raw);
  if (!sameText(signature, expected)) return { kind: "refused", reason: "bad signature" };
  // A signed request replayed much later is refused; one within the window is a repeat
  // of its event id, which the ledger takes once.
  if (!(Math.abs(nowMs - Number(timestamp) * 1000) <= MAX_AGE_MS)) return { kind: "refused", reason: "stale timestamp" };
  return { kind: "event", data: inner };
}
