/**
 * The event subscription's HTTP push (事件订阅, HTTP 推送) is sealed with the Token and
 * aes_key set in the developer console, as DingTalk's own DingCallbackCrypto does it
 * (github.com/open-dingtalk/DingTalk-Callback-Crypto, DingCallbackCrypto.java):
 * - the body is `{ "encrypt": … }` and the query carries `msg_signature` (older pushes:
 *   `signature`), `timestamp` (or `timeStamp`) and `nonce`;
 * - signature = hex SHA-1 of token, timestamp, nonce and encrypt, sorted and concatenated;
 * - encrypt = Base64(AES-256-CBC(key = Base64(aes_key + "="), IV = the key's first 16 bytes,
 *   PKCS#7 padded to 32 bytes)) of 16 random bytes, the message's length (4 bytes, big
 *   endian), the message, and the owner key: for an enterprise internal app's event
 *   subscription, the app's AppKey (企业自建应用-事件订阅, 使用appKey).
 * The answer is the same seal around "success": `{ msg_signature, timeStamp, nonce, encrypt }`.
 * The SDK checks no timestamp window and DingTalk documents none; a replayed push carries
 * an event the ledger has already recorded, so it changes nothing.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface EventKeys {
  token: string;
  /** The 43-character aes_key. */
  aesKey: string;
  /** Whose push it is: the app's AppKey. */
  ownerKey: string;
}

export type Opened = { ok: true; plaintext: string } | { ok: false; reason: "missing" | "signature" | "cipher" | "owner" };

export interface Sealed {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

const BLOCK = 32;

export function eventSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join("")).digest("hex");
}

function keyOf(aesKey: string): Buffer {
  return Buffer.from(`${aesKey}=`, "base64");
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Checks the signature over `encrypt`, then decrypts it and checks whose it is. */
export function openEvent(keys: EventKeys, q: { signature?: string; timestamp?: string; nonce?: string; encrypt?: string }): Opened {
  const { signature, timestamp, nonce, encrypt } = q;
  if (!signature || !timestamp || !nonce || !encrypt) return { ok: false, reason: "missing" };
  if (!same(eventSignature(keys.token, timestamp, nonce, encrypt), signature.toLowerCase())) return { ok: false, reason: "signature" };
  let plain: Buffer;
  try {
    const key = keyOf(keys.aesKey);
    const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, "base64")), decipher.final()]);
    const pad = padded[padded.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK) return { ok: false, reason: "cipher" };
    plain = padded.subarray(0, padded.length - pad);
  } catch {
    return { ok: false, reason: "cipher" };
  }
  if (plain.length < 20) return { ok: false, reason: "cipher" };
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) return { ok: false, reason: "cipher" };
  const owner = plain.subarray(20 + length).toString("utf8");
  if (owner !== keys.ownerKey) return { ok: false, reason: "owner" };
  return { ok: true, plaintext: plain.subarray(20, 20 + length).toString("utf8") };
}

/** Seals `plaintext` (the answer "success") as DingTalk expects it back. */
export function sealEvent(keys: EventKeys, plaintext: string, nowMs: number): Sealed {
  const message = Buffer.from(plaintext, "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);
  const body = Buffer.concat([randomBytes(16), length, message, Buffer.from(keys.ownerKey, "utf8")]);
  const pad = BLOCK - (body.length % BLOCK);
  const key = keyOf(keys.aesKey);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const encrypt = Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
  const timeStamp = String(nowMs);
  // The SDK's nonce is 16 letters and digits (getEncryptedMap refuses any other length).
  const nonce = randomBytes(8).toString("hex");
  return { msg_signature: eventSignature(keys.token, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
}
