/**
 * The calendar day of many instants at once. Intl.DateTimeFormat costs about 10 µs a
 * call, which is most of a digest over 100,000 items, so the zone's UTC offset is looked
 * up once per UTC day and reused whenever it is the same at both ends of that day;
 * a day with an offset change falls back to dayOf itself.
 */
import { dayOf } from "../core/days";
import type { Day } from "../core/types";

const DAY_MS = 86_400_000;

export function dayOfInstantIn(tz: string): (at: Date) => Day {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  });
  const offsetAt = (ms: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) p[part.type] = Number(part.value);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (((ms % 1000) + 1000) % 1000));
  };
  // UTC day number → the zone's offset throughout it, or null when it changes that day.
  const offsets = new Map<number, number | null>();
  const names = new Map<number, Day>();
  return (at) => {
    const ms = at.getTime();
    const utcDay = Math.floor(ms / DAY_MS);
    let offset = offsets.get(utcDay);
    if (offset === undefined) {
      const start = offsetAt(utcDay * DAY_MS);
      offset = start === offsetAt((utcDay + 1) * DAY_MS - 1000) ? start : null;
      offsets.set(utcDay, offset);
    }
    if (offset === null) return dayOf(at, tz);
    const localDay = Math.floor((ms + offset) / DAY_MS);
    let name = names.get(localDay);
    if (name === undefined) names.set(localDay, (name = new Date(localDay * DAY_MS).toISOString().slice(0, 10)));
    return name;
  };
}
