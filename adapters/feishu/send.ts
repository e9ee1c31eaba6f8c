/**
 * Posting to Feishu: messages (cards and posts) through im.message.create, answers to
 * a report through im.message.reply (which keeps them in the report's thread), edits
 * of cards through im.message.patch, evidence images through im.image.create, and
 * classify() for whatever fails.
 *
 * A send makes one attempt: the dispatcher owns retries and rate limits. The one
 * exception is a tenant access token Feishu no longer takes (expired early, the
 * secret rotated): nothing was sent, so the token is dropped and the call made again.
 */
import { readFile } from "node:fs/promises";
import type * as lark from "@larksuiteoapi/node-sdk";
import type { ChatRef, OutboundMessage, SendFailure } from "../../src/core/chat";
import { evidencePath } from "../../src/ledger/evidence";
import type { Logger } from "../../src/log";
import type { TokenCache } from "./client";
import { renderMessage } from "./format";

/**
 * Feishu's answer codes (https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 * and the message API's own list). 99991400: the app's request rate; 230020: this
 * chat's message rate (about 5 a second per group for a bot).
 */
const RATE_LIMITED_APP = 99991400;
const RATE_LIMITED_CHAT = 230020;
const TOKEN_INVALID = new Set([99991661, 99991663, 99991668]);
/** Feishu busy or failing inside: worth another attempt. */
const TRANSIENT = new Set([1, 99991401, 230009, 232009, 9499]);

/** Feishu answered with a non-zero code. */
export class FeishuApiError extends Error {
  override name = "FeishuApiError";
  constructor(
    readonly code: number,
    msg: string,
    readonly status?: number,
    readonly resetSec?: number,
  ) {
    super(`feishu ${code}: ${msg}`);
  }
}

/** An image's evidence file is not in the data directory: sending again will not find it either. */
export class MissingEvidence extends Error {
  override name = "MissingEvidence";
}

export interface SendDeps {
  client: lark.Client;
  cache: TokenCache;
  dataDir: string;
  log: Logger;
}

type Answer = { code?: number; msg?: string; data?: { message_id?: string } };

/** axios' error for a non-2xx answer: Feishu puts its code in the body, the reset time in a header. */
function asApiError(err: unknown): unknown {
  const res = (err as { response?: { status?: number; data?: { code?: unknown; msg?: unknown }; headers?: Record<string, unknown> } })?.response;
  if (!res?.status) return err;
  const code = typeof res.data?.code === "number" ? res.data.code : res.status === 429 ? RATE_LIMITED_APP : -res.status;
  const reset = Number(res.headers?.["x-ogw-ratelimit-reset"]);
  return new FeishuApiError(code, String(res.data?.msg ?? `HTTP ${res.status}`), res.status, Number.isFinite(reset) && reset > 0 ? reset : undefined);
}

async function call<T extends Answer>(deps: SendDeps, request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let answer: T;
    try {
      answer = await request();
    } catch (err) {
      const e = asApiError(err);
      if (e instanceof FeishuApiError && TOKEN_INVALID.has(e.code) && attempt === 1) {
        deps.log.warn("feishu tenant access token refused; fetching a new one", { code: e.code });
        deps.cache.clear();
        continue;
      }
      throw e;
    }
    if (answer.code === undefined || answer.code === 0) return answer;
    if (TOKEN_INVALID.has(answer.code) && attempt === 1) {
      deps.cache.clear();
      continue;
    }
    throw new FeishuApiError(answer.code, answer.msg ?? "");
  }
}

/** Direct messages go to a person's open_id (a reminder) or to a one-to-one chat's id. */
function receiver(to: ChatRef): { type: "chat_id" | "open_id"; id: string } {
  return to.direct && to.chatId.startsWith("ou_") ? { type: "open_id", id: to.chatId } : { type: "chat_id", id: to.chatId };
}

