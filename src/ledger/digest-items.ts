/**
 * The item queries behind the digest, shaped so that a county of 100,000 items never
 * crosses the ORM row by row: the items are counted in groups (digest-groups.ts), and
 * each section's first entries come from a query ordered the section's way, LIMITed.
 */
import { addDays, instantOf } from "../core/days";
import type { Thresholds } from "../core/lights";
import { ITEM_STATUSES, type Day, type ItemStatus } from "../core/types";
import { Prisma } from "./db";
import { oneOf } from "./decode";
import { clientOf, type Session } from "./session";

/** The columns of an item the digest's lights need. */
export interface DigestItemRow {
  id: number;
  leadUnitId: number;
  status: ItemStatus;
  longTerm: boolean;
  reportPeriodDays: number | null;
  deadline: string | null;
  lastReportAt: Date | null;
  assignedAt: Date;
  returnCount: number;
  appliedAt: Date | null;
  signedOffAt: Date | null;
}

/** What the last day changed, for undoing it (digest/yesterday.ts factsAsOf). */
export interface ChangesSince {
  asOf: Date;
  /** The deadline before the first extension made after asOf. */
  deadlineBefore: Map<number, Day | null>;
  /** The latest report at or before asOf, for items reported after it. */
  reportBefore: Map<number, Date>;
}

export interface Window {
  kind: "sqlite" | "postgres";
  today: Day;
  yesterday: Day;
  /** The same time yesterday: what changed after it is undone for yesterday's lights. */
  asOf: Date;
  tz: string;
  thresholds: Thresholds;
  unitIds?: number[];
}

const rowSelect = {
  id: true, leadUnitId: true, status: true, longTerm: true, reportPeriodDays: true, deadline: true,
  lastReportAt: true, assignedAt: true, returnCount: true, appliedAt: true, signedOffAt: true,
} as const;

/** Silent since before this instant ⇔ silent for `days` days or more on `day`. */
export function staleCutoff(day: Day, days: number, tz: string): Date {
  return instantOf(addDays(day, 1 - days), "00:00", tz);
}

export type Int = number | bigint;

/** What viewItem expects of a long-term item without a report period (core/lights.ts). */
export const DEFAULT_PERIOD_DAYS = 30;

/** The report periods of the long-term items: each has its own stale cut-off. */
export async function reportPeriods(session: Session, w: Window): Promise<number[]> {
  const rows = await clientOf(session).$queryRaw<{ p: Int | null }[]>`
    SELECT DISTINCT i."reportPeriodDays" AS p FROM "Item" i WHERE i."longTerm" = true ${inUnits(w.unitIds)}`;
  return [...new Set(rows.map((r) => (r.p === null ? DEFAULT_PERIOD_DAYS : Number(r.p))))].sort((a, b) => a - b);
}

/** 1 when `activity` is older than the stale cut-off on `day` for the item (its period if long-term), else 0. */
export function silentOn(activity: Prisma.Sql, day: Day, w: Window, periods: number[]): Prisma.Sql {
  const older = (days: number) => Prisma.sql`CASE WHEN ${activity} < ${staleCutoff(day, days, w.tz)} THEN 1 ELSE 0 END`;
  const byPeriod = periods.map((p) => Prisma.sql`WHEN ${periodOf} = ${p} THEN ${older(p)}`);
  return Prisma.sql`CASE WHEN i."longTerm" = false THEN ${older(w.thresholds.staleDays)} ${joined(byPeriod)} END`;
}

export const periodOf = Prisma.sql`COALESCE(i."reportPeriodDays", ${DEFAULT_PERIOD_DAYS})`;

