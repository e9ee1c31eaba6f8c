/**
 * Exactly-once scheduled runs. node-cron keeps no state across a crash and fires in every
 * bot process, so the ledger decides: one ScheduledRun row per (kind, target, day), its
 * key unique. Redis, when present, only saves the other processes the work of composing
 * a message that the ledger would then refuse.
 */
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { isUniqueViolation, type Ledger, type Tx } from "../ledger/db";

/** A run started this long ago and never finished belongs to a process that died. */
export const ABANDONED_AFTER_MS = 10 * 60_000;
/** How long the Redis pre-claim keeps other processes off a run. */
const PRECLAIM_MS = 5 * 60_000;

/** Claim a run whose work commits on its own (and is safe to redo): finish it with finishRun. */
export async function claimRun(ledger: Ledger, key: string, now: Date): Promise<boolean> {
  try {
    await ledger.db.scheduledRun.create({ data: { key, startedAt: now } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  // Take over an abandoned run. The WHERE makes it atomic: of two takers one updates it.
  const { count } = await ledger.db.scheduledRun.updateMany({
    where: { key, doneAt: null, startedAt: { lt: new Date(now.getTime() - ABANDONED_AFTER_MS) } },
    data: { startedAt: now },
  });
  return count === 1;
}

export async function finishRun(ledger: Ledger, key: string, now: Date): Promise<void> {
  await ledger.db.scheduledRun.update({ where: { key }, data: { doneAt: now } });
}

/**
 * Claim a run and do its work in one transaction: the run row and everything the work
 * writes (its outbox rows) commit together, or neither does. False when already run.
 */
export async function runOnce(ledger: Ledger, key: string, now: Date, work: (tx: Tx) => Promise<void>): Promise<boolean> {
  try {
    await ledger.rawTx(async (tx) => {
      await tx.scheduledRun.create({ data: { key, startedAt: now, doneAt: now } });
      await work(tx);
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Of the given run keys, those with no run yet or an abandoned one. */
export async function unclaimedRuns(ledger: Ledger, keys: string[], now: Date): Promise<string[]> {
  if (keys.length === 0) return [];
  const runs = await ledger.db.scheduledRun.findMany({ where: { key: { in: keys } }, select: { key: true, startedAt: true, doneAt: true } });
  const cutoff = now.getTime() - ABANDONED_AFTER_MS;
  const settled = new Set(runs.filter((r) => r.doneAt !== null || r.startedAt.getTime() >= cutoff).map((r) => r.key));
  return keys.filter((k) => !settled.has(k));
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
