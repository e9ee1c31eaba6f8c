/**
 * What /readyz and /metrics read from the ledger. Counts are the whole ledger's, so every
 * process reports the same figures: a dashboard takes one process's (max), not the sum.
 */
import { PHOTO_FLAGS } from "../core/types";
import type { Ledger } from "./db";
import { pendingFrom } from "./migrate";
import { inboxHealth } from "./inbox-events";
import { outboxHealth } from "./outbox";
import { clientOf, type Session } from "./session";

export type Readiness = { ready: true } | { ready: false; reason: string };

/** The database answers and every committed migration is applied. */
export async function ledgerReadiness(session: Session, kind: Ledger["kind"]): Promise<Readiness> {
  const db = clientOf(session);
  let applied: string[];
  try {
    const rows = await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM duban_migrations");
    applied = rows.map((r) => r.name);
  } catch (err) {
    return { ready: false, reason: `database unreachable: ${err instanceof Error ? err.message : String(err)}` };
  }
  const missing = pendingFrom(kind, new Set(applied));
  if (missing.length > 0) return { ready: false, reason: `migrations not applied: ${missing.map((m) => m.name).join(", ")}` };
  return { ready: true };
}

/** Scheduled runs by what they are (their key's first part). */
export const RUN_KINDS = ["digest", "reminders", "longterm", "remind", "calendar-warning"] as const;
export const EVIDENCE_FLAGS = PHOTO_FLAGS;

export interface ObservedCounts {
  outboxUnsent: number;
  outboxFailed: number;
  /** Seconds since the oldest unsent row was queued; 0 when none is. */
  outboxOldestAgeS: number;
  /** Events received and not yet processed (written before the platform was answered). */
  inboxWaiting: number;
  /** Seconds since the oldest of them was received; 0 when none waits. */
  inboxOldestAgeS: number;
  deadLetters: number;
  runs: Record<(typeof RUN_KINDS)[number], { started: number; done: number }>;
  evidenceFlags: Record<(typeof EVIDENCE_FLAGS)[number], number>;
}

export async function observedCounts(session: Session, now: Date): Promise<ObservedCounts> {
  const db = clientOf(session);
  const runCount = (kind: string, done: boolean) =>
    db.scheduledRun.count({ where: { key: { startsWith: `${kind}:` }, ...(done ? { doneAt: { not: null } } : {}) } });
  const [health, inbox, deadLetters, runs, flags] = await Promise.all([
    outboxHealth(session, now, 0),
    inboxHealth(session),
    db.failedEvent.count({ where: { status: "failed" } }),
    Promise.all(RUN_KINDS.map(async (kind) => [kind, { started: await runCount(kind, false), done: await runCount(kind, true) }] as const)),
    Promise.all(EVIDENCE_FLAGS.map(async (flag) => [flag, await db.photo.count({ where: { flags: { contains: flag } } })] as const)),
  ]);
  return {
    outboxUnsent: health.pending,
    outboxFailed: health.failed,
    outboxOldestAgeS: health.oldestPendingAt ? Math.max(0, (now.getTime() - health.oldestPendingAt.getTime()) / 1000) : 0,
    inboxWaiting: inbox.waiting,
    inboxOldestAgeS: inbox.oldestReceivedAt ? Math.max(0, (now.getTime() - inbox.oldestReceivedAt.getTime()) / 1000) : 0,
    deadLetters,
    runs: Object.fromEntries(runs) as ObservedCounts["runs"],
    evidenceFlags: Object.fromEntries(flags) as ObservedCounts["evidenceFlags"],
  };
}
