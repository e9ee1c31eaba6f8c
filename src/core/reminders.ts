/**
 * When something is reminded about, and when nobody is disturbed. Reminders go out on
 * working days only; one run speaks for today and the days off up to the next working
 * day, so a "1 day before" that falls on a Sunday is sent on the Friday instead of lost.
 */
import { daysBetween, timeOf } from "./days";
import { viewItem, type ItemFacts, type Thresholds } from "./lights";
import type { Day } from "./types";
import type { WorkCalendar } from "./workdays";

export const CASE_REMINDER_DAYS = [3, 1, 0];
/** Silence is nudged weekly: a daily message about it teaches people to mute the bot. */
export const STALE_REPEAT_DAYS = 7;
/** Long-term items without a report period are expected to report monthly. */
const DEFAULT_PERIOD_DAYS = 30;

export type Reminder = { kind: "before"; days: number } | { kind: "overdue"; days: number };

export type ItemReminder =
  | Reminder
  /** No report for `days` days. */
  | { kind: "stale"; days: number }
  /** A long-term item silent for `days` days, expected to report every `periodDays`. */
  | { kind: "period"; days: number; periodDays: number };

/**
 * The reminder due today for a deadline: on the listed days before it (0 = on the day)
 * and every day after it. `span` is how many days this run speaks for (see above).
 */
export function reminderFor(deadline: Day, today: Day, beforeDays: number[] = CASE_REMINDER_DAYS, span = 1): Reminder | null {
  const d = daysBetween(today, deadline);
  if (d < 0) return { kind: "overdue", days: -d };
  return beforeDays.some((o) => o <= d && o > d - span) ? { kind: "before", days: d } : null;
}

/**
 * An item's reminder: before its deadline (first when it becomes due soon, then 1 day
 * before and on the day), daily once overdue, weekly while stale. Long-term items have
 * no deadline; they are reminded when a report period passes without a report. Items
 * awaiting sign-off wait on the coordinators, not the unit, so they are not reminded.
 */
export function itemReminder(
  item: ItemFacts,
  today: Day,
  dayOfInstant: (at: Date) => Day,
  t: Thresholds,
  span = 1,
): ItemReminder | null {
  const view = viewItem(item, today, dayOfInstant, t);
  if (view.signedOff || item.status === "awaiting_signoff") return null;
  if (!item.longTerm && item.deadline) {
    const due = reminderFor(item.deadline, today, [t.dueSoonDays, 1, 0], span);
    if (due) return due;
  }
  const silentFor = item.longTerm ? item.reportPeriodDays ?? DEFAULT_PERIOD_DAYS : t.staleDays;
  if (!nudgeWithin(view.silentDays, silentFor, span)) return null;
  return item.longTerm
    ? { kind: "period", days: view.silentDays, periodDays: silentFor }
    : { kind: "stale", days: view.silentDays };
}

/** Whether a nudge (at `threshold` silent days, then every STALE_REPEAT_DAYS) falls in this run's span. */
function nudgeWithin(silentDays: number, threshold: number, span: number): boolean {
  for (let k = silentDays; k < silentDays + span; k++) {
    if (k >= threshold && (k - threshold) % STALE_REPEAT_DAYS === 0) return true;
  }
  return false;
}

/** How many days a run on `today` speaks for: today and the days off before the next working day. */
export function runSpan(calendar: WorkCalendar, today: Day): number {
  return daysBetween(today, calendar.addWorkdays(today, 1));
}

const QUIET = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

function quietBounds(quiet: string): [string, string] {
  if (!QUIET.test(quiet)) throw new RangeError(`quiet hours "${quiet}": expected HH:MM-HH:MM`);
  return quiet.split("-") as [string, string];
}

/** Whether `at` falls in the quiet hours (which may span midnight) in `tz`. */
export function inQuietHours(at: Date, tz: string, quiet = "21:00-08:00"): boolean {
  const [start, end] = quietBounds(quiet);
  const t = timeOf(at, tz);
  if (start === end) return false;
  return start < end ? t >= start && t < end : t >= start || t < end;
}
