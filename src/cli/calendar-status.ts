/**
 * The holiday calendar's line in `status`: where this year's and next year's schedules
 * come from, and while one is needed and missing, exactly what to supply and how.
 */
import { dayOf } from "../core/days";
import { createWorkCalendar, packageSchedule, yearOf, yearsToSupply } from "../core/workdays";
import { suppliedYears } from "../ledger/holidays";
import type { Session } from "../ledger/session";
import { readYearFiles } from "../schedule/calendar-files";
import type { CliContext } from "./command";

export async function calendarStatus(session: Session, ctx: CliContext): Promise<string[]> {
  const m = ctx.msg.calendar.status;
  const ledgerYears = await suppliedYears(session);
  const files = readYearFiles(ctx.config.dataDir);
  const fileYears = "files" in files ? files.files.map((f) => f.schedule) : [];
  const today = dayOf(ctx.clock.now(), ctx.config.DUBAN_TZ);
  const calendar = createWorkCalendar(ledgerYears, createWorkCalendar(fileYears));
  const sourceOf = (year: number) =>
    ledgerYears.some((s) => s.year === year) ? m.sources.ledger
      : fileYears.some((s) => s.year === year) ? m.sources.file
        : packageSchedule(year) ? m.sources.package : null;
  const years = [yearOf(today), yearOf(today) + 1].map((year) => {
    const source = sourceOf(year);
    return source === null ? m.missing({ year }) : m.known({ year, source });
  });
  const lines = [m.line({ years: years.join(m.sep) })];
  if ("broken" in files) lines.push(ctx.msg.calendar.filesBroken({ detail: files.broken }));
  for (const year of yearsToSupply(calendar, today)) lines.push(m.needed({ year }), ...ctx.msg.calendar.howTo({ year }).map((l) => `  ${l}`));
  return lines;
}

