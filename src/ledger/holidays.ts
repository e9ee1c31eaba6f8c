/**
 * Holiday schedules supplied in chat (/节假日): one HolidayYear row per year, the
 * schedule as JSON. Every bot process reads them from here, so a year supplied through
 * one process counts in all of them without a restart.
 */
import { YearSchedule } from "../core/workdays";
import { auditOf, writeAudit, type Change } from "./audit";
import { clientOf, type Session } from "./session";

export interface SuppliedYear {
  schedule: YearSchedule;
  /** Who supplied it, when known. */
  by: string | null;
  updatedAt: Date;
}

/**
 * Rows are validated when written; one that no longer parses is left out rather than
 * thrown, because a throw here would stop the scheduler, and a missing year still sends.
 */
function parseStored(json: string): YearSchedule | null {
  try {
    const parsed = YearSchedule.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function suppliedYears(session: Session): Promise<YearSchedule[]> {
  const rows = await clientOf(session).holidayYear.findMany({ select: { schedule: true }, orderBy: { year: "asc" } });
  return rows.flatMap((r) => parseStored(r.schedule) ?? []);
}

export async function suppliedYear(session: Session, year: number): Promise<SuppliedYear | null> {
  const db = clientOf(session);
  const row = await db.holidayYear.findUnique({ where: { year }, select: { schedule: true, byId: true, updatedAt: true } });
  const schedule = row && parseStored(row.schedule);
  if (!row || !schedule) return null;
  const person = row.byId === null ? null : await db.person.findUnique({ where: { id: row.byId }, select: { name: true } });
  return { schedule, by: person?.name ?? null, updatedAt: row.updatedAt };
}

/** Changes whenever a year is supplied or replaced: one cheap query tells a process to re-read. */
export async function suppliedYearsVersion(session: Session): Promise<string> {
  const { _count, _max } = await clientOf(session).holidayYear.aggregate({ _count: { year: true }, _max: { updatedAt: true } });
  return `${_count.year}:${_max.updatedAt?.getTime() ?? 0}`;
}

export type SupplyResult = { state: "unchanged" } | { state: "supplied"; previous: SuppliedYear | null };

/**
 * Keeps the year's schedule (replacing an earlier one) with its audit event, which keeps
 * the schedule it replaced; the same schedule again changes nothing.
 */
export async function supplyHolidayYear(
  session: Session,
  p: { schedule: YearSchedule; via: { via: "chat" } | { via: "file"; name: string } },
  change: Change,
): Promise<SupplyResult> {
  const tx = clientOf(session);
  const { schedule } = p;
  const { year } = schedule;
  const previous = await suppliedYear(session, year);
  if (previous && JSON.stringify(previous.schedule) === JSON.stringify(schedule)) return { state: "unchanged" };
  const data = { schedule: JSON.stringify(schedule), byId: change.actorId ?? null, updatedAt: change.at };
  await tx.holidayYear.upsert({ where: { year }, create: { year, ...data }, update: data, select: { year: true } });
  await writeAudit(session, auditOf(change, "holidays_supplied", {
    detail: {
      year, holidays: schedule.holidays.length, workdays: schedule.workdays.length, ...p.via,
      previous: previous ? { schedule: previous.schedule, by: previous.by, at: previous.updatedAt.toISOString() } : null,
    },
  }));
  return { state: "supplied", previous };
}
