/**
 * The 调度汇总: per lead unit, the items not signed off, how many of them are overdue,
 * how many had a report this week and how many were signed off this week — what the
 * weekly 调度 asks first. The week runs from Monday in the ledger's time zone.
 */
import { addDays, dayOf, instantOf } from "../core/days";
import type { Day } from "../core/types";
import type { ExportItem } from "../ledger/ledger-export";
import type { ItemView } from "./export-cells";

export interface UnitSummary {
  unit: string;
  open: number;
  overdue: number;
  reportedThisWeek: number;
  signedOffThisWeek: number;
}

export interface Week {
  from: Day;
  to: Day;
  /** The instant the week began. */
  since: Date;
}

export function weekOf(today: Day, tz: string): Week {
  const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
  return { from: monday, to: addDays(monday, 6), since: instantOf(monday, "00:00", tz) };
}

const byName = new Intl.Collator("zh-CN").compare;

/** Units with the most overdue first, then the most open; a unit with nothing open still shows its week. */
export function summariseUnits(items: ExportItem[], view: (i: ExportItem) => ItemView, week: Week, tz: string): UnitSummary[] {
  const units = new Map<string, UnitSummary>();
  for (const i of items) {
    const u = units.get(i.leadUnit) ?? { unit: i.leadUnit, open: 0, overdue: 0, reportedThisWeek: 0, signedOffThisWeek: 0 };
    units.set(i.leadUnit, u);
    if (i.status !== "signed_off") u.open++;
    if (view(i).overdue) u.overdue++;
    if (i.recentReports.some((at) => dayOf(at, tz) >= week.from)) u.reportedThisWeek++;
    if (i.signedOffAt && i.signedOffAt >= week.since) u.signedOffThisWeek++;
  }
  return [...units.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || byName(a.unit, b.unit));
}

export function totalOf(rows: UnitSummary[]): Omit<UnitSummary, "unit"> {
  const sum = (k: keyof Omit<UnitSummary, "unit">) => rows.reduce((n, r) => n + r[k], 0);
  return { open: sum("open"), overdue: sum("overdue"), reportedThisWeek: sum("reportedThisWeek"), signedOffThisWeek: sum("signedOffThisWeek") };
}
