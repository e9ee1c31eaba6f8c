/**
 * Sends the outbox. Each round reads every chat's head row, claims the due ones under
 * a lease and passes them through the platform's rate limits; each chat then goes on
 * from its head by itself (sendChat). One row's send and its failures: send-row.ts.
 *
 * Crash safety: a row is `sending` only under a lease, and attemptAt says a send may have begun. A
 * process dying between the platform's answer and markSent leaves the row to its next
 * owner, which asks the adapter (findDelivered: Slack finds the outbox id the message
 * carries) and records it sent without sending again. An adapter that cannot look keeps
 * at-least-once (the message arrives twice), as does a stalled sender outliving its lease.
 */
import type { ChatAdapter } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Lang, Platform } from "../core/types";
import type { Ledger } from "../ledger/db";
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { claimableAt, claimOutbox, holdClaim, markFailed, nextInChat, readHeads, releaseClaims, type ClaimedRow, type Head } from "../ledger/outbox-claims";
import { createAdmissions, type Admission, type ChatRates } from "./admission";
import { chatKey, createRowSender, type SendOutcome, type SentMessage } from "./send-row";
import type { Grant } from "./rate-limit";
import { createSharedLimiter } from "./shared-limits";

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

export type { ChatRates, SendOutcome, SentMessage };

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

/** How long a claimed outbox row stays a process's unless renewed: a dead process's rows go on after this. */
export const OUTBOX_LEASE_MS = 15_000;

