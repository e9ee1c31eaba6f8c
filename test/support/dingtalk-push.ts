/**
 * What DingTalk's event subscription does over HTTP, for an adapter in HTTP mode: seal an
 * event with the subscription's Token and aes_key and post it, then open the adapter's
 * answer and check it is "success", as the console does when the address is saved and the
 * platform does at every push. The sealing is written here from DingTalk's own
 * DingCallbackCrypto (github.com/open-dingtalk/DingTalk-Callback-Crypto,
 * DingCallbackCrypto.java: getEncryptedMap, encrypt, getSignature, PKCS7Padding with a
 * 32-byte block), not taken from the adapter, so the two are checked against each other.
 * The push's shape (`{"encrypt"}` in the body; signature, timestamp in ms and nonce in the
 * query) is the README's of that repository and open.dingtalk.com's 事件订阅 HTTP 推送 page;
 * the event's fields are those of its HTTP push (EventType, EventTime, CorpId beside the
 * event's data; see adapters/dingtalk/events.ts).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface PushKeys {
  token: string;
  aesKey: string;
  /** The app's AppKey: what the sealed text ends with. */
  ownerKey: string;
}

export type Json = Record<string, unknown>;

/** A 43-character aes_key, as the console generates one (letters and digits). */
export function newAesKey(): string {
  return randomBytes(32).toString("base64").replace(/[^A-Za-z0-9]/g, "").padEnd(43, "a").slice(0, 43);
}

const sha1Hex = (parts: string[]) => createHash("sha1").update([...parts].sort().join("")).digest("hex");
const keyOf = (aesKey: string) => Buffer.from(`${aesKey}=`, "base64");

function pkcs7(n: number): Buffer {
  const amount = 32 - (n % 32);
  return Buffer.alloc(amount, amount);
}

/** DingCallbackCrypto.encrypt: random(16) + length(4, big endian) + message + owner key, padded, AES-256-CBC. */
export function sealText(keys: PushKeys, plaintext: string): string {
  const msg = Buffer.from(plaintext, "utf8");
  const len = Buffer.from([(msg.length >>> 24) & 255, (msg.length >>> 16) & 255, (msg.length >>> 8) & 255, msg.length & 255]);
  const random = Buffer.from(randomBytes(12).toString("base64").replace(/[^A-Za-z0-9]/g, "x").slice(0, 16), "utf8");
  const body = Buffer.concat([random, len, msg, Buffer.from(keys.ownerKey, "utf8")]);
  const key = keyOf(keys.aesKey);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, pkcs7(body.length)])), cipher.final()]).toString("base64");
}

/** DingCallbackCrypto.getDecryptMsg, as DingTalk reads an answer: null unless signed and sealed for this owner. */
export function openSealed(keys: PushKeys, answer: { msg_signature?: string; timeStamp?: string; nonce?: string; encrypt?: string }): string | null {
  const { msg_signature, timeStamp, nonce, encrypt } = answer;
  if (!msg_signature || !timeStamp || !nonce || !encrypt) return null;
  if (sha1Hex([keys.token, timeStamp, nonce, encrypt]) !== msg_signature) return null;
  const key = keyOf(keys.aesKey);
  const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, "base64")), decipher.final()]);
  const bytes = padded.subarray(0, padded.length - (padded[padded.length - 1] ?? 0));
  const length = bytes.readUInt32BE(16);
  if (bytes.subarray(20 + length).toString("utf8") !== keys.ownerKey) return null;
  return bytes.subarray(20, 20 + length).toString("utf8");
}

export interface PushAnswer {
  status: number;
  /** The answer opened as DingTalk opens it; null when it is not a sealed answer of ours. */
  opened: string | null;
}

/**
 * Post an event to the adapter the way DingTalk pushes it. `sign` overrides what a forger
 * would get wrong: another token, another app's seal, a signature over other text.
 */
export async function pushEvent(url: string, keys: PushKeys, event: Json, sign: { token?: string; ownerKey?: string; signature?: string; queryNames?: "msg_signature" | "signature" } = {}): Promise<PushAnswer> {
  const sealKeys = { ...keys, ownerKey: sign.ownerKey ?? keys.ownerKey };
  const encrypt = sealText(sealKeys, JSON.stringify(event));
  const timestamp = String(Date.now());
  const nonce = randomBytes(4).toString("hex");
  const signature = sign.signature ?? sha1Hex([sign.token ?? keys.token, timestamp, nonce, encrypt]);
  const q = new URLSearchParams({ [sign.queryNames ?? "msg_signature"]: signature, timestamp, nonce });
  const res = await fetch(`${url}?${q}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ encrypt }) });
  const text = await res.text();
  let opened: string | null = null;
  try {
    opened = openSealed(keys, JSON.parse(text) as Json);
  } catch {
    opened = null;
  }
  return { status: res.status, opened };
}

/** The console's check of the address when it is saved. */
export const checkUrl = (): Json => ({ EventType: "check_url" });

/** The robot added to a group, as the event subscription pushes it over HTTP. */
export function joinedPush(p: { conversationId: string; robotCode: string; operator?: string; eventId?: string }): Json {
  return {
    EventType: "im_cool_app_install",
    EventTime: Date.now(),
    CorpId: "dingcorp",
    eventId: p.eventId ?? `ev-${randomBytes(6).toString("hex")}`,
    coolAppCode: "COOLAPP-1-fake",
    openConversationCorpId: "dingcorp",
    robotCode: p.robotCode,
    openConversationId: p.conversationId,
    operator: p.operator ?? "staff-admin",
    operateTime: String(Date.now()),
  };
}
