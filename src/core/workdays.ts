/**
 * Working days: Chinese public holidays and the official make-up working days (调休).
 * The State Council publishes each year's schedule in the autumn before; chinese-days
 * carries the published years, and an admin supplies a newer year as a file
 * (docs/calendar.md). For a year nobody has data for, the package would quietly fall
 * back to Monday-to-Friday; duban refuses instead, because a guessed holiday moves a
 * deadline.
 */
import chineseDays from "chinese-days";
import { z } from "zod";
import { addDays, isDay } from "./days";
import type { Day } from "./types";

const day = z.string().refine(isDay, "expected a date as YYYY-MM-DD");

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
        if (yearOf(d) !== s.year) ctx.addIssue({ code: "custom", path: [field, i], message: `${d} is not in ${s.year}` });
      });
    }
    s.workdays.forEach((d, i) => {
      if (!isWeekend(d)) ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} is not a Saturday or Sunday` });
      if (off.has(d)) ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} is also listed as a holiday` });
    });
  });
export type YearSchedule = z.infer<typeof YearSchedule>;

export class CalendarYearMissing extends Error {
  constructor(readonly year: number) {
    super(
      `No holiday schedule for ${year}: working days in ${year} cannot be counted. ` +
        `Supply the State Council's holiday schedule (国务院办公厅关于${year}年部分节假日安排的通知) ` +
        `as DUBAN_DATA_DIR/calendar/${year}.json and restart; see docs/calendar.md.`,
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

interface YearRules {
  holidays: Set<Day>;
  workdays: Set<Day>;
}

export function createWorkCalendar(extraYears: YearSchedule[] = []): WorkCalendar {
  const supplied = new Map<number, YearRules>(
    extraYears.map((s) => [s.year, { holidays: new Set(s.holidays), workdays: new Set(s.workdays) }]),
  );

  const covers = (year: number) => supplied.has(year) || packageCovers(year);

  function isWorkday(d: Day): boolean {
    const year = yearOf(d);
    const rules = supplied.get(year);
    if (rules) return rules.workdays.has(d) || (!isWeekend(d) && !rules.holidays.has(d));
    if (!packageCovers(year)) throw new CalendarYearMissing(year);
    return chineseDays.isWorkday(d);
  }

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

function yearOf(d: Day): number {
  return Number(d.slice(0, 4));
}

function isWeekend(d: Day): boolean {
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
