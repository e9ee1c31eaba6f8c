/** The dispatcher's pacing: headroom under a platform's limits, back-off after failures, leases kept while a send is in flight. */
import type { RateLimit } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Ledger } from "../ledger/db";
import { renewLease, type ClaimedRow } from "../ledger/outbox-claims";
import type { Logger } from "../log";

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 10 * 60_000;
// Windows 2 % longer than the platform's, for clocks that differ a little (ours between
// processes, the platform's from ours). A send slow on its way is not what this is for:
// its grant is settled at the platform's answer (rate-limit.ts).
const HEADROOM = 1.02;

export function withHeadroom(limit: RateLimit): RateLimit {
  return { count: limit.count, perMs: Math.ceil(limit.perMs * HEADROOM) };
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
