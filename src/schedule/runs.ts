/**
 * Exactly-once scheduled runs: the ledger decides (src/ledger/scheduled-runs.ts). Redis,
 * when present, only saves the other processes the work of composing a message that the
 * ledger would then refuse.
 */
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { isUniqueViolation, type Ledger } from "../ledger/db";
import { recordRun } from "../ledger/scheduled-runs";
import type { Session } from "../ledger/session";

/** How long the Redis pre-claim keeps other processes off a run. */
const PRECLAIM_MS = 5 * 60_000;

/**
 * Claim a run and do its work in one transaction: the run row and everything the work
 * writes (its outbox rows) commit together, or neither does. False when already run.
 */
export async function runOnce(ledger: Ledger, key: string, now: Date, work: (session: Session) => Promise<void>): Promise<boolean> {
  try {
    await ledger.tx(async (session) => {
      await recordRun(session, key, now);
      await work(session);
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/**
 * Redis `SET NX PX` before the work: false when another process is already at it. Redis
 * being down only costs the saving, never the run.
 */
export async function preclaim(redis: Redis | undefined, key: string, log: Logger): Promise<boolean> {
  if (!redis) return true;
  try {
    return (await redis.set(`run:${key}`, "1", "PX", PRECLAIM_MS, "NX")) === "OK";
  } catch (err) {
    log.warn("redis pre-claim failed; the ledger still decides", { key, err });
    return true;
  }
}

/** After failed work, let another process try at once instead of after the pre-claim expires. */
export async function releasePreclaim(redis: Redis | undefined, key: string, log: Logger): Promise<void> {
  if (!redis) return;
  try {
    await redis.del(`run:${key}`);
  } catch (err) {
    log.warn("redis release failed", { key, err });
  }
}