async function upload(deps: SendDeps, kind: "image", bytes: Buffer): Promise<string>;
async function upload(deps: SendDeps, kind: "file", bytes: Buffer, name: string): Promise<string>;
async function upload(deps: SendDeps, kind: "image" | "file", bytes: Buffer, name?: string): Promise<string> {
  // The upload methods return the answer's `data` only: no key means Feishu said no.
  const res = await call(deps, async (): Promise<Answer & { image_key?: string; file_key?: string }> =>
    kind === "image"
      ? ((await deps.client.im.image.create({ data: { image_type: "message", image: bytes } })) ?? {})
      : ((await deps.client.im.file.create({ data: { file_type: "stream", file_name: name!, file: bytes } })) ?? {}),
  );
  const key = res[kind === "image" ? "image_key" : "file_key"];
  if (!key) throw new FeishuApiError(-1, `${kind} upload gave no key`);
  return key;
}

/**
 * Send (or edit) one message; returns the id of its first part. A message answering a
 * report is a reply to it; images and files follow as messages of their own.
 */
export async function sendMessage(deps: SendDeps, to: ChatRef, msg: OutboundMessage): Promise<{ messageId: string }> {
  const parts = renderMessage(msg);
  const images = msg.edit ? [] : (msg.images ?? []);
  const files = msg.edit ? [] : (msg.files ?? []);
  const imageBytes = await Promise.all(
    images.map(async (img) => {
      const path = await evidencePath(deps.dataDir, img.sha256);
      if (!path) throw new MissingEvidence(`no evidence file for ${img.sha256}`);
      return readFile(path);
    }),
  );
  const target = receiver(to);
  let first: string | undefined;

  // An answer replies to the message it answers; a notice for a chat bound from a topic
  // replies to the topic's root message, which puts it into the topic.
  const parent = msg.replyTo ?? to.threadId;
  const post = async (msgType: string, content: string): Promise<string> => {
    const res = parent
      ? await call(deps, () =>
          deps.client.im.message.reply({ path: { message_id: parent }, data: { msg_type: msgType, content, reply_in_thread: Boolean(to.threadId) } }),
        )
      : await call(deps, () =>
          deps.client.im.message.create({ params: { receive_id_type: target.type }, data: { receive_id: target.id, msg_type: msgType, content } }),
        );
    const id = res.data?.message_id;
    if (!id) throw new FeishuApiError(-1, "message sent without an id");
    return id;
  };

  for (const part of parts) {
    if (first === undefined && msg.edit) {
      await call(deps, () => deps.client.im.message.patch({ path: { message_id: msg.edit! }, data: { content: part.content } }));
      first = msg.edit;
      continue;
    }
    const id = await post(part.msgType, part.content);
    first ??= id;
  }
  for (const [i, bytes] of imageBytes.entries()) {
    const key = await upload(deps, "image", bytes);
    // An image message has no caption: a captioned image goes as a post of the two.
    const caption = images[i]!.caption;
    const id = caption
      ? await post("post", JSON.stringify({ zh_cn: { title: "", content: [[{ tag: "text", text: caption }], [{ tag: "img", image_key: key }]] } }))
      : await post("image", JSON.stringify({ image_key: key }));
    first ??= id;
  }
  for (const f of files) {
    const key = await upload(deps, "file", await readFile(f.path), f.name);
    const id = await post("file", JSON.stringify({ file_key: key }));
    first ??= id;
  }
  if (first === undefined) throw new Error("nothing to send: the message has no text, buttons or images");
  return { messageId: first };
}

/** Whether and when a failed send is worth another attempt. */
export function classify(err: unknown): SendFailure {
  const e = asApiError(err);
  if (e instanceof FeishuApiError) {
    if (e.code === RATE_LIMITED_CHAT) {
      return { retry: true, afterMs: (e.resetSec ?? 1) * 1000, reason: `chat rate limited (${e.code})`, scope: "chat" };
    }
    if (e.code === RATE_LIMITED_APP || e.status === 429) {
      return { retry: true, afterMs: (e.resetSec ?? 1) * 1000, reason: `rate limited (${e.code})`, scope: "platform" };
    }
    if (TOKEN_INVALID.has(e.code) || TRANSIENT.has(e.code) || (e.status ?? 0) >= 500) return { retry: true, reason: e.message };
    return { retry: false, reason: e.message };
  }
  if (err instanceof MissingEvidence) return { retry: false, reason: err.message };
  return { retry: true, reason: `network: ${err instanceof Error ? err.message : String(err)}` };
}
