/**
 * A holiday schedule typed in chat, as the State Council's notice lists it:
 * "2027 休 2027-01-01~2027-01-03 2月6日至2月12日 班 2027-02-14". 休 (off) starts the days
 * off, 班 (work) the make-up working days; a run is "first~last" or "first至last"; a
 * date without a year is in the schedule's year. The result is only read here: whether
 * it is a valid schedule is YearSchedule's to say.
 */
import { addDays, daysBetween } from "../days";
import type { Day } from "../types";
import { parseDay } from "./dates";
import { halfWidth } from "./width";

export type HolidayArgs =
  | { action: "show"; year?: number }
  | { action: "supply"; year: number; off: Day[]; work: Day[] };

export type HolidayArgsError =
  | { code: "bad_year"; raw: string }
  | { code: "bad_date"; raw: string }
  | { code: "bad_range"; raw: string }
  | { code: "days_without_kind"; raw: string };

const KIND: Record<string, "off" | "work"> = {
  休: "off", 放假: "off", 休息: "off", off: "off", holiday: "off", holidays: "off",
  班: "work", 上班: "work", 补班: "work", work: "work", workday: "work", workdays: "work",
};
const KIND_PREFIX = /^(放假|休息|补班|上班|休|班|holidays|holiday|off|workdays|workday|work)(.*)$/i;
/** The longest run accepted: the longest holiday in a notice is 8 or 9 days; more is a typo. */
const MAX_RUN_DAYS = 31;

export function parseHolidayArgs(args: string): HolidayArgs | HolidayArgsError {
  const text = halfWidth(args).replace(/\s*(?:~|至|到)\s*/g, "~");
  const tokens = text.split(/[\s,;:、]+/u).filter(Boolean).flatMap(splitKind);
  if (tokens.length === 0) return { action: "show" };
  const [first, ...rest] = tokens;
  const year = /^(\d{4})年?$/.exec(first!);
  if (!year || +year[1]! < 2000 || +year[1]! > 2100) return { code: "bad_year", raw: first! };
  if (rest.length === 0) return { action: "show", year: +year[1]! };

  const days = { off: [] as Day[], work: [] as Day[] };
  let kind: "off" | "work" | null = null;
  const from = `${year[1]}-01-01`;
  for (const token of rest) {
    const k = KIND[token.toLowerCase()];
    if (k) {
      kind = k;
      continue;
    }
    if (kind === null) return { code: "days_without_kind", raw: token };
    const run = parseRun(token, from);
    if ("code" in run) return run;
    days[kind].push(...run);
  }
  return { action: "supply", year: +year[1]!, ...days };
}

/** "休2027-01-01" as people type it: the word and the day apart. */
function splitKind(token: string): string[] {
  const m = KIND_PREFIX.exec(token);
  return m && m[2] ? [m[1]!, m[2]] : [token];
}

function parseRun(token: string, from: Day): Day[] | HolidayArgsError {
  const ends = token.split("~");
  if (ends.length > 2 || ends.some((e) => e === "")) return { code: "bad_range", raw: token };
  const [start, end] = ends.map((e) => parseDay(e, from));
  if (start === null || end === null) return { code: "bad_date", raw: token };
  if (end === undefined) return [start!];
  const length = daysBetween(start!, end);
  if (length < 0 || length >= MAX_RUN_DAYS) return { code: "bad_range", raw: token };
  return Array.from({ length: length + 1 }, (_, i) => addDays(start!, i));
}
