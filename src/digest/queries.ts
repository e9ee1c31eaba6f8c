/**
 * The item queries behind the digest, shaped so that a county of 100,000 items never
 * crosses the ORM row by row:
 *
 * - items with a deadline are counted by one GROUP BY whose keys are exactly the
 *   comparisons viewItem makes — status, deadline against the day and the due-soon
 *   horizon, last activity against the stale cut-off, returns against the red threshold —
 *   once with the item as it is and once with the item as it was a day ago (the same
 *   undoing as factsAsOf, written in SQL). So every item of a group has the same light
 *   today and the same light yesterday, and viewItem decides each once per group, from
 *   values of the group's own members;
 * - long-term items, whose silence is measured by their own period, are fetched one by
 *   one with the few columns the rules need;
 * - each section's first entries come from a query ordered the section's way, LIMITed.
 *
 * The digest test checks every count against viewItem run on every item one by one.
 */
import { addDays, instantOf } from "../core/days";
import type { ItemFacts, Thresholds } from "../core/lights";
import { ITEM_STATUSES, type Day, type ItemStatus } from "../core/types";
import { Prisma, type Tx } from "../ledger/db";
import type { ChangesSince, ItemRow } from "./yesterday";

export interface Window {
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
  /** Facts of the group's members (the smallest values), standing for all of them. */
  today: ItemFacts;
  /** Null when the items were not in the ledger yet. */
  yesterday: ItemFacts | null;
}

export const rowSelect = {
  id: true, leadUnitId: true, status: true, longTerm: true, reportPeriodDays: true, deadline: true,
  lastReportAt: true, assignedAt: true, returnCount: true, appliedAt: true, signedOffAt: true,
} as const;

/** Silent since before this instant ⇔ silent for `days` days or more on `day`. */
export function staleCutoff(day: Day, days: number, tz: string): Date {
  return instantOf(addDays(day, 1 - days), "00:00", tz);
}

type Int = number | bigint;

/** The group keys and how many values each takes; statuses are shifted by one (-1 is unknown). */
const KEYS = [
  ["status", ITEM_STATUSES.length + 1], ["statusBefore", ITEM_STATUSES.length + 1], ["existed", 2], ["dueToday", 4],
  ["dueBefore", 4], ["silentToday", 2], ["silentBefore", 2], ["returned", 2],
] as const;
type Key = (typeof KEYS)[number][0];
const packed = KEYS.reduce<Prisma.Sql>(
  (acc, [key, size], i) => {
    const value = key.startsWith("status") ? Prisma.sql`(x.${Prisma.raw(`"${key}"`)} + 1)` : Prisma.sql`x.${Prisma.raw(`"${key}"`)}`;
    return i === 0 ? value : Prisma.sql`(${acc}) * ${Prisma.raw(String(size))} + ${value}`;
  },
  Prisma.empty,
);

function unpack(k: number): Record<Key, number> {
  const out = {} as Record<Key, number>;
  for (let i = KEYS.length - 1; i >= 0; i--) {
    const [key, size] = KEYS[i]!;
    const value = k % size;
    k = (k - value) / size;
    out[key] = key.startsWith("status") ? value - 1 : value;
  }
  return out;
}

