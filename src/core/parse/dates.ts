/**
 * Days as people write them: typed in commands (parseDay) and in the deadline column of
 * the county's Excel ledgers (parseDeadline). A wrong calendar date is refused, never
 * rolled over (2026-02-30 is not March 2nd).
 */
import { addDays, isDay } from "../days";
import type { Day } from "../types";
import { foldDashes, halfWidth } from "./width";

function clean(text: string): string {
  return foldDashes(halfWidth(text)).replace(/\s+/g, "");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The day, or null when it is not on the calendar. */
function dayOf(year: number, month: number, day: number): Day | null {
  const s = `${year}-${pad(month)}-${pad(day)}`;
  return isDay(s) ? s : null;
}

function lastDayOf(year: number, month: number): Day | null {
  if (month < 1 || month > 12) return null;
  return addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
}

const FULL = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})[日号]?)$/;
const MONTH_DAY = /^(\d{1,2})(?:[-/.](\d{1,2})|月(\d{1,2})[日号]?)$/;

/**
 * A day typed in a command: 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日(号), or
 * without a year (12月31日, 12-31) meaning the next such day on or after today.
 */
export function parseDay(text: string, today: Day): Day | null {
  const t = clean(text);
  const full = FULL.exec(t);
  if (full) return dayOf(+full[1]!, +(full[3] ?? full[5])!, +(full[4] ?? full[6])!);
  const md = MONTH_DAY.exec(t);
  if (!md) return null;
  const month = +md[1]!;
  const day = +(md[2] ?? md[3])!;
  const year = +today.slice(0, 4);
  const thisYear = dayOf(year, month, day);
  if (thisYear !== null && thisYear >= today) return thisYear;
  return dayOf(year + 1, month, day);
}

export type Deadline = { kind: "day"; day: Day } | { kind: "long_term" };

const LONG_TERM = /^(?:长期(?:坚持|推进|保持)?|持续(?:推进|整改|开展))$/;
// "…前", "…之前", "…前完成", "…完成整改": the deadline is the date before them.
const SUFFIX = /(?:之前|以前|前)?(?:完成(?:整改)?)?$/;
const PERIOD_ENDS: Record<string, [month: number, day: number]> = {
  上半年: [6, 30], 下半年: [12, 31],
  一季度: [3, 31], 二季度: [6, 30], 三季度: [9, 30], 四季度: [12, 31],
  底: [12, 31], 末: [12, 31], 年底: [12, 31], 年末: [12, 31],
};
const TEN_DAYS: Record<string, number | "end"> = { 上旬: 10, 中旬: 20, 下旬: "end", 底: "end", 末: "end", "": "end" };

const YM = /^(\d{4})年(\d{1,2})月(上旬|中旬|下旬|底|末|)$/;
const Y_PERIOD = /^(\d{4})年(?:第)?(上半年|下半年|[一二三四]季度|年底|年末|底|末)$/;

/**
 * A deadline cell of a real ledger: a day (2026-06-30, 2026/6/30, 2026年6月30日前完成),
 * a month or period end (2025年12月底前, 2025年12月, 2025年底, 2026年上半年, 2025年三季度),
 * or long-term (长期坚持, 持续推进). Anything else, such as a bare 年底, is null.
 */
export function parseDeadline(text: string): Deadline | null {
  const t = clean(text);
  if (LONG_TERM.test(t)) return { kind: "long_term" };
  const body = t.replace(SUFFIX, "");
  const day = deadlineDay(body);
  return day === null ? null : { kind: "day", day };
}

function deadlineDay(body: string): Day | null {
  const ymd = FULL.exec(body);
  if (ymd) return dayOf(+ymd[1]!, +(ymd[3] ?? ymd[5])!, +(ymd[4] ?? ymd[6])!);
  const ym = YM.exec(body);
  if (ym) {
    const [year, month, part] = [+ym[1]!, +ym[2]!, TEN_DAYS[ym[3]!]!];
    return part === "end" ? lastDayOf(year, month) : dayOf(year, month, part);
  }
  const yp = Y_PERIOD.exec(body);
  if (yp) {
    const [month, day] = PERIOD_ENDS[yp[2]!]!;
    return dayOf(+yp[1]!, month, day);
  }
  return null;
}
