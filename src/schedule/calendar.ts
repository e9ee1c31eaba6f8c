/**
 * The working-day calendar as every process must see it: the years supplied in chat
 * (the ledger) over the data directory's files over the chinese-days package. The
 * ledger wins over a file because it is the newer source and an audited one: a
 * coordinator supplied it, by name, and the audit log keeps what it replaced; a file
 * is read only at start. Re-read only when a supplied year changed.
 */
import { createWorkCalendar, type WorkCalendar } from "../core/workdays";
import type { Ledger } from "../ledger/db";
import { suppliedYears, suppliedYearsVersion } from "../ledger/holidays";

/** `base`: the package's years and the files'. */
export function createCalendarReader(ledger: Ledger, base: WorkCalendar): () => Promise<WorkCalendar> {
  let cached: { version: string; calendar: WorkCalendar } | undefined;
  return async () => {
    const version = await suppliedYearsVersion(ledger.session);
    if (cached?.version !== version) cached = { version, calendar: createWorkCalendar(await suppliedYears(ledger.session), base) };
    return cached.calendar;
  };
}