export async function itemGroups(db: Tx, w: Window): Promise<ItemGroup[]> {
  const { today, yesterday, asOf, tz, thresholds: t } = w;
  const after = (column: Prisma.Sql) => Prisma.sql`(${column} IS NOT NULL AND ${column} > ${asOf})`;
  const signedOffSince = Prisma.sql`(i."status" = 'signed_off' AND ${after(Prisma.sql`i."signedOffAt"`)})`;
  const deadlineBefore = Prisma.sql`CASE WHEN ext."itemId" IS NOT NULL THEN ext."fromDay" ELSE i."deadline" END`;
  const activityBefore = Prisma.sql`CASE WHEN ${after(Prisma.sql`i."lastReportAt"`)} THEN COALESCE(prev."at", i."assignedAt")
    ELSE COALESCE(i."lastReportAt", i."assignedAt") END`;
  const deadlineBucket = (column: Prisma.Sql, day: Day) =>
    Prisma.sql`CASE WHEN ${column} IS NULL THEN 0 WHEN ${column} < ${day} THEN 1 WHEN ${column} <= ${addDays(day, t.dueSoonDays)} THEN 2 ELSE 3 END`;
  const silentBucket = (column: Prisma.Sql, day: Day) =>
    Prisma.sql`CASE WHEN ${column} < ${staleCutoff(day, t.staleDays, tz)} THEN 1 ELSE 0 END`;
  // The keys are packed into one small integer (see KEYS), so both databases group in memory.
  const rows = await db.$queryRaw<{ leadUnitId: number; k: Int; n: Int }[]>`
    SELECT x."leadUnitId", ${packed} AS k, COUNT(*) AS n
    FROM (
      SELECT i."leadUnitId",
        ${statusCode(Prisma.sql`i."status"`)} AS status,
        CASE WHEN (${signedOffSince} OR i."status" = 'awaiting_signoff') AND ${after(Prisma.sql`i."appliedAt"`)} THEN ${STATUS_CODE.in_progress}
             WHEN ${signedOffSince} THEN ${STATUS_CODE.awaiting_signoff}
             ELSE ${statusCode(Prisma.sql`i."status"`)} END AS "statusBefore",
        CASE WHEN i."assignedAt" <= ${asOf} THEN 1 ELSE 0 END AS existed,
        ${deadlineBucket(Prisma.sql`i."deadline"`, today)} AS "dueToday",
        ${deadlineBucket(deadlineBefore, yesterday)} AS "dueBefore",
        ${silentBucket(Prisma.sql`COALESCE(i."lastReportAt", i."assignedAt")`, today)} AS "silentToday",
        ${silentBucket(activityBefore, yesterday)} AS "silentBefore",
        CASE WHEN i."returnCount" >= ${t.redAfterReturns} THEN 1 ELSE 0 END AS returned
      FROM "Item" i
      LEFT JOIN (
        SELECT e."itemId", e."fromDay" FROM "Extension" e
        WHERE e."at" > ${asOf} AND NOT EXISTS (
          SELECT 1 FROM "Extension" f
          WHERE f."itemId" = e."itemId" AND f."at" > ${asOf} AND (f."at" < e."at" OR (f."at" = e."at" AND f."id" < e."id")))
      ) ext ON ext."itemId" = i."id"
      LEFT JOIN (
        SELECT s."itemId", (SELECT MAX(r."at") FROM "Report" r WHERE r."itemId" = s."itemId" AND r."at" <= ${asOf}) AS at
        FROM (SELECT DISTINCT r."itemId" FROM "Report" r WHERE r."at" > ${asOf}) s
      ) prev ON prev."itemId" = i."id"
      WHERE i."longTerm" = false ${inUnits(w.unitIds)}
    ) x
    GROUP BY x."leadUnitId", ${packed}`;

  // Facts that fall in the same buckets as the group's items, for viewItem to judge.
  const values = (day: Day) => {
    const cutoff = staleCutoff(day, t.staleDays, tz).getTime();
    return { deadlines: [null, addDays(day, -1), day, addDays(day, t.dueSoonDays + 1)], activity: [new Date(cutoff), new Date(cutoff - 1)] };
  };
  const on = { [today]: values(today), [yesterday]: values(yesterday) };
  // Groups of different units often share their facts: one object each, so a view of it can be reused.
  const shared = new Map<string, ItemFacts>();
  const facts = (day: Day, status: number, due: number, silent: number, returned: number): ItemFacts => {
    const key = `${day}:${status}:${due}:${silent}:${returned}`;
    let f = shared.get(key);
    if (!f) {
      const activity = on[day]!.activity[silent]!;
      f = {
        status: statusOf(status), deadline: on[day]!.deadlines[due]!, longTerm: false, reportPeriodDays: null,
        lastReportAt: activity, assignedAt: activity, returnCount: returned ? t.redAfterReturns : 0,
      };
      shared.set(key, f);
    }
    return f;
  };
  return rows.map((r) => {
    const k = unpack(Number(r.k));
    return {
      leadUnitId: r.leadUnitId,
      count: Number(r.n),
      today: facts(today, k.status, k.dueToday, k.silentToday, k.returned),
      yesterday: k.existed ? facts(yesterday, k.statusBefore, k.dueBefore, k.silentBefore, k.returned) : null,
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

/** The items itemGroups leaves out. */
export async function longTermItems(db: Tx, w: Window): Promise<ItemRow[]> {
  return db.item.findMany({ where: { leadUnitId: w.unitIds ? { in: w.unitIds } : undefined, longTerm: true }, select: rowSelect });
}

/** What factsAsOf needs to undo the last day for the given items. */
export async function changesSince(db: Tx, asOf: Date, itemIds: number[]): Promise<ChangesSince> {
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

function inUnits(unitIds: number[] | undefined): Prisma.Sql {
  if (!unitIds) return Prisma.empty;
  return unitIds.length ? Prisma.sql`AND i."leadUnitId" IN (${Prisma.join(unitIds)})` : Prisma.sql`AND 1 = 0`;
}

/**
 * The first items of each list, in the list's order. Each query is at least as wide as
 * its section; viewItem then keeps the ones that belong.
 */
export async function listHeads(db: Tx, w: Window, take: number) {
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
    longestSilent(db, w, take),
    db.item.findMany({
      where: { ...base, status: "awaiting_signoff" },
      orderBy: [{ appliedAt: { sort: "asc", nulls: "last" } }, byId], take, select: rowSelect,
    }),
  ]);
  return { red: [...overdue, ...returned], dueSoon, silent, awaiting };
}

/** Items with a deadline, silent past the stale threshold and not red, longest silent first. */
async function longestSilent(db: Tx, w: Window, take: number): Promise<ItemRow[]> {
  const activity = Prisma.sql`COALESCE(i."lastReportAt", i."assignedAt")`;
  const ids = await db.$queryRaw<{ id: number }[]>`
    SELECT i."id" FROM "Item" i
    WHERE i."status" NOT IN ('signed_off', 'awaiting_signoff') AND i."longTerm" = false
      AND i."returnCount" < ${w.thresholds.redAfterReturns} AND (i."deadline" IS NULL OR i."deadline" >= ${w.today})
      AND ${activity} < ${staleCutoff(w.today, w.thresholds.staleDays, w.tz)} ${inUnits(w.unitIds)}
    ORDER BY ${activity} ASC, i."id" ASC
    LIMIT ${take}`;
  const rows = await db.item.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: rowSelect });
  const order = new Map(ids.map((r, i) => [r.id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/** What the digest shows of an item beyond its light: code and responsible person. */
export async function itemDetails(db: Tx, ids: number[]): Promise<Map<number, { code: string; person: string | null }>> {
  if (ids.length === 0) return new Map();
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
