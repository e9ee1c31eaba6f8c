/** The dispatcher's pacing: headroom under a platform's limits, back-off after failures, leases kept while a send is in flight. */
import type { RateLimit } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Ledger } from "../ledger/db";
import { renewLease, type ClaimedRow } from "../ledger/outbox-claims";
import type { Logger } from "../log";

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 10 * 60_000;
// Platforms count arrival times, which trail our grant times by network jitter and
// event-loop delays: windows 2 % longer than the platform's keep us clear of its limit.
// A chat's window gets 25 ms more: with a message or two per window, one message whose
// way from its grant to the platform is that much slower than the next one's (a busy
// machine: three processes on two cores, test/scale/three-processes.test.ts) lands inside
// the platform's window. At one message a second it costs 2.5 % of the rate; a platform's
// window of tens of messages absorbs a late one, and the 25 ms would cost it as much.
const HEADROOM = 1.02;
export const CHAT_HEADROOM_MS = 25;

export function withHeadroom(limit: RateLimit, extraMs = 0): RateLimit {
  return { count: limit.count, perMs: Math.ceil(limit.perMs * HEADROOM) + extraMs };
}

/** Exponential from 2 s, capped at 10 min, with "equal jitter" so that failed chats don't retry in step. */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** A short lease, renewed while the platform takes its time, so that a dead process's rows come back soon. */
export function renewWhileSending(ledger: Ledger, row: ClaimedRow, leaseMs: number, clock: Clock, log: Logger): NodeJS.Timeout {
  const timer = setInterval(() => {
    renewLease(ledger.session, row.id, new Date(clock.now().getTime() + leaseMs)).catch((err: unknown) =>
      log.warn("outbox lease could not be renewed", { id: row.id, key: row.key, err }),
    );
  }, Math.max(1, Math.floor(leaseMs / 3)));
  timer.unref();
  return timer;
}
