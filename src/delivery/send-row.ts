/**
 * One outbox row to its platform, once the dispatcher holds it and its limits allowed it:
 * the platform called (or an earlier send that arrived found), the answer recorded, and a
 * failure classified by the adapter into "retry later", "moved" or "failed" (for the admins).
 */
import { withoutEdit, type ChatAdapter, type ChatRef, type OutboundMessage, type SendFailure } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Lang, Platform } from "../core/types";
import type { Ledger } from "../ledger/db";
import { chatRefOf } from "../ledger/outbox";
import { markFailed, markRetry, markSent, type ClaimedRow } from "../ledger/outbox-claims";
import type { Logger } from "../log";
import { reaim } from "./chat-moved";
import { findEarlierSend } from "./earlier-send";
import { backoffMs, renewWhileSending } from "./pace";
import type { Grant } from "./rate-limit";

export interface SentMessage {
  key: string;
  platform: Platform;
  chatId: string;
  messageId: string;
  message: OutboundMessage;
  at: Date;
}

export type SendOutcome = "sent" | "retry" | "rate_limited" | "failed";

/** The limiter's keys: a chat's window, and its platform's. */
export const platformKey = (platform: string) => platform;
export const chatKey = (h: { platform: string; chatId: string }) => `${h.platform}:${h.chatId}`;

export interface RowSenderDeps {
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  /** Attempts before a retryable failure is given up as failed. */
  maxAttempts: number;
  /** The lease a send in flight renews every third of. */
  leaseMs: number;
  /** For the one notice written here (a chat that moved). */
  lang: Lang;
  onOutcome?: (platform: Platform, outcome: SendOutcome) => void;
  onSent?: (sent: SentMessage) => void;
  /** A platform said "not before": this process and the others sharing the limits hold the key until then. */
  pause(key: string, untilMs: number): Promise<void>;
}

/** Resolves true when the message went out and was recorded; the grant is settled once the platform has answered. */
export function createRowSender(deps: RowSenderDeps): (adapter: ChatAdapter, row: ClaimedRow, grant: Grant) => Promise<boolean> {
  const { ledger, clock, log, maxAttempts, leaseMs } = deps;

  async function send(adapter: ChatAdapter, row: ClaimedRow, grant: Grant): Promise<boolean> {
    let message: OutboundMessage;
    try {
      message = JSON.parse(row.payload) as OutboundMessage;
    } catch {
      await markFailed(ledger.session, row.id, "payload is not valid JSON");
      log.error("outbox row has an unreadable payload", { id: row.id, key: row.key });
      return false;
    }
    const toSend = message.edit && !adapter.caps.editMessages ? withoutEdit(message) : message;
    const to = chatRefOf(row);
    const earlier = await findEarlierSend({ ledger, clock, log }, adapter, row, to, toSend);
    if (earlier === "retry") return false;
    const sent = earlier ?? (await attempt(adapter, row, to, toSend, grant));
    if (!sent) return false;
    const { messageId } = sent;
    deps.onOutcome?.(row.platform, "sent");

    const at = clock.now();
    try {
      await markSent(ledger.session, row.id, { platform: row.platform, chatId: row.chatId, messageId, about: message.about, at });
    } catch (err) {
      // The lease runs out; the row's next owner looks for this message before sending it again.
      log.error("sent but could not record it", { id: row.id, key: row.key, err });
      return false;
    }
    log.debug("outbox sent", { id: row.id, key: row.key, messageId });
    try {
      deps.onSent?.({ key: row.key, platform: row.platform, chatId: row.chatId, messageId, message, at });
    } catch (err) {
      log.warn("onSent listener failed", { key: row.key, err });
    }
    return true;
  }

  /** One call of the platform (holdClaim recorded it as begun); null when it failed (handled). */
  async function attempt(adapter: ChatAdapter, row: ClaimedRow, to: ChatRef, msg: OutboundMessage, grant: Grant): Promise<{ messageId: string } | null> {
    const renewing = renewWhileSending(ledger, row, leaseMs, clock, log);
    try {
      return await adapter.send(to, msg, { outboxId: row.id }).finally(() => grant.settle(clock.now().getTime()));
    } catch (err) {
      await failed(adapter, row, err);
      return null;
    } finally {
      clearInterval(renewing);
    }
  }

  async function failed(adapter: ChatAdapter, row: ClaimedRow, err: unknown): Promise<void> {
    const failure: SendFailure = adapter.classify(err);
    const nowMs = clock.now().getTime();
    // Attempts still count, so two ids naming each other cannot loop for ever.
    if (failure.movedTo !== undefined && row.attempts < maxAttempts) {
      await reaim(ledger, row, failure.movedTo, { now: clock.now(), reason: failure.reason, fallbackLang: deps.lang });
      log.info("outbox chat moved; sending there", { id: row.id, key: row.key, from: row.chatId, to: failure.movedTo });
      return;
    }
    if (!failure.retry || row.attempts >= maxAttempts) {
      deps.onOutcome?.(row.platform, "failed");
      await markFailed(ledger.session, row.id, failure.reason);
      log.warn("outbox message failed", { id: row.id, key: row.key, attempts: row.attempts, reason: failure.reason });
      return;
    }
    const afterMs = failure.afterMs ?? 0;
    deps.onOutcome?.(row.platform, afterMs > 0 ? "rate_limited" : "retry");
    // The row keeps its chat's later rows waiting by itself, for every process (it is the
    // chat's head in the ledger); a platform-wide pause is shared through the limiter.
    if (afterMs > 0) {
      const key = failure.scope === "platform" ? platformKey(row.platform) : chatKey(row);
      await deps.pause(key, nowMs + afterMs);
    }
    // A platform that says when to come back is taken at its word: backing off further would
    // leave its chat idle for seconds after the platform (or a shared limit) has room again.
    const delay = afterMs > 0 ? afterMs : backoffMs(row.attempts);
    await markRetry(ledger.session, row.id, new Date(nowMs + delay), failure.reason);
    log.info("outbox send will be retried", { id: row.id, key: row.key, attempts: row.attempts, inMs: delay, reason: failure.reason });
  }

  return send;
}
