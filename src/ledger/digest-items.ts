/**
 * The item queries behind the digest, shaped so that a county of 100,000 items never
 * crosses the ORM row by row:
 *
 * - items are counted by one GROUP BY whose keys are exactly the comparisons viewItem
 *   makes — status, deadline against the day and the due-soon horizon, last activity
 *   against the stale cut-off (a long-term item's own period), returns against the red
 *   threshold — once with the item as it is and once with the item as it was a day ago
 *   (the same undoing as factsAsOf, written in SQL). So every item of a group has the same
 *   light today and the same light yesterday, and viewItem decides each once per group,
 *   from facts that fall in the group's buckets;
 * - each section's first entries come from a query ordered the section's way, LIMITed.
 *
 * The digest test checks every count against viewItem run on every item one by one.
 */
import { addDays, instantOf } from "../core/days";
import type { ItemFacts, Thresholds } from "../core/lights";
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

/** Items of one unit that share their light today, and their light yesterday. */
export interface ItemGroup {
  leadUnitId: number;
  count: number;
  /** Facts in the same buckets as the group's items, standing for all of them. */
  today: ItemFacts;
  /** Null when the items were not in the ledger yet. */
  yesterday: ItemFacts | null;
}

const rowSelect = {
  id: true, leadUnitId: true, status: true, longTerm: true, reportPeriodDays: true, deadline: true,
  lastReportAt: true, assignedAt: true, returnCount: true, appliedAt: true, signedOffAt: true,
} as const;

/** Silent since before this instant ⇔ silent for `days` days or more on `day`. */
function staleCutoff(day: Day, days: number, tz: string): Date {
  return instantOf(addDays(day, 1 - days), "00:00", tz);
}

type Int = number | bigint;

/** What viewItem expects of a long-term item without a report period (core/lights.ts). */
const DEFAULT_PERIOD_DAYS = 30;

/** The report periods of the long-term items: each has its own stale cut-off. */
export async function reportPeriods(session: Session, w: Window): Promise<number[]> {
  const rows = await clientOf(session).$queryRaw<{ p: Int | null }[]>`
    SELECT DISTINCT i."reportPeriodDays" AS p FROM "Item" i WHERE i."longTerm" = true ${inUnits(w.unitIds)}`;
  return [...new Set(rows.map((r) => (r.p === null ? DEFAULT_PERIOD_DAYS : Number(r.p))))].sort((a, b) => a - b);
}

/**
 * The group keys and how many values each takes. Statuses are shifted by one (-1 is
 * unknown); `period` is 0 for an item with a deadline, else 1 + the index of its period.
 */
function keys(periods: number[]) {
  return [
    ["status", ITEM_STATUSES.length + 1], ["statusBefore", ITEM_STATUSES.length + 1], ["existed", 2], ["period", periods.length + 1],
    ["dueToday", 4], ["dueBefore", 4], ["silentToday", 2], ["silentBefore", 2], ["returned", 2],
  ] as const;
}
type Key = ReturnType<typeof keys>[number][0];

function packed(periods: number[]): Prisma.Sql {
  return keys(periods).reduce<Prisma.Sql>((acc, [key, size], i) => {
    const value = key.startsWith("status") ? Prisma.sql`(x.${Prisma.raw(`"${key}"`)} + 1)` : Prisma.sql`x.${Prisma.raw(`"${key}"`)}`;
    return i === 0 ? value : Prisma.sql`(${acc}) * ${Prisma.raw(String(size))} + ${value}`;
  }, Prisma.empty);
}

function unpack(k: number, periods: number[]): Record<Key, number> {
  const all = keys(periods);
  const out = {} as Record<Key, number>;
  for (let i = all.length - 1; i >= 0; i--) {
    const [key, size] = all[i]!;
    const value = k % size;
    k = (k - value) / size;
    out[key] = key.startsWith("status") ? value - 1 : value;
  }
  return out;
}

