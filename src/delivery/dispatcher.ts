/**
 * Sends the outbox. Each round reads every chat's head row, claims the due ones under
 * a lease, passes them through the platform's rate limits and sends them; a failure
 * is classified by the adapter into "retry later" or "failed" (for the admins).
 *
 * Crash safety: a row is `sending` only under a lease, and attemptAt says a send may have begun. A
 * process dying between the platform's answer and markSent leaves the row to its next
 * owner, which asks the adapter (findDelivered: Slack finds the outbox id the message
 * carries) and records it sent without sending again. An adapter that cannot look keeps
 * at-least-once (the message arrives twice), as does a stalled sender outliving its lease.
 */
import { withoutEdit, type ChatAdapter, type ChatRef, type OutboundMessage, type SendFailure } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Lang, Platform } from "../core/types";
import type { Ledger } from "../ledger/db";
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { reaim } from "./chat-moved";
import { findEarlierSend } from "./earlier-send";
import { chatRefOf } from "../ledger/outbox";
import { claimableAt, claimOutbox, holdClaim, markFailed, markRetry, markSent, readHeads, releaseClaims, type ClaimedRow, type Head } from "../ledger/outbox-claims";
import { backoffMs, renewWhileSending, withHeadroom } from "./pace";
import { createSharedLimiter } from "./shared-limits";

export interface SentMessage {
  key: string;
  platform: Platform;
  chatId: string;
  messageId: string;
  message: OutboundMessage;
  at: Date;
}

export interface DispatcherDeps {
  ledger: Ledger;
  adapters: ChatAdapter[];
  clock: Clock;
  log: Logger;
  /** Shares rate limits with other bot processes; without it limits are per process. */
  redis?: Redis;
  /** Attempts before a retryable failure is given up as failed. */
  maxAttempts?: number;
  /** How long a claimed row stays ours unless renewed; a send in flight renews it every third of this. */
  leaseMs?: number;
  /** Limits that replace an adapter's own (from the configuration), by platform. */
  rates?: Partial<Record<Platform, Partial<ChatRates>>>;
  /** Observes every send's outcome (metrics). */
  onOutcome?: (platform: Platform, outcome: SendOutcome) => void;
  /** Called after a message is sent and recorded. */
  onSent?: (sent: SentMessage) => void;
  /** Waits for a platform's rate-limit slot (default: a timer); a test passes one that moves its clock. */
  sleep?: (ms: number) => Promise<void>;
  /** The configured language, for the one notice the dispatcher writes itself (a chat that moved). */
  lang?: Lang;
}

export type ChatRates = ChatAdapter["caps"]["rate"];
export type SendOutcome = "sent" | "retry" | "rate_limited" | "failed";

/** What the limits said about a held row: it went, it waits beside the lane for its chat, or it goes back. */
type Admission = { kind: "went" } | { kind: "chat soon"; waitMs: number } | { kind: "later"; retryAt: number };

export interface Dispatcher {
  /** Sends every due row it can now; returns how many were sent. */
  runOnce(): Promise<number>;
  /** Runs rounds in the background: when a held row comes due, on notify(), and at least every intervalMs. */
  start(intervalMs?: number): void;
  /** New rows were committed: look now. */
  notify(): void;
  /** Stops the background loop and waits for in-flight sends. */
  stop(): Promise<void>;
}

