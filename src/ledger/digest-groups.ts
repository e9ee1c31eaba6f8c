/**
 * The digest's count of every item, without crossing the ORM row by row: one GROUP BY
 * whose keys are exactly the comparisons viewItem makes — status, deadline against the
 * day and the due-soon horizon, last activity against the stale cut-off (a long-term
 * item's own period), returns against the red threshold — once with the item as it is and
 * once with the item as it was a day ago (the same undoing as factsAsOf, written in SQL).
 * So every item of a group has the same light today and the same light yesterday, and
 * viewItem decides each once per group, from facts that fall in the group's buckets.
 *
 * Undoing the last day needs the reports and extensions behind it, but only for the few
 * items the last day changed. The rest, nearly all of a county, are counted by a query
 * that reads nothing but the item's own row, beside a second one for the changed items.
 *
 * The digest test checks every count against viewItem run on every item one by one.
 */
import { addDays } from "../core/days";
import type { ItemFacts } from "../core/lights";
import { ITEM_STATUSES, type Day, type ItemStatus } from "../core/types";
import { Prisma } from "./db";
import { inUnits, joined, periodOf, silentOn, staleCutoff, type Int, type Window } from "./digest-items";
import { clientOf, type Session } from "./session";

/** Items of one unit that share their light today, and their light yesterday. */
export interface ItemGroup {
  leadUnitId: number;
  count: number;
  /** Facts in the same buckets as the group's items, standing for all of them. */
  today: ItemFacts;
  /** Null when the items were not in the ledger yet. */
  yesterday: ItemFacts | null;
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

/** What each key's value is multiplied by in the packed integer: the sizes of the keys after it. */
function multipliers(periods: number[]): Record<Key, number> {
  const all = keys(periods);
  const out = {} as Record<Key, number>;
  let m = 1;
  for (let i = all.length - 1; i >= 0; i--) {
    out[all[i]![0]] = m;
    m *= all[i]![1];
  }
  return out;
}

/** The keys packed into one small integer, from the columns of the same names. */
function packed(periods: number[]): Prisma.Sql {
  const m = multipliers(periods);
  return Prisma.join(keys(periods).map(([key]) => {
    const value = Prisma.raw(key.startsWith("status") ? `(x."${key}" + 1)` : `x."${key}"`);
    return Prisma.sql`${value} * ${Prisma.raw(String(m[key]))}`;
  }), " + ");
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

export async function itemGroups(session: Session, w: Window, periods: number[]): Promise<ItemGroup[]> {
  const { today, yesterday, asOf, thresholds: t } = w;
  const after = (column: Prisma.Sql) => Prisma.sql`(${column} IS NOT NULL AND ${column} > ${asOf})`;
  const extendedSince = Prisma.sql`SELECT e."itemId" FROM "Extension" e WHERE e."at" > ${asOf}`;
  const changedSinceWith = (extended: Prisma.Sql) => Prisma.sql`(${after(Prisma.sql`i."lastReportAt"`)} OR ${after(Prisma.sql`i."appliedAt"`)}
    OR ${after(Prisma.sql`i."signedOffAt"`)} OR i."assignedAt" > ${asOf} OR ${extended})`;
  // Tested on every item: a hashed list of the extended ones.
  const changedSince = changedSinceWith(Prisma.sql`i."id" IN (${extendedSince})`);
  // A long-term item's deadline means nothing to viewItem: it is left out of the keys.
  const deadlineBucket = (column: Prisma.Sql, day: Day) =>
    Prisma.sql`CASE WHEN i."longTerm" = true OR ${column} IS NULL THEN 0 WHEN ${column} < ${day} THEN 1
      WHEN ${column} <= ${addDays(day, t.dueSoonDays)} THEN 2 ELSE 3 END`;
  const activity = Prisma.sql`COALESCE(i."lastReportAt", i."assignedAt")`;
  const common = Prisma.sql`+i."leadUnitId" AS "leadUnitId",
    ${statusCode(Prisma.sql`i."status"`)} AS status,
    CASE WHEN i."longTerm" = false THEN 0 ${joined(periods.map((p, n) => Prisma.sql`WHEN ${periodOf} = ${p} THEN ${n + 1}`))} END AS period,
    ${deadlineBucket(Prisma.sql`i."deadline"`, today)} AS "dueToday",
    ${silentOn(activity, today, w, periods)} AS "silentToday",
    CASE WHEN i."returnCount" >= ${t.redAfterReturns} THEN 1 ELSE 0 END AS returned`;
  // The keys are packed into one small integer, so both databases group in memory;
  // "+leadUnitId" keeps SQLite from walking the table in index order. The counts come back
  // one row a unit ("key:count,…"): a row for each of a county's ten thousand groups cost
  // more to decode than the database took to count them.
  const pairs = w.kind === "postgres" ? Prisma.sql`string_agg(y.k || ':' || y.n, ',')` : Prisma.sql`group_concat(y.k || ':' || y.n, ',')`;
  const counted = (inner: Prisma.Sql, key: Prisma.Sql) => clientOf(session).$queryRaw<{ leadUnitId: Int; kn: string }[]>`
    SELECT y."leadUnitId", ${pairs} AS kn FROM (
      SELECT x."leadUnitId", ${key} AS k, COUNT(*) AS n FROM (${inner}) x GROUP BY x."leadUnitId", ${key}
    ) y GROUP BY y."leadUnitId"`;

  // Unchanged since a day ago: yesterday's facts are today's, judged a day earlier.
  const unchanged = counted(Prisma.sql`
    SELECT +i."leadUnitId" AS "leadUnitId", ${unchangedKey(w, periods)} AS k FROM "Item" i
    WHERE NOT ${changedSince} ${inUnits(w.unitIds)}`, Prisma.sql`x.k`);
  // Finding the changed ones: on PostgreSQL `= ANY(ARRAY(…))` lets the item indexes find them
  // between them (a bitmap OR), where an IN over a subquery would have every item read to test it.
  const changedNow = w.kind === "postgres" ? changedSinceWith(Prisma.sql`i."id" = ANY(ARRAY(${extendedSince}))`) : changedSince;
  const changed = counted(changedItems(w, periods, { after, changedSince: changedNow, deadlineBucket, common }), packed(periods));
  const units = (await Promise.all([unchanged, changed])).flat();

  // Facts that fall in the same buckets as the group's items, for viewItem to judge.
  const cutoffs = new Map<string, number>();
  const cutoff = (day: Day, days: number) => {
    const at = `${day}:${days}`;
    if (!cutoffs.has(at)) cutoffs.set(at, staleCutoff(day, days, w.tz).getTime());
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
  // Most keys recur in many units: each is unpacked and judged once.
  const byKey = new Map<number, Pick<ItemGroup, "today" | "yesterday">>();
  const factsOf = (packedKey: number) => {
    let pair = byKey.get(packedKey);
    if (!pair) {
      const k = unpack(packedKey, periods);
      pair = {
        today: facts(today, k.status, k.period, k.dueToday, k.silentToday, k.returned),
        yesterday: k.existed ? facts(yesterday, k.statusBefore, k.period, k.dueBefore, k.silentBefore, k.returned) : null,
      };
      byKey.set(packedKey, pair);
    }
    return pair;
  };
  // A unit's key can come from both queries: the two counts stand side by side.
  return units.flatMap((u) => u.kn.split(",").map((pair) => {
    const colon = pair.indexOf(":");
    return { leadUnitId: Number(u.leadUnitId), count: Number(pair.slice(colon + 1)), ...factsOf(Number(pair.slice(0, colon))) };
  }));
}

/**
 * The packed key of an item the last day did not change, as packed() would give it with
 * yesterday's facts equal to today's, but with each column compared once for both days
 * (a signed-off item's facts besides its status left at 0, as no light is judged from them):
 * this query reads nearly every item of the county, and its CASEs are most of its cost.
 */
function unchangedKey(w: Window, periods: number[]): Prisma.Sql {
  const { today, yesterday, thresholds: t } = w;
  const m = multipliers(periods);
  const n = (v: number) => Prisma.raw(String(v));
  const status = Prisma.sql`CASE i."status" ${Prisma.join(ITEM_STATUSES.map((s) => Prisma.sql`WHEN ${s} THEN ${n((STATUS_CODE[s] + 1) * (m.status + m.statusBefore))}`), " ")} ELSE 0 END`;
  const period = Prisma.sql`CASE WHEN i."longTerm" = false THEN 0 ${joined(periods.map((p, k) => Prisma.sql`WHEN ${periodOf} = ${p} THEN ${n((k + 1) * m.period)}`))} END`;
  // Both days' deadline buckets at once: between two neighbouring cut-offs, both are constant.
  const bucket = (deadline: Day, day: Day) => (deadline < day ? 1 : deadline <= addDays(day, t.dueSoonDays) ? 2 : 3);
  const cuts = [...new Set([yesterday, today, addDays(yesterday, t.dueSoonDays + 1), addDays(today, t.dueSoonDays + 1)])].sort();
  const dueOn = (d: Day) => n(bucket(d, today) * m.dueToday + bucket(d, yesterday) * m.dueBefore);
  const due = Prisma.sql`CASE WHEN i."longTerm" = true OR i."deadline" IS NULL THEN 0
    ${joined(cuts.map((cut, k) => Prisma.sql`WHEN i."deadline" < ${cut} THEN ${dueOn(k === 0 ? addDays(cut, -1) : cuts[k - 1]!)}`))}
    ELSE ${dueOn(cuts.at(-1)!)} END`;
  // Silent yesterday means silent today too: a day later, the cut-off is a day later.
  const activity = Prisma.sql`COALESCE(i."lastReportAt", i."assignedAt")`;
  const silentFor = (days: number) => Prisma.sql`CASE WHEN ${activity} < ${staleCutoff(yesterday, days, w.tz)} THEN ${n(m.silentToday + m.silentBefore)}
    WHEN ${activity} < ${staleCutoff(today, days, w.tz)} THEN ${n(m.silentToday)} ELSE 0 END`;
  const silent = Prisma.sql`CASE WHEN i."longTerm" = false THEN ${silentFor(t.staleDays)} ${joined(periods.map((p) => Prisma.sql`WHEN ${periodOf} = ${p} THEN ${silentFor(p)}`))} END`;
  const returned = Prisma.sql`CASE WHEN i."returnCount" >= ${t.redAfterReturns} THEN ${n(m.returned)} ELSE 0 END`;
  // A signed-off item counts only as signed off, today and (unchanged) yesterday: the rest of
  // its key would be read for nothing, and nearly half of a county is signed off.
  const signedOff = n((STATUS_CODE.signed_off + 1) * (m.status + m.statusBefore) + m.existed);
  return Prisma.sql`CASE WHEN i."status" = ${"signed_off" satisfies ItemStatus} THEN ${signedOff}
    ELSE ${status} + ${n(m.existed)} + ${period} + ${due} + ${silent} + ${returned} END`;
}

interface Parts {
  after: (column: Prisma.Sql) => Prisma.Sql;
  changedSince: Prisma.Sql;
  deadlineBucket: (column: Prisma.Sql, day: Day) => Prisma.Sql;
  common: Prisma.Sql;
}

/** The keys of the items the last day changed, with the day undone. */
function changedItems(w: Window, periods: number[], { after, changedSince, deadlineBucket, common }: Parts): Prisma.Sql {
  const { asOf, yesterday } = w;
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
  return Prisma.sql`
    SELECT ${common},
      CASE WHEN (${signedOffSince} OR i."status" = 'awaiting_signoff') AND ${after(Prisma.sql`i."appliedAt"`)} THEN ${STATUS_CODE.in_progress}
           WHEN ${signedOffSince} THEN ${STATUS_CODE.awaiting_signoff}
           ELSE ${statusCode(Prisma.sql`i."status"`)} END AS "statusBefore",
      CASE WHEN i."assignedAt" <= ${asOf} THEN 1 ELSE 0 END AS existed,
      ${deadlineBucket(deadlineBefore, yesterday)} AS "dueBefore",
      ${silentOn(activityBefore, yesterday, w, periods)} AS "silentBefore"
    FROM "Item" i
    LEFT JOIN (
      SELECT e."itemId", e."fromDay" FROM "Extension" e
      WHERE e."at" > ${asOf} AND NOT EXISTS (
        SELECT 1 FROM "Extension" f
        WHERE f."itemId" = e."itemId" AND f."at" > ${asOf} AND (f."at" < e."at" OR (f."at" = e."at" AND f."id" < e."id")))
    ) ext ON ext."itemId" = i."id"
    ${previous.join}
    WHERE ${changedSince} ${inUnits(w.unitIds)}`;
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