export function joined(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/** What factsAsOf needs to undo the last day for the given items. */
export async function changesSince(session: Session, asOf: Date, itemIds: number[]): Promise<ChangesSince> {
  const db = clientOf(session);
  const changes: ChangesSince = { asOf, deadlineBefore: new Map(), reportBefore: new Map() };
  if (itemIds.length === 0) return changes;
  const ids = { in: [...new Set(itemIds)] };
  const [extensions, reports] = await Promise.all([
    db.extension.findMany({ where: { itemId: ids, at: { gt: asOf } }, select: { itemId: true, fromDay: true }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    db.report.groupBy({ by: ["itemId"], where: { itemId: ids, at: { lte: asOf } }, _max: { at: true } }),
  ]);
  for (const e of extensions) if (!changes.deadlineBefore.has(e.itemId)) changes.deadlineBefore.set(e.itemId, e.fromDay);
  for (const r of reports) if (r.itemId !== null && r._max.at) changes.reportBefore.set(r.itemId, r._max.at);
  return changes;
}

export function inUnits(unitIds: number[] | undefined): Prisma.Sql {
  if (!unitIds) return Prisma.empty;
  return unitIds.length ? Prisma.sql`AND i."leadUnitId" IN (${Prisma.join(unitIds)})` : Prisma.sql`AND 1 = 0`;
}

/**
 * The first items of each list, in the list's order. Each query is at least as wide as
 * its section; viewItem then keeps the ones that belong.
 */
export async function listHeads(session: Session, w: Window, periods: number[], take: number): Promise<ListHeads> {
  const db = clientOf(session);
  const { today, thresholds: t } = w;
  const base = { leadUnitId: w.unitIds ? { in: w.unitIds } : undefined };
  const open = { ...base, status: { not: "signed_off" } };
  const byId = { id: "asc" } as const;
  const [overdue, returned, dueSoon, silent, awaiting] = await Promise.all([
    db.item.findMany({ where: { ...open, longTerm: false, deadline: { lt: today } }, orderBy: [{ deadline: "asc" }, byId], take, select: rowSelect }),
    db.item.findMany({
      where: { ...open, returnCount: { gte: t.redAfterReturns }, OR: [{ longTerm: true }, { deadline: null }, { deadline: { gte: today } }] },
      orderBy: byId, take, select: rowSelect,
    }),
    db.item.findMany({
      where: { ...open, longTerm: false, deadline: { gte: today, lte: addDays(today, t.dueSoonDays) } },
      orderBy: [{ deadline: "asc" }, byId], take, select: rowSelect,
    }),
    longestSilent(session, w, periods, take),
    awaitingLongest(session, base, take),
  ]);
  return { red: [...overdue, ...returned].map(decodeRow), dueSoon: dueSoon.map(decodeRow), silent, awaiting };
}

export interface ListHeads {
  /** Overdue, then returned too often. */
  red: DigestItemRow[];
  dueSoon: DigestItemRow[];
  silent: DigestItemRow[];
  awaiting: DigestItemRow[];
}

function decodeRow<T extends { status: string }>(row: T): T & { status: ItemStatus } {
  return { ...row, status: oneOf(ITEM_STATUSES, row.status, "an item's status") };
}

/**
 * Items awaiting sign-off, longest waiting first, then those with no application time.
 * Two reads, because "nulls last" cannot walk the (status, appliedAt) index.
 */
async function awaitingLongest(session: Session, base: { leadUnitId?: { in: number[] } }, take: number): Promise<DigestItemRow[]> {
  const db = clientOf(session);
  const where = { ...base, status: "awaiting_signoff" };
  const applied = await db.item.findMany({ where: { ...where, appliedAt: { not: null } }, orderBy: [{ appliedAt: "asc" }, { id: "asc" }], take, select: rowSelect });
  const undated = applied.length < take
    ? await db.item.findMany({ where: { ...where, appliedAt: null }, orderBy: { id: "asc" }, take: take - applied.length, select: rowSelect })
    : [];
  return [...applied, ...undated].map(decodeRow);
}

/** Items silent past their stale threshold and not red, longest silent first. */
async function longestSilent(session: Session, w: Window, periods: number[], take: number): Promise<DigestItemRow[]> {
  const db = clientOf(session);
  const activity = Prisma.sql`COALESCE(i."lastReportAt", i."assignedAt")`;
  const ids = await db.$queryRaw<{ id: Int }[]>`
    SELECT i."id" FROM "Item" i
    WHERE i."status" NOT IN ('signed_off', 'awaiting_signoff') AND i."returnCount" < ${w.thresholds.redAfterReturns}
      AND (i."longTerm" = true OR i."deadline" IS NULL OR i."deadline" >= ${w.today})
      AND ${silentOn(activity, w.today, w, periods)} = 1 ${inUnits(w.unitIds)}
    ORDER BY ${activity} ASC, i."id" ASC
    LIMIT ${take}`;
  const order = new Map(ids.map((r, n) => [Number(r.id), n]));
  const rows = await db.item.findMany({ where: { id: { in: [...order.keys()] } }, select: rowSelect });
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map(decodeRow);
}

/** What the digest shows of an item beyond its light: code and responsible person. */
export async function itemDetails(session: Session, ids: number[]): Promise<Map<number, { code: string; person: string | null }>> {
  if (ids.length === 0) return new Map();
  const db = clientOf(session);
  const items = await db.item.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, code: true, personName: true, personId: true },
  });
  const personIds = items.filter((i) => !i.personName && i.personId !== null).map((i) => i.personId!);
  const people = personIds.length
    ? await db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } })
    : [];
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  return new Map(items.map((i) => [i.id, { code: i.code, person: i.personName ?? (i.personId !== null ? nameOf.get(i.personId) ?? null : null) }]));
}
