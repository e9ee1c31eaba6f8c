/**
 * Exactly-once scheduled runs. node-cron keeps no state across a crash and fires in every
 * bot process, so the ledger decides: one ScheduledRun row per (kind, target, day), its
 * key unique.
 */
import { isUniqueViolation } from "./db";
import { clientOf, type Session } from "./session";

/** A run started this long ago and never finished belongs to a process that died. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Claims a run whose work commits on its own (and is safe to redo): finish it with
 * finishRun. With the open ledger's session, not a transaction's: on PostgreSQL the
 * refused insert would abort the transaction.
 */
export async function claimRun(session: Session, key: string, now: Date): Promise<boolean> {
  const db = clientOf(session);
  try {
    await db.scheduledRun.create({ data: { key, startedAt: now }, select: { key: true } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  // Take over an abandoned run. The WHERE makes it atomic: of two takers one updates it.
  const { count } = await db.scheduledRun.updateMany({
    where: { key, doneAt: null, startedAt: { lt: new Date(now.getTime() - ABANDONED_AFTER_MS) } },
    data: { startedAt: now },
  });
  return count === 1;
}

export async function finishRun(session: Session, key: string, now: Date): Promise<void> {
  await clientOf(session).scheduledRun.update({ where: { key }, data: { doneAt: now }, select: { key: true } });
}

/**
 * Records the run as done in the session's transaction, so that it commits with the
 * run's work or not at all. Throws a unique violation when the run happened already.
 */
export async function recordRun(session: Session, key: string, now: Date): Promise<void> {
  await clientOf(session).scheduledRun.create({ data: { key, startedAt: now, doneAt: now }, select: { key: true } });
}

/** Of the given run keys, those with no run yet or an abandoned one. */
export async function unclaimedRuns(session: Session, keys: string[], now: Date): Promise<string[]> {
  if (keys.length === 0) return [];
  const runs = await clientOf(session).scheduledRun.findMany({ where: { key: { in: keys } }, select: { key: true, startedAt: true, doneAt: true } });
  const cutoff = now.getTime() - ABANDONED_AFTER_MS;
  const settled = new Set(runs.filter((r) => r.doneAt !== null || r.startedAt.getTime() >= cutoff).map((r) => r.key));
  return keys.filter((k) => !settled.has(k));
}
