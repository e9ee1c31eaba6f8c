/**
 * Working days: Chinese public holidays and the official make-up working days (调休).
 * The State Council publishes each year's schedule in the autumn before; chinese-days
 * carries the published years, and a coordinator supplies a newer year in chat
 * (/节假日) or an admin as a file (docs/calendar.md). For a year nobody has data for,
 * the package would quietly fall back to Monday-to-Friday; duban refuses instead,
 * because a guessed holiday moves a deadline. Only the decision on which days to send
 * reminders may guess (sendingCalendar), since a reminder on a holiday costs a message
 * while a silent reminder costs a deadline.
 */
import chineseDays from "chinese-days";
import { z } from "zod";
import { addDays, isDay } from "./days";
import type { Day } from "./types";

const day = z.string().refine(isDay, { message: "expected a date as YYYY-MM-DD", params: { problem: "not_a_date" } });

export const YearSchedule = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** Days off that would otherwise be working days (weekend days of a holiday may be listed too). */
    holidays: z.array(day).min(1, "a year always has public holidays; an empty list would mean plain weekdays"),
    /** Make-up working days: weekend days that are worked. */
    workdays: z.array(day),
  })
  .superRefine((s, ctx) => {
    const off = new Set(s.holidays);
    for (const [field, days] of [["holidays", s.holidays], ["workdays", s.workdays]] as const) {
      days.forEach((d, i) => {
        if (isDay(d) && yearOf(d) !== s.year) {
          ctx.addIssue({ code: "custom", path: [field, i], message: `${d} is not in ${s.year}`, params: { problem: "outside_year", day: d, year: s.year } });
        }
      });
    }
    s.workdays.forEach((d, i) => {
      if (!isDay(d)) return;
      if (!isWeekend(d)) ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} is not a Saturday or Sunday`, params: { problem: "not_weekend", day: d } });
      if (off.has(d)) ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} is also listed as a holiday`, params: { problem: "listed_twice", day: d } });
    });
  });
export type YearSchedule = z.infer<typeof YearSchedule>;

/** What is wrong with a schedule, for the catalogues to say in the reader's language. */
export type ScheduleProblem = { path: string } & (
  | { code: "not_a_date"; raw: string }
  | { code: "outside_year"; day: Day; year: number }
  | { code: "not_weekend"; day: Day }
  | { code: "listed_twice"; day: Day }
  | { code: "no_holidays" }
  | { code: "bad_year" }
  /** Not shaped like a schedule at all: a field missing or of the wrong type. */
  | { code: "malformed" }
);

/** Validates a schedule from outside (a chat message, a file): the schedule, or every problem with it. */
export function checkYearSchedule(input: unknown): { ok: true; schedule: YearSchedule } | { ok: false; problems: ScheduleProblem[] } {
  const parsed = YearSchedule.safeParse(input);
  if (parsed.success) return { ok: true, schedule: tidySchedule(parsed.data) };
  return { ok: false, problems: parsed.error.issues.map((issue) => problemOf(issue, input)) };
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): ScheduleProblem {
  const path = issue.path.join(".");
  const params = issue.code === "custom" ? (issue.params as { problem?: string; day?: Day; year?: number } | undefined) : undefined;
  switch (params?.problem) {
    case "not_a_date":
      return { path, code: "not_a_date", raw: String(valueAt(input, issue.path)) };
    case "outside_year":
      return { path, code: "outside_year", day: params.day!, year: params.year! };
    case "not_weekend":
      return { path, code: "not_weekend", day: params.day! };
    case "listed_twice":
      return { path, code: "listed_twice", day: params.day! };
  }
  if (path === "holidays" && issue.code === "too_small") return { path, code: "no_holidays" };
  if (path === "year" && issue.code !== "invalid_type") return { path, code: "bad_year" };
  return { path, code: "malformed" };
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
}

/** Sorted, each day once: the same notice typed in another order is the same schedule. */
function tidySchedule(s: YearSchedule): YearSchedule {
  const tidy = (days: Day[]) => [...new Set(days)].sort();
  return { year: s.year, holidays: tidy(s.holidays), workdays: tidy(s.workdays) };
}

export class CalendarYearMissing extends Error {
  constructor(readonly year: number) {
    super(
      `No holiday schedule for ${year}: working days in ${year} cannot be counted. ` +
        `Supply the State Council's holiday schedule (国务院办公厅关于${year}年部分节假日安排的通知) ` +
        `in chat with /节假日 ${year} or as DUBAN_DATA_DIR/calendar/${year}.json; see docs/calendar.md.`,
    );
    this.name = "CalendarYearMissing";
  }
}

