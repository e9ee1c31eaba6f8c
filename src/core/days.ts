/**
 * Calendar days in the configured time zone. Deadlines are days ("YYYY-MM-DD"); comparing
 * them as strings is comparing them as dates.
 */
import type { Day } from "./types";

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    });
    formatters.set(tz, f);
  }
  return f;
}

function parts(at: Date, tz: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** The calendar day an instant falls on in `tz`. */
export function dayOf(at: Date, tz: string): Day {
  const p = parts(at, tz);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "HH:MM" wall-clock time of an instant in `tz`. */
export function timeOf(at: Date, tz: string): string {
  const p = parts(at, tz);
  return `${p.hour}:${p.minute}`;
}

/** "YYYY-MM-DD HH:MM" in `tz`, for showing instants to people. */
export function formatInstant(at: Date, tz: string): string {
  return `${dayOf(at, tz)} ${timeOf(at, tz)}`;
}

/** The instant a wall-clock time on a day happens in `tz` (correct across offset changes). */
export function instantOf(day: Day, hhmm: string, tz: string): Date {
  const guess = new Date(`${day}T${hhmm}:00Z`);
  const p = parts(guess, tz);
  const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return new Date(guess.getTime() - (shown - guess.getTime()));
}

export function addDays(day: Day, n: number): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function isDay(s: string): s is Day {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