const MAX_HOLD_MS = 5_000;
// Rows claimed at once per platform: enough for a round's sends, few enough to give back cheaply.
const MAX_CLAIM = 50;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { ledger, clock, log } = deps;
  const maxAttempts = deps.maxAttempts ?? 8;
  const leaseMs = deps.leaseMs ?? 15_000;
  const adapters = new Map<string, ChatAdapter>(deps.adapters.map((a) => [a.platform, a]));
  const rateOf = (adapter: ChatAdapter): ChatRates => ({ ...adapter.caps.rate, ...deps.rates?.[adapter.platform] });
  const limiter = createSharedLimiter(deps.redis, clock, log);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  // Pauses this process has learnt of (a window full, a 429), until ms since epoch, so
  // that it does not claim a chat's head again inside the chat's window. Held rows stay
  // in the ledger; a 429's pause is shared with other processes through the limiter.
  const pausedUntil = new Map<string, number>();
  const platformKey = (platform: string) => platform;
  const chatKey = (h: { platform: string; chatId: string }) => `${h.platform}:${h.chatId}`;
  const pause = (key: string, until: number) => pausedUntil.set(key, Math.max(until, pausedUntil.get(key) ?? 0));
  const pausedTill = (h: Head, nowMs: number): number | null => {
    const until = Math.max(pausedUntil.get(platformKey(h.platform)) ?? 0, pausedUntil.get(chatKey(h)) ?? 0);
    return until > nowMs ? until : null;
  };

  let nextDueAt: number | null = null;
  let stopping = false;
  const rounds = new Set<Promise<number>>();

  async function runOnce(): Promise<number> {
    const round = sendDue();
    rounds.add(round);
    try {
      return await round;
    } finally {
      rounds.delete(round);
    }
  }

  async function sendDue(): Promise<number> {
    let sent = 0;
    let finished = 0;
    const inflight = new Set<Promise<void>>();
    const launch = (sending: Promise<boolean>) => {
      const job = sending
        .then(
          (ok) => {
            if (ok) sent++;
          },
          (err) => log.error("outbox send could not be recorded", { err }),
        )
        .finally(() => {
          finished++;
          inflight.delete(job);
        });
      inflight.add(job);
    };
    try {
      while (!stopping) {
        const finishedBefore = finished;
        if ((await claimRound(launch)) > 0) continue;
        // A send that finished while this round read the heads may have freed its chat's next row.
        if (finished !== finishedBefore) continue;
        if (inflight.size === 0) break;
        // A finished send may have made that chat's next row the head.
        await Promise.race(inflight);
      }
    } finally {
      await Promise.all(inflight);
    }
    return sent;
  }

  /**
   * One pass over the chat heads, oldest first; returns how many sends it started.
   * Each platform is a lane of its own, so one waiting for a slot holds up no other.
   */
  async function claimRound(launch: (send: Promise<boolean>) => void): Promise<number> {
    const heads = await readHeads(ledger.session);
    const nowMs = clock.now().getTime();
    for (const [key, until] of pausedUntil) if (until <= nowMs) pausedUntil.delete(key);

    let next: number | null = null;
    const later = (at: number) => (next = next === null ? at : Math.min(next, at));
    const lanes = new Map<ChatAdapter, Head[]>();
    for (const head of heads) {
      const adapter = adapters.get(head.platform);
      if (adapter) lanes.set(adapter, [...(lanes.get(adapter) ?? []), head]);
    }
    const started = await Promise.all([...lanes].map(([adapter, lane]) => claimLane(adapter, lane, launch, later)));
    nextDueAt = next;
    return started.reduce((a, b) => a + b, 0);
  }

  /** Claims the lane's due heads, at most one window's worth at once, and starts each send its limits allow. */
  async function claimLane(
    adapter: ChatAdapter,
    heads: Head[],
    launch: (send: Promise<boolean>) => void,
    later: (at: number) => void,
  ): Promise<number> {
    const now = clock.now();
    const due: number[] = [];
    for (const head of heads) {
      const dueAt = claimableAt(head).getTime();
      const paused = pausedTill(head, now.getTime());
      if (dueAt > now.getTime()) later(dueAt);
      else if (paused !== null) later(paused);
      else due.push(head.id);
    }
    const batch = Math.min(rateOf(adapter).global.count, MAX_CLAIM);
    const rows = await claimOutbox(ledger.session, ledger.kind, { ids: due.slice(0, batch), now, leaseUntil: new Date(now.getTime() + leaseMs) });

    let started = 0;
    // Rows launched or given up on; every other claimed row goes back to pending when the
    // pass ends, however it ends (a Redis or ledger error), rather than waiting out its lease.
    const done = new Set<number>();
    try {
      for (const row of rows) {
        const paused = pausedTill(row, clock.now().getTime());
        if (stopping || paused !== null) {
          if (paused !== null) later(paused);
          continue;
        }
        if (row.attempts > maxAttempts) {
          // Only a process dying mid-send, again and again, gets here.
          await markFailed(ledger.session, row.id, `gave up: lease expired on attempt ${maxAttempts}`);
          done.add(row.id);
          continue;
        }
        // A full lease from here: admission holds a row for at most half of one, so no row
        // of the batch reaches its send with its lease run out and taken over meanwhile.
        const heldAt = clock.now();
        if (!(await holdClaim(ledger.session, row, new Date(heldAt.getTime() + leaseMs), heldAt))) {
          log.info("outbox row taken over by another process while it waited to be sent", { id: row.id, key: row.key });
          done.add(row.id);
          continue;
        }
        const admission = await admit(adapter, row, () => {
          done.add(row.id);
          launch(send(adapter, row));
        });
        if (admission.kind === "later") {
          later(admission.retryAt);
          continue;
        }
        if (admission.kind === "chat soon") {
          done.add(row.id);
          launch(sendWhenChatHasRoom(adapter, row, admission.waitMs));
        }
        started++;
      }
    } finally {
      await releaseClaims(ledger.session, rows.filter((r) => !done.has(r.id)));
    }
    return started;
  }

  /**
   * Takes the chat's token and the platform's together, or neither: a chat at its limit
   * costs no platform token, and a platform that is full takes no chat token.
   *
   * A slot that frees within a few seconds is waited for with the row held: giving it
   * back and claiming it again costs a read, a claim and a hold each time, which at one
   * message a second per chat is a tenth of the rate on a busy machine. The platform's
   * slot is waited for here (it is the same for every row of the lane); the chat's is
   * waited for beside the lane ("chat soon"), so that the other chats go on meanwhile.
   * A slot further away sends the row back to pending, and the chat (or platform) is not
   * claimed again here until its window has room.
   *
   * Calls go() as soon as both are granted: a send delayed after its grant (by queued
   * work, or a Redis round trip) can land in the platform's next window, and only the
   * headroom absorbs that. With the in-memory limiter there is no tick in between.
   */
  async function admit(adapter: ChatAdapter, row: ClaimedRow, go: () => void): Promise<Admission> {
    const rate = rateOf(adapter);
    const global = withHeadroom(rate.global);
    const windows = [
      { key: chatKey(row), limit: withHeadroom(rate.perChat) },
      { key: platformKey(row.platform), limit: global },
    ];
    // A quarter lease each for the chat's wait and the platform's: the row reaches its send
    // with a quarter of the lease its hold gave it still to run.
    const holdable = Math.min(MAX_HOLD_MS, leaseMs / 4);
    let held = 0;
    for (;;) {
      const answer = limiter.takeAll(windows);
      const refusal = answer instanceof Promise ? await answer : answer;
      if (refusal === null) {
        go();
        return { kind: "went" };
      }
      const retryAt = clock.now().getTime() + refusal.wait;
      if (refusal.index === 0) {
        if (!stopping && refusal.wait <= holdable) return { kind: "chat soon", waitMs: refusal.wait };
        pause(chatKey(row), retryAt);
        return { kind: "later", retryAt };
      }
      // Other processes sharing the limit can keep taking the slot, and a platform with
      // a per-minute limit would hold the row for long: hand it back instead.
      if (stopping || held + refusal.wait > Math.min(2 * global.perMs, holdable)) {
        pause(platformKey(row.platform), retryAt);
        return { kind: "later", retryAt };
      }
      await sleep(refusal.wait);
      held += refusal.wait;
    }
  }

  /** A held row whose chat has room in a moment: sent then, or handed back if it still has none. */
  async function sendWhenChatHasRoom(adapter: ChatAdapter, row: ClaimedRow, waitMs: number): Promise<boolean> {
    await sleep(waitMs);
    let sending: Promise<boolean> | null = null;
    const admission = stopping ? null : await admit(adapter, row, () => (sending = send(adapter, row)));
    if (sending) return sending;
    // Another wait: the row goes back to pending and the next round takes it up.
    if (admission?.kind === "chat soon") pause(chatKey(row), clock.now().getTime() + admission.waitMs);
    await releaseClaims(ledger.session, [row]);
    return false;
  }

  /** Resolves true when the message went out and was recorded. */
  async function send(adapter: ChatAdapter, row: ClaimedRow): Promise<boolean> {
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
    const sent = earlier ?? (await attempt(adapter, row, to, toSend));
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
  async function attempt(adapter: ChatAdapter, row: ClaimedRow, to: ChatRef, msg: OutboundMessage): Promise<{ messageId: string } | null> {
    const renewing = renewWhileSending(ledger, row, leaseMs, clock, log);
    try {
      return await adapter.send(to, msg, { outboxId: row.id });
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
      await reaim(ledger, row, failure.movedTo, { now: clock.now(), reason: failure.reason, fallbackLang: deps.lang ?? "zh-CN" });
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
      pause(key, nowMs + afterMs);
      await limiter.pause(key, nowMs + afterMs);
    }
    // A platform that says when to come back is taken at its word: backing off further would
    // leave its chat idle for seconds after the platform (or a shared limit) has room again.
    const delay = afterMs > 0 ? afterMs : backoffMs(row.attempts);
    await markRetry(ledger.session, row.id, new Date(nowMs + delay), failure.reason);
    log.info("outbox send will be retried", { id: row.id, key: row.key, attempts: row.attempts, inMs: delay, reason: failure.reason });
  }

  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let woken = false;

  function notify(): void {
    woken = true;
    wake?.();
  }

  function start(intervalMs = 1_000): void {
    if (loop) return;
    stopping = false;
    loop = (async () => {
      while (!stopping) {
        woken = false;
        try {
          await runOnce();
        } catch (err) {
          nextDueAt = null;
          log.error("outbox round failed", { err });
        }
        if (stopping || woken) continue;
        const untilDue = nextDueAt === null ? intervalMs : nextDueAt - clock.now().getTime();
        await idle(Math.min(intervalMs, Math.max(0, untilDue)));
      }
    })();
  }

  /** A sleep that notify() and stop() cut short. */
  function idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  async function stop(): Promise<void> {
    stopping = true;
    wake?.();
    await loop;
    await Promise.all(rounds);
    loop = null;
    stopping = false;
  }

  return { runOnce, start, notify, stop };
}