export interface WorkCalendar {
  isWorkday(day: Day): boolean;
  /** The day `n` working days after `day` (before it when n is negative); `day` itself when n is 0. */
  addWorkdays(day: Day, n: number): Day;
  /** Working days d with a < d ≤ b; negative when b is before a. */
  workdaysBetween(a: Day, b: Day): number;
  covers(year: number): boolean;
}

/**
 * The package's calendar with the given years laid over it, or over `under` (a year
 * supplied in chat over the data directory's files over the package).
 */
export function createWorkCalendar(extraYears: YearSchedule[] = [], under?: WorkCalendar): WorkCalendar {
  const supplied = new Map(extraYears.map((s) => [s.year, { holidays: new Set(s.holidays), workdays: new Set(s.workdays) }]));
  return calendarOf(
    (d) => {
      const year = yearOf(d);
      const rules = supplied.get(year);
      if (rules) return rules.workdays.has(d) || (!isWeekend(d) && !rules.holidays.has(d));
      if (under) return under.isWorkday(d);
      if (!packageCovers(year)) throw new CalendarYearMissing(year);
      return chineseDays.isWorkday(d);
    },
    (year) => supplied.has(year) || (under ? under.covers(year) : packageCovers(year)),
  );
}

/**
 * For deciding on which days scheduled messages go out, never for a stored deadline: a
 * year without data counts Monday to Friday, so that its reminders are not silenced.
 */
export function sendingCalendar(calendar: WorkCalendar): WorkCalendar {
  return calendarOf((d) => (calendar.covers(yearOf(d)) ? calendar.isWorkday(d) : !isWeekend(d)), () => true);
}

function calendarOf(isWorkday: (d: Day) => boolean, covers: (year: number) => boolean): WorkCalendar {
  function addWorkdays(d: Day, n: number): Day {
    if (!Number.isInteger(n)) throw new RangeError(`addWorkdays: ${n} is not a whole number of days`);
    const step = Math.sign(n);
    let left = Math.abs(n);
    let at = d;
    while (left > 0) {
      at = addDays(at, step);
      if (isWorkday(at)) left--;
    }
    return at;
  }

  function workdaysBetween(a: Day, b: Day): number {
    if (b < a) return -workdaysBetween(b, a);
    let count = 0;
    for (let at = addDays(a, 1); at <= b; at = addDays(at, 1)) if (isWorkday(at)) count++;
    return count;
  }

  return { isWorkday, addWorkdays, workdaysBetween, covers };
}

/** A year as the package has it, in the shape of a supplied schedule; null when the package does not know it. */
export function packageSchedule(year: number): YearSchedule | null {
  if (!packageCovers(year)) return null;
  const workdays: Day[] = [];
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) if (isWeekend(d) && chineseDays.isWorkday(d)) workdays.push(d);
  return { year, holidays: chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false), workdays };
}

/**
 * A year's days off as a notice reads them: each run of consecutive days off that
 * holds a weekday off ("2027-02-06~2027-02-12"), and the make-up working days.
 */
export function describeYear(calendar: WorkCalendar, year: number): { holidayRuns: [Day, Day][]; offWeekdays: number; workdays: Day[] } {
  const holidayRuns: [Day, Day][] = [];
  const workdays: Day[] = [];
  let offWeekdays = 0;
  // Runs of consecutive days off; a run of weekend days only is an ordinary weekend.
  const runs: { from: Day; to: Day; weekday: boolean }[] = [];
  let previousOff = false;
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) {
    const weekend = isWeekend(d);
    const off = !calendar.isWorkday(d);
    if (!off && weekend) workdays.push(d);
    if (off && !weekend) offWeekdays++;
    if (off && previousOff) {
      const last = runs[runs.length - 1]!;
      last.to = d;
      last.weekday ||= !weekend;
    } else if (off) {
      runs.push({ from: d, to: d, weekday: !weekend });
    }
    previousOff = off;
  }
  for (const r of runs) if (r.weekday) holidayRuns.push([r.from, r.to]);
  return { holidayRuns, offWeekdays, workdays };
}

/**
 * A year is in the package's data when it lists at least one public holiday in it:
 * every real year has some, and the weekday fallback lists none.
 */
const packageYears = new Map<number, boolean>();
function packageCovers(year: number): boolean {
  let known = packageYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    packageYears.set(year, known);
  }
  return known;
}

export function yearOf(d: Day): number {
  return Number(d.slice(0, 4));
}

export function isWeekend(d: Day): boolean {
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The years whose schedule is needed and missing on `today`: this year, and from
 * 1 December next year too (the notice is usually out by then).
 */
export function yearsToSupply(calendar: WorkCalendar, today: Day): number[] {
  const year = yearOf(today);
  const needed = today.slice(5, 7) === "12" ? [year, year + 1] : [year];
  return needed.filter((y) => !calendar.covers(y));
}
