/**
 * The in-process chat adapter the core is tested against (like errbot's test
 * backend): it records what the bot sends, can be told to fail like a platform in an
 * outage or at its rate limit, serves inbound files from memory, and pushes inbound
 * events through the sink the pipeline gave it.
 *
 * Errors it throws (and classifies) look like HTTP answers: `{ status: 429,
 * retryAfterMs, global? }` is "retry after", `global: true` meaning the whole bot is
 * limited rather than one chat; any other 5xx, or an error without a status (the
 * network), is retried; a 4xx is not.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  plainText,
  type AdapterCaps,
  type ChatAdapter,
  type ChatRef,
  type EventSink,
  type InboundEvent,
  type MediaRef,
  type OutboundMessage,
  type SendFailure,
} from "../../src/core/chat";
import type { Platform } from "../../src/core/types";

export interface SentByBot {
  to: ChatRef;
  msg: OutboundMessage;
  /** The new message's id, or the edited message's id for an edit. */
  messageId: string;
  /** plainText(msg) */
  text: string;
}

/** Decides a send's fate: return an error to throw it, or undefined to let the send through. */
export type FailureRule = (to: ChatRef, msg: OutboundMessage) => unknown;

export interface TestAdapter extends ChatAdapter {
  /** Every message the platform accepted, in order (edits included). */
  readonly sent: SentByBot[];
  /** Inbound files by fileId. */
  readonly files: Map<string, Uint8Array>;
  /** The next n sends throw err (default: a 500). */
  failNext(n: number, err?: unknown): void;
  /** Every later send asks rule first (after failNext is used up); undefined removes it. */
  failWith(rule: FailureRule | undefined): void;
  addFile(bytes: Uint8Array, meta?: Partial<Omit<MediaRef, "fileId">>): MediaRef;
  /** Pushes an inbound event through the sink given to start(), as the platform would. */
  deliver(event: InboundEvent): Promise<void>;
}

/** A platform error as the test adapter throws it. */
export class PlatformError extends Error {
  readonly retryAfterMs?: number;
  readonly global?: boolean;
  constructor(
    readonly status: number,
    opts: { retryAfterMs?: number; global?: boolean } = {},
  ) {
    super(`platform answered ${status}`);
    this.retryAfterMs = opts.retryAfterMs;
    this.global = opts.global;
  }
}

const defaultCaps: AdapterCaps = {
  maxText: 4096,
  // Receipts as most tests know them; a test of the ask for originals sets its own.
  originalPhoto: "none",
  buttons: true,
  editMessages: true,
  directMessages: true,
  groupMessages: () => "all",
  // Loose enough that no test meets them unless it sets its own.
  rate: { perChat: { count: 1_000, perMs: 1_000 }, global: { count: 10_000, perMs: 1_000 } },
};

const httpError = z.object({
  status: z.number().int(),
  retryAfterMs: z.number().nonnegative().optional(),
  global: z.boolean().optional(),
});

export function createTestAdapter(opts: { platform?: Platform; caps?: Partial<AdapterCaps> } = {}): TestAdapter {
  const platform = opts.platform ?? "test";
  const caps: AdapterCaps = { ...defaultCaps, ...opts.caps };
  const sent: SentByBot[] = [];
  const files = new Map<string, Uint8Array>();
  const failures: unknown[] = [];
  let rule: FailureRule | undefined;
  let sink: EventSink | undefined;
  const delivering = new Set<Promise<void>>();
  let lastId = 0;

  return {
    platform,
    caps,
    sent,
    files,

    async start(s) {
      sink = s;
    },

    async stop() {
      sink = undefined;
      await Promise.allSettled(delivering);
    },

    async send(to, msg) {
      if (failures.length > 0) throw failures.shift();
      const err = rule?.(to, msg);
      if (err !== undefined) throw err;
      const messageId = msg.edit && caps.editMessages ? msg.edit : String(++lastId);
      sent.push({ to, msg, messageId, text: plainText(msg) });
      return { messageId };
    },

    async download(media) {
      const bytes = files.get(media.fileId);
      if (!bytes) throw new PlatformError(404);
      return bytes;
    },

    classify(err): SendFailure & { scope?: "chat" | "platform" } {
      const http = httpError.safeParse(err);
      if (!http.success) return { retry: true, reason: `network: ${String(err)}` };
      const { status, retryAfterMs, global } = http.data;
      if (status === 429) {
        return { retry: true, afterMs: retryAfterMs ?? 1_000, reason: "429 too many requests", scope: global ? "platform" : "chat" };
      }
      return { retry: status >= 500, reason: `HTTP ${status}` };
    },

    failNext(n, err = new PlatformError(500)) {
      for (let i = 0; i < n; i++) failures.push(err);
    },

    failWith(r) {
      rule = r;
    },

    addFile(bytes, meta = {}) {
      const fileId = `file-${randomBytes(6).toString("hex")}`;
      files.set(fileId, bytes);
      return { kind: "photo", size: bytes.byteLength, ...meta, fileId };
    },

    async deliver(event) {
      if (!sink) throw new Error("the test adapter was not started");
      const handling = sink(event);
      delivering.add(handling);
      try {
        await handling;
      } finally {
        delivering.delete(handling);
      }
    },
  };
}
