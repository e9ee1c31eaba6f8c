/**
 * Overdue, due soon, stale and the traffic light are computed when read, from the
 * deadline, the reports and the clock — never stored, so they cannot go stale.
 */
import { daysBetween } from "./days";
import type { Day, ItemStatus, Light } from "./types";

export interface Thresholds {
  /** No report for this many days makes an item stale. */
  staleDays: number;
  /** A deadline within this many days is "due soon". */
  dueSoonDays: number;
  /** This many returns of a sign-off application turn an item red. */
  redAfterReturns: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { staleDays: 14, dueSoonDays: 7, redAfterReturns: 2 };

export interface ItemFacts {
  status: ItemStatus | string;
  /** The current deadline (after extensions); null for long-term items. */
  deadline: Day | null;
  longTerm: boolean;
  reportPeriodDays: number | null;
  lastReportAt: Date | null;
  assignedAt: Date;
  returnCount: number;
}

export interface ItemView {
  signedOff: boolean;
  overdue: boolean;
  /** Days past the deadline (0 when not overdue). */
  overdueDays: number;
  /** Days until the deadline; null without a deadline. Negative when overdue. */
  dueInDays: number | null;
  dueSoon: boolean;
  stale: boolean;
  /** Days since the last report (or since assignment when there is none). */
  silentDays: number;
  light: Light;
}

export function viewItem(item: ItemFacts, today: Day, dayOfInstant: (at: Date) => Day, t: Thresholds): ItemView {
  const signedOff = item.status === "signed_off";
  const dueInDays = !item.longTerm && item.deadline ? daysBetween(today, item.deadline) : null;
  const overdue = !signedOff && dueInDays !== null && dueInDays < 0;
  const dueSoon = !signedOff && dueInDays !== null && dueInDays >= 0 && dueInDays <= t.dueSoonDays;
  const silentDays = daysBetween(dayOfInstant(item.lastReportAt ?? item.assignedAt), today);
  const staleAfter = item.longTerm ? item.reportPeriodDays ?? 30 : t.staleDays;
  const stale = !signedOff && item.status !== "awaiting_signoff" && silentDays >= staleAfter;
  const light: Light =
    overdue || (!signedOff && item.returnCount >= t.redAfterReturns) ? "red" : dueSoon || stale ? "yellow" : "green";
  return { signedOff, overdue, overdueDays: overdue ? -dueInDays! : 0, dueInDays, dueSoon, stale, silentDays, light };
}