// Rows claimed at once per platform: enough for a round's sends, few enough to give back cheaply.
const MAX_CLAIM = 50;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { ledger, clock, log } = deps;
  const maxAttempts = deps.maxAttempts ?? 8;
  const leaseMs = deps.leaseMs ?? OUTBOX_LEASE_MS;
  const adapters = new Map<string, ChatAdapter>(deps.adapters.map((a) => [a.platform, a]));
  const rateOf = (adapter: ChatAdapter): ChatRates => ({ ...adapter.caps.rate, ...deps.rates?.[adapter.platform] });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const admissions = createAdmissions({ limiter: createSharedLimiter(deps.redis, clock, log), clock, sleep, leaseMs, stopping: () => stopping });
  const { admit, pause, pausedTill } = admissions;

  const send = createRowSender({
    ledger,
    clock,
    log,
    maxAttempts,
    leaseMs,
    lang: deps.lang ?? "zh-CN",
    onOutcome: deps.onOutcome,
    onSent: deps.onSent,
    pause: admissions.pauseShared,
  });

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
    const launch = (sending: Promise<number>) => {
      const job = sending
        .then(
          (count) => {
            sent += count;
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
        woken = false;
        if ((await claimRound(launch)) > 0) continue;
        // A send that finished while this round read the heads may have freed its chat's next row.
        if (finished !== finishedBefore || woken) continue;
        if (inflight.size === 0) break;
        // A chat goes on by itself for as long as it has rows (sendChat), which can be many
        // seconds: meanwhile a finished send may have made its chat's next row the head, a
        // head comes due (a dead process's lease runs out), or new rows are committed.
        const pause = idle(untilNextLook());
        await Promise.race([...inflight, pause.over]);
        pause.end();
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
  async function claimRound(launch: (sends: Promise<number>) => void): Promise<number> {
    const heads = await readHeads(ledger.session);
    const nowMs = clock.now().getTime();
    admissions.forgetPast(nowMs);

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
    launch: (sends: Promise<number>) => void,
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
        const admission = await admit(rateOf(adapter), row, (grant) => {
          done.add(row.id);
          launch(sendChat(adapter, row, send(adapter, row, grant)));
        });
        if (admission.kind === "later") {
          later(admission.retryAt);
          continue;
        }
        if (admission.kind === "chat soon") {
          done.add(row.id);
          launch(admitHeld(adapter, row, admission.waitMs).then((held) => (held ? sendChat(adapter, row, held.sending) : 0)));
        }
        started++;
      }
    } finally {
      await releaseClaims(ledger.session, rows.filter((r) => !done.has(r.id)));
    }
    return started;
  }

  /**
   * A held row sent once its limits allow, waiting first for its chat (`waitMs`, "chat
   * soon") and then as admit() does; null when it was handed back instead.
   */
  async function admitHeld(adapter: ChatAdapter, row: ClaimedRow, waitMs = 0): Promise<{ sending: Promise<boolean> } | null> {
    let sending: Promise<boolean> | null = null;
    const go = (grant: Grant) => (sending = send(adapter, row, grant));
    let admission: Admission | null = { kind: "chat soon", waitMs };
    for (let tries = 0; admission?.kind === "chat soon" && tries < 2; tries++) {
      if (admission.waitMs > 0) await sleep(admission.waitMs);
      admission = stopping ? null : await admit(rateOf(adapter), row, go);
    }
    if (sending) return { sending };
    // Still no room: back to pending, and the next round takes it up.
    if (admission?.kind === "chat soon") pause(chatKey(row), clock.now().getTime() + admission.waitMs);
    await releaseClaims(ledger.session, [row]);
    return null;
  }

  /**
   * A chat's rows one after another while its own limit is what they wait for: the next
   * row is claimed while this one is being sent, and goes as soon as this one is recorded
   * sent (never before: a row sent while the one before it might still be sent again would
   * break the chat's order). Going back through a round for every message costs a read of
   * every chat's head, a claim and a hold, which at a chat's limit of a message a second or
   * two is more than a busy machine has between them. Resolves how many it sent.
   */
  async function sendChat(adapter: ChatAdapter, first: ClaimedRow, sending: Promise<boolean>): Promise<number> {
    let sent = 0;
    for (let row = first; ; ) {
      const successor = stopping ? Promise.resolve(null) : claimSuccessor(row);
      const ok = await sending;
      const next = await successor;
      if (!ok) {
        if (next) await releaseClaims(ledger.session, [next]);
        return sent;
      }
      sent++;
      const held = next && !stopping ? await admitHeld(adapter, next) : null;
      if (!held) {
        if (next && stopping) await releaseClaims(ledger.session, [next]);
        return sent;
      }
      row = next!;
      sending = held.sending;
    }
  }

  /** Claims and holds the chat's next row, if it is due; null when there is none (or another process has it). */
  async function claimSuccessor(row: ClaimedRow): Promise<ClaimedRow | null> {
    try {
      const now = clock.now();
      const id = await nextInChat(ledger.session, row, now);
      if (id === null) return null;
      const [next] = await claimOutbox(ledger.session, ledger.kind, { ids: [id], now, leaseUntil: new Date(now.getTime() + leaseMs) });
      if (!next) return null;
      const heldAt = clock.now();
      return (await holdClaim(ledger.session, next, new Date(heldAt.getTime() + leaseMs), heldAt)) ? next : null;
    } catch (err) {
      log.warn("could not claim a chat's next outbox row; a round will", { after: row.id, err });
      return null;
    }
  }

  let loop: Promise<void> | null = null;
  const wakes = new Set<() => void>();
  let woken = false;
  let lookEveryMs = 1_000;
  const untilNextLook = () => Math.min(lookEveryMs, Math.max(0, (nextDueAt ?? Infinity) - clock.now().getTime()));

  function notify(): void {
    woken = true;
    for (const wake of [...wakes]) wake();
  }

  function start(intervalMs = 1_000): void {
    if (loop) return;
    stopping = false;
    lookEveryMs = intervalMs;
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
        await idle(untilNextLook()).over;
      }
    })();
  }

  /** A sleep that notify() and stop() cut short; end() when it is no longer waited for. */
  function idle(ms: number): { over: Promise<void>; end: () => void } {
    let end = () => {};
    const over = new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakes.delete(done);
        resolve();
      }
      wakes.add(done);
      end = done;
    });
    return { over, end };
  }

  async function stop(): Promise<void> {
    stopping = true;
    for (const wake of [...wakes]) wake();
    await loop;
    await Promise.all(rounds);
    loop = null;
    stopping = false;
  }

  return { runOnce, start, notify, stop };
}
