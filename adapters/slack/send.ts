/**
 * Posting to Slack: chat.postMessage / chat.update for text and buttons, files.uploadV2
 * for evidence images, and classify() for whatever fails.
 *
 * A send makes one attempt: the dispatcher owns retries and rate limits, so the web
 * client is built with no retries and with rate-limited calls rejected. The exception
 * is a message split into parts: once the first part is on screen, sending the whole
 * message again would show that part twice, so later parts wait out a 429 themselves.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { webApi } from "@slack/bolt";
import type { ChatRef, DeliveryTag, OutboundMessage, SendFailure } from "../../src/core/chat";
import { evidencePath } from "../../src/ledger/evidence";
import type { Logger } from "../../src/log";
import { outboxMetadata } from "./delivered";
import { renderMessage } from "./format";
import { messageIdOf, tsOfMessageId } from "./parse";

/** A later part is given this many tries at a 429 before the send fails after all. */
const PART_TRIES = 3;

/** Slack errors that a later attempt can get past; every other `ok: false` is final. */
const TRANSIENT_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"]);

/** An image's evidence file is not in the data directory: sending again will not find it either. */
export class MissingEvidence extends Error {
  override name = "MissingEvidence";
}

export interface SendDeps {
  client: webApi.WebClient;
  dataDir: string;
  log: Logger;
  /** Pause between the parts of one message: Slack takes about one message per second per channel. */
  partGapMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isRateLimited(err: unknown): err is webApi.WebAPIRateLimitedError {
  return (err as { code?: unknown })?.code === webApi.ErrorCode.RateLimitedError;
}

async function laterPart<T>(call: () => Promise<T>, log: Logger): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isRateLimited(err) || attempt >= PART_TRIES) throw err;
      log.warn("slack rate limit inside a split message; waiting", { retryAfterSec: err.retryAfter });
      await sleep(err.retryAfter * 1000);
    }
  }
}

async function imageFiles(dataDir: string, images: NonNullable<OutboundMessage["images"]>) {
  return Promise.all(
    images.map(async (img) => {
      const path = await evidencePath(dataDir, img.sha256);
      if (!path) throw new MissingEvidence(`no evidence file for ${img.sha256}`);
      const filename = basename(path);
      return { file: await readFile(path), filename, title: img.caption ?? filename };
    }),
  );
}

/**
 * Send (or edit) one message; returns the id of its first part. A reply goes into the
 * thread of the message it answers. An edit replaces the first part's text and buttons;
 * its images were shown with the original and are not uploaded again. Each part carries
 * the outbox row's tag in its metadata, for findDelivered.
 */
export async function sendMessage(deps: SendDeps, to: ChatRef, msg: OutboundMessage, tag?: DeliveryTag): Promise<{ messageId: string }> {
  const { client } = deps;
  const channel = to.chatId;
  const thread = msg.replyTo ? tsOfMessageId(msg.replyTo).threadTs : undefined;
  const images = msg.edit
    ? []
    : [
        ...(msg.images?.length ? await imageFiles(deps.dataDir, msg.images) : []),
        // Attached files (an exported ledger) go up the same way as images.
        ...(await Promise.all((msg.files ?? []).map(async (f) => ({ file: await readFile(f.path), filename: f.name, title: f.name })))),
      ];
  const parts = renderMessage(msg);

  let first: string | undefined;
  const step = async <T>(call: () => Promise<T>): Promise<T> => {
    if (first === undefined) return call();
    await sleep(deps.partGapMs);
    return laterPart(call, deps.log);
  };

  for (const [index, part] of parts.entries()) {
    if (first === undefined && msg.edit) {
      await client.chat.update({ channel, ts: tsOfMessageId(msg.edit).ts, text: part.text, blocks: part.blocks });
      first = msg.edit;
      continue;
    }
    const res = await step(() =>
      client.chat.postMessage({
        channel,
        text: part.text,
        blocks: part.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(thread ? { thread_ts: thread } : {}),
        ...(tag ? { metadata: outboxMetadata(tag, index, parts.length) } : {}),
      }),
    );
    first ??= messageIdOf(res.ts!, thread);
  }

  if (images.length > 0) {
    const res = await step(() =>
      client.files.uploadV2({ channel_id: channel, file_uploads: images, ...(thread ? { thread_ts: thread } : {}) }),
    );
    const uploaded = (res as { files?: { files?: { id?: string }[] }[] }).files?.[0]?.files?.[0]?.id;
    first ??= uploaded;
  }
  if (first === undefined) throw new Error("nothing to send: the message has no text, buttons or images");
  return { messageId: first };
}

/** Whether and when a failed send is worth another attempt. */
export function classify(err: unknown): SendFailure {
  const e = err as { code?: unknown; message?: string };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const retryAfter = (err as webApi.WebAPIRateLimitedError).retryAfter;
      // The dispatcher keeps each channel under Slack's per-channel pace, so a 429 is the workspace's limit.
      return { retry: true, afterMs: retryAfter * 1000, reason: `rate limited, retry after ${retryAfter}s`, scope: "platform" };
    }
    case webApi.ErrorCode.PlatformError: {
      const code = (err as webApi.WebAPIPlatformError).data.error;
      return { retry: TRANSIENT_ERRORS.has(code), reason: code };
    }
    case webApi.ErrorCode.HTTPError: {
      const status = (err as webApi.WebAPIHTTPError).statusCode;
      return { retry: status >= 500, reason: `HTTP ${status}` };
    }
    case webApi.ErrorCode.RequestError:
      return { retry: true, reason: `network: ${e.message ?? "request failed"}` };
  }
  if (err instanceof MissingEvidence) return { retry: false, reason: err.message };
  return { retry: true, reason: err instanceof Error ? err.message : String(err) };
}