/** 1 when `activity` is older than the stale cut-off on `day` for the item (its period if long-term), else 0. */
export function silentOn(activity: Prisma.Sql, day: Day, w: Window, periods: number[]): Prisma.Sql {
  const older = (days: number) => Prisma.sql`CASE WHEN ${activity} < ${staleCutoff(day, days, w.tz)} THEN 1 ELSE 0 END`;
  const byPeriod = periods.map((p) => Prisma.sql`WHEN ${periodOf} = ${p} THEN ${older(p)}`);
  return Prisma.sql`CASE WHEN i."longTerm" = false THEN ${older(w.thresholds.staleDays)} ${joined(byPeriod)} END`;
}

const periodOf = Prisma.sql`COALESCE(i."reportPeriodDays", ${DEFAULT_PERIOD_DAYS})`;

function joined(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

export async function itemGroups(session: Session, w: Window, periods: number[]): Promise<ItemGroup[]> {
  const { today, yesterday, asOf, tz, thresholds: t } = w;
  const after = (column: Prisma.Sql) => Prisma.sql`(${column} IS NOT NULL AND ${column} > ${asOf})`;
  const signedOffSince = Prisma.sql`(i."status" = 'signed_off' AND ${after(Prisma.sql`i."signedOffAt"`)})`;
  const deadlineBefore = Prisma.sql`CASE WHEN ext."itemId" IS NOT NULL THEN ext."fromDay" ELSE i."deadline" END`;
  // The latest report up to a day ago, for items reported since. SQLite evaluates a CASE lazily
  // and probes the (itemId, at) index for just those items; PostgreSQL costs a correlated
  // subquery as if it ran for every row, and the JIT compilation that estimate triggers takes
  // seconds, so there it is a join over the last day's reports instead.
  const previous = w.kind === "sqlite"
    ? { at: Prisma.sql`(SELECT MAX(r."at") FROM "Report" r WHERE r."itemId" = i."id" AND r."at" <= ${asOf})`, join: Prisma.empty }
    : {
        at: Prisma.sql`prev."at"`,
        join: Prisma.sql`LEFT JOIN (
          SELECT s."itemId", (SELECT MAX(r."at") FROM "Report" r WHERE r."itemId" = s."itemId" AND r."at" <= ${asOf}) AS at
          FROM (SELECT DISTINCT r."itemId" FROM "Report" r WHERE r."at" > ${asOf}) s
        ) prev ON prev."itemId" = i."id"`,
      };
  const activityBefore = Prisma.sql`CASE WHEN ${after(Prisma.sql`i."lastReportAt"`)} THEN COALESCE(${previous.at}, i."assignedAt")
    ELSE COALESCE(i."lastReportAt", i."assignedAt") END`;
  // A long-term item's deadline means nothing to viewItem: it is left out of the keys.
  const deadlineBucket = (column: Prisma.Sql, day: Day) =>
    Prisma.sql`CASE WHEN i."longTerm" = true OR ${column} IS NULL THEN 0 WHEN ${column} < ${day} THEN 1
      WHEN ${column} <= ${addDays(day, t.dueSoonDays)} THEN 2 ELSE 3 END`;
  const periodKey = Prisma.sql`CASE WHEN i."longTerm" = false THEN 0 ${joined(periods.map((p, n) => Prisma.sql`WHEN ${periodOf} = ${p} THEN ${n + 1}`))} END`;
  const key = packed(periods);
  // The keys are packed into one small integer, so both databases group in memory;
  // "+leadUnitId" keeps SQLite from walking the table in index order.
  const rows = await clientOf(session).$queryRaw<{ leadUnitId: Int; k: Int; n: Int }[]>`
    SELECT x."leadUnitId", ${key} AS k, COUNT(*) AS n
    FROM (
      SELECT +i."leadUnitId" AS "leadUnitId",
        ${statusCode(Prisma.sql`i."status"`)} AS status,
        CASE WHEN (${signedOffSince} OR i."status" = 'awaiting_signoff') AND ${after(Prisma.sql`i."appliedAt"`)} THEN ${STATUS_CODE.in_progress}
             WHEN ${signedOffSince} THEN ${STATUS_CODE.awaiting_signoff}
             ELSE ${statusCode(Prisma.sql`i."status"`)} END AS "statusBefore",
        CASE WHEN i."assignedAt" <= ${asOf} THEN 1 ELSE 0 END AS existed,
        ${periodKey} AS period,
        ${deadlineBucket(Prisma.sql`i."deadline"`, today)} AS "dueToday",
        ${deadlineBucket(deadlineBefore, yesterday)} AS "dueBefore",
        ${silentOn(Prisma.sql`COALESCE(i."lastReportAt", i."assignedAt")`, today, w, periods)} AS "silentToday",
        ${silentOn(activityBefore, yesterday, w, periods)} AS "silentBefore",
        CASE WHEN i."returnCount" >= ${t.redAfterReturns} THEN 1 ELSE 0 END AS returned
      FROM "Item" i
      LEFT JOIN (
        SELECT e."itemId", e."fromDay" FROM "Extension" e
        WHERE e."at" > ${asOf} AND NOT EXISTS (
          SELECT 1 FROM "Extension" f
          WHERE f."itemId" = e."itemId" AND f."at" > ${asOf} AND (f."at" < e."at" OR (f."at" = e."at" AND f."id" < e."id")))
      ) ext ON ext."itemId" = i."id"
      ${previous.join}
      WHERE 1 = 1 ${inUnits(w.unitIds)}
    ) x
    GROUP BY x."leadUnitId", ${key}`;

  // Facts that fall in the same buckets as the group's items, for viewItem to judge.
  const cutoffs = new Map<string, number>();
  const cutoff = (day: Day, days: number) => {
    const at = `${day}:${days}`;
    if (!cutoffs.has(at)) cutoffs.set(at, staleCutoff(day, days, tz).getTime());
    return cutoffs.get(at)!;
  };
  const deadlines = (day: Day) => [null, addDays(day, -1), day, addDays(day, t.dueSoonDays + 1)];
  const on = { [today]: deadlines(today), [yesterday]: deadlines(yesterday) };
  // Groups of different units often share their facts: one object each, so a view of it can be reused.
  const shared = new Map<string, ItemFacts>();
  const facts = (day: Day, status: number, period: number, due: number, silent: number, returned: number): ItemFacts => {
    const id = `${day}:${status}:${period}:${due}:${silent}:${returned}`;
    let f = shared.get(id);
    if (!f) {
      const days = period === 0 ? t.staleDays : periods[period - 1]!;
      const activity = new Date(cutoff(day, days) - silent);
      f = {
        status: statusOf(status), deadline: on[day]![due]!, longTerm: period > 0, reportPeriodDays: period > 0 ? days : null,
        lastReportAt: activity, assignedAt: activity, returnCount: returned ? t.redAfterReturns : 0,
      };
      shared.set(id, f);
    }
    return f;
  };
  return rows.map((r) => {
    const k = unpack(Number(r.k), periods);
    return {
      leadUnitId: Number(r.leadUnitId),
      count: Number(r.n),
      today: facts(today, k.status, k.period, k.dueToday, k.silentToday, k.returned),
      yesterday: k.existed ? facts(yesterday, k.statusBefore, k.period, k.dueBefore, k.silentBefore, k.returned) : null,
    };
  });
}

// Statuses are grouped by number: PostgreSQL sorts integers far faster than collated text.
const STATUS_CODE = Object.fromEntries(ITEM_STATUSES.map((s, i) => [s, i])) as Record<ItemStatus, number>;

function statusCode(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE ${column} ${Prisma.join(ITEM_STATUSES.map((s) => Prisma.sql`WHEN ${s} THEN ${STATUS_CODE[s]}`), " ")} ELSE -1 END`;
}

/** A status the ledger should not hold stands for itself as "open", which is all viewItem makes of it. */
function statusOf(code: number): string {
  return ITEM_STATUSES[code] ?? "unrecognised";
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
    db.item.findMany({
      where: { ...base, status: "awaiting_signoff" },
      orderBy: [{ appliedAt: { sort: "asc", nulls: "last" } }, byId], take, select: rowSelect,
    }),
  ]);
  return { red: [...overdue, ...returned].map(decodeRow), dueSoon: dueSoon.map(decodeRow), silent, awaiting: awaiting.map(decodeRow) };
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
