/**
 * Chasing (督办) and leaders' instructions (批示): who may, when a notice may go out, and
 * what an item's chases add up to. Pure.
 */
import { addDays, dayOf, instantOf, timeOf } from "./days";
import type { Day, Role } from "./types";

/** The office and leaders chase; a unit does not chase itself. */
export function mayChase(roles: readonly Role[]): boolean {
  return roles.some((r) => r === "coordinator" || r === "admin" || r === "leader");
}

/** Only leaders give instructions (批示). */
export function mayInstruct(roles: readonly Role[]): boolean {
  return roles.includes("leader");
}

/**
 * When a notice sent at `at` may go out: now, or in quiet hours ("21:00-08:00") the moment
 * they end, first thing in the morning.
 */
export function sendableAt(at: Date, tz: string, quiet: string): Date {
  const [start, end] = quiet.split("-") as [string, string];
  if (start === end) return at;
  const t = timeOf(at, tz);
  const quietNow = start < end ? t >= start && t < end : t >= start || t < end;
  if (!quietNow) return at;
  const today: Day = dayOf(at, tz);
  // Past midnight (or quiet hours that do not span it) the end is today; before midnight, tomorrow.
  return instantOf(t < end ? today : addDays(today, 1), end, tz);
}

export interface ChaseFacts {
  at: Date;
  dueDay: Day | null;
  answeredAt: Date | null;
}

export interface ChaseSummary {
  count: number;
  last: Date;
  /** The latest chase is still waiting for the unit's report. */
  unanswered: boolean;
}

/** "已催办 2 次，最近 12月1日，未回复"; null when never chased. */
export function summariseChases(chases: readonly ChaseFacts[]): ChaseSummary | null {
  if (!chases.length) return null;
  const latest = chases.reduce((a, b) => (b.at > a.at ? b : a));
  return { count: chases.length, last: latest.at, unanswered: latest.answeredAt === null };
}

/** Unanswered and past its 期限: what the digest lists as 催办未回复. */
export function chaseOverdue(c: ChaseFacts, today: Day): boolean {
  return c.answeredAt === null && c.dueDay !== null && c.dueDay < today;
}
