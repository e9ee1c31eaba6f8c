/**
 * The ledger week by week since it began: how many items were open, overdue and signed
 * off at the end of each week (Sunday, in the ledger's time zone). Nothing here is typed
 * in: an item counts from its first audit event (item.created or item.imported), is
 * signed off from the instant its sign-off was recorded, and is overdue from the day after
 * its deadline. A county of 100,000 items is one GROUP BY: each item falls into a week for
 * each of those three moments, and the weeks are summed up here.
 *
 * The deadline used is the current one (after extensions). A sign-off later undone (a
 * reopening, a failed look-back) counts as signed off for the weeks it stood, read from
 * the trail: such items are few, and looked up one by one.
 */
import { addDays, dayOf, instantOf } from "../core/days";
import type { Day } from "../core/types";
import { Prisma } from "./db";
import { clientOf, type Session } from "./session";

export interface WeekPoint {
  /** The Sunday that ends the week (or today, for the week under way). */
  weekEnd: Day;
  open: number;
  overdue: number;
  signedOff: number;
}

export interface TrendScope {
  now: Date;
  tz: string;
  /** Only items led by these units; all when absent. */
  unitIds?: number[];
  /** Only the last this many weeks (the earlier ones summed into the first): the digest's quarter. */
  lastWeeks?: number;
}

type Int = number | bigint;

const CREATED = ["item.created", "item.imported"];
const SIGNED_OFF = "item.signed_off";
const UNDOING = ["item.reopened", "item.lookback_failed"];

/**
 * Each item's first audit event, or its assignment when the trail has none (an item made
 * before audit events), and the join that reads it. SQLite: a lookup per item in the
 * (itemId, at) index that stops at the first creation event, so the cost follows the
 * items, not the whole trail (a correlated MIN instead walks the trail in time order); the
 * subquery's LIMIT keeps SQLite from copying the lookup into each comparison made with it.
 * PostgreSQL costs a correlated subquery per row (3× slower here): one pass over the trail
 * grouped by item, joined.
 */
function firstEvents(kind: LedgerKind): { createdAt: Prisma.Sql; join: Prisma.Sql; fence: Prisma.Sql } {
  if (kind === "sqlite") {
    return {
      createdAt: Prisma.sql`COALESCE((SELECT a."at" FROM "AuditEvent" a WHERE a."itemId" = i."id" AND a."action" IN (${Prisma.join(CREATED)}) ORDER BY a."at" LIMIT 1), i."assignedAt")`,
      join: Prisma.empty,
      fence: Prisma.sql`LIMIT 9223372036854775807`,
    };
  }
  return {
    createdAt: Prisma.sql`COALESCE(first."at", i."assignedAt")`,
    join: Prisma.sql`LEFT JOIN (
      SELECT a."itemId", MIN(a."at") AS at FROM "AuditEvent" a WHERE a."action" IN (${Prisma.join(CREATED)}) AND a."itemId" IS NOT NULL GROUP BY a."itemId"
    ) first ON first."itemId" = i."id"`,
    fence: Prisma.empty,
  };
}

function inUnits(unitIds: number[] | undefined): Prisma.Sql {
  if (!unitIds) return Prisma.empty;
  return unitIds.length ? Prisma.sql`AND i."leadUnitId" IN (${Prisma.join(unitIds)})` : Prisma.sql`AND 1 = 0`;
}

/** Monday of the week that holds `day`. */
function mondayOf(day: Day): Day {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * The index of the first bound the value is below (bounds ascending); bounds.length when it
 * is below none, or null. A balanced CASE: log₂ of the bounds comparisons per row, where a
 * chain of WHENs took one per bound passed (a year of weeks, three columns, 100,000 rows).
 */
function bucket(value: Prisma.Sql, bounds: (Date | Day)[]): Prisma.Sql {
  const search = (lo: number, hi: number): Prisma.Sql => {
    if (lo === hi) return Prisma.raw(String(lo));
    const mid = (lo + hi) >> 1;
    return Prisma.sql`CASE WHEN ${value} < ${bounds[mid]} THEN ${search(lo, mid)} ELSE ${search(mid + 1, hi)} END`;
  };
  return Prisma.sql`CASE WHEN ${value} IS NULL THEN ${Prisma.raw(String(bounds.length))} ELSE ${search(0, bounds.length)} END`;
}

/** Week k ends with the day weekEnds[k] (the last one is today's, under way). */
function weeksFrom(first: Day, today: Day): Day[] {
  const weekEnds: Day[] = [];
  for (let monday = mondayOf(first); monday <= today; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    weekEnds.push(sunday < today ? sunday : today);
  }
  return weekEnds;
}

const instant = (v: Date | string | number | null | undefined) => (v === null || v === undefined ? null : new Date(v));

type LedgerKind = "sqlite" | "postgres";

/** The ledger (or a transaction of it) with the database behind it: the first events are read as suits each. */
export interface TrendReader {
  session: Session;
  kind: LedgerKind;
}

export async function weeklyTrend(reader: TrendReader, scope: TrendScope): Promise<WeekPoint[]> {
  const db = clientOf(reader.session);
  const events = firstEvents(reader.kind);
  // The weeks are counted from a bound no later than the first item's first event, read
  // without the per-item join: the earliest creation event of any item, or the earliest
  // assignment in scope. The weeks before the real first one are empty, and dropped below.
  const [bound] = await db.$queryRaw<{ assigned: Date | string | null; event: Date | string | null }[]>`
    SELECT MIN(i."assignedAt") AS assigned,
      (SELECT a."at" FROM "AuditEvent" a WHERE a."action" IN (${Prisma.join(CREATED)}) ORDER BY a."at" LIMIT 1) AS event
    FROM "Item" i WHERE 1 = 1 ${inUnits(scope.unitIds)}`;
  const from = [instant(bound?.assigned), instant(bound?.event)].filter((d): d is Date => d !== null);
  if (!from.length) return [];
  const today = dayOf(scope.now, scope.tz);
  const weekEnds = weeksFrom(dayOf(new Date(Math.min(...from.map((d) => d.getTime()))), scope.tz), today).slice(-(scope.lastWeeks ?? 0));
  if (!weekEnds.length) return [];
  // Week k ends at the start of the day after weekEnds[k] (now, for the week under way).
  const ends = weekEnds.map((d) => (d === today ? scope.now : instantOf(addDays(d, 1), "00:00", scope.tz)));
  // Overdue at the end of week k ⇔ the deadline is before weekEnds[k] (viewItem's rule on that day).
  const overdueFrom = bucket(Prisma.sql`x."due"`, weekEnds.map((d) => addDays(d, 1)));
  // Per item: the week it came in (c), was signed off (s) and fell overdue (o), packed into
  // one integer (grouping on three CASE columns sorted the county three ways), then per
  // group the moments no earlier than the week it came in (signed off as imported is signed
  // off from the start), and four counts by week come back: what starts and stops being
  // open, signed off and overdue, not the thousands of combinations of the three weeks.
  const size = weekEnds.length + 1;
  const [k1, k2] = [Prisma.raw(String(size)), Prisma.raw(String(size * size))];
  const rows = await db.$queryRaw<{ kind: Int; k: Int; n: Int; first: Date | string | null }[]>`
    WITH g AS (
      SELECT x.k, COUNT(*) AS n, MIN(x.at) AS first FROM (
        SELECT x.at, (${bucket(Prisma.sql`x."at"`, ends)}) * ${k2} + (${bucket(Prisma.sql`x."signed"`, ends)}) * ${k1} + ${overdueFrom} AS k
        FROM (
          SELECT ${events.createdAt} AS at, CASE WHEN i."status" = 'signed_off' THEN i."signedOffAt" END AS signed,
            CASE WHEN i."longTerm" = false THEN i."deadline" END AS due
          FROM "Item" i ${events.join} WHERE 1 = 1 ${inUnits(scope.unitIds)}
          ${events.fence}
        ) x
      ) x GROUP BY x.k
    ), y AS (
      SELECT g.n, g.first, g.k / ${k2} AS c,
        CASE WHEN (g.k / ${k1}) % ${k1} < g.k / ${k2} THEN g.k / ${k2} ELSE (g.k / ${k1}) % ${k1} END AS s,
        CASE WHEN g.k % ${k1} < g.k / ${k2} THEN g.k / ${k2} ELSE g.k % ${k1} END AS o
      FROM g
    )
    SELECT 0 AS kind, y.c AS k, CAST(SUM(y.n) AS BIGINT) AS n, MIN(y.first) AS first FROM y GROUP BY y.c
    UNION ALL SELECT 1, y.s, CAST(SUM(y.n) AS BIGINT), NULL FROM y GROUP BY y.s
    UNION ALL SELECT 2, y.o, CAST(SUM(y.n) AS BIGINT), NULL FROM y WHERE y.o < y.s GROUP BY y.o
    UNION ALL SELECT 3, y.s, CAST(SUM(y.n) AS BIGINT), NULL FROM y WHERE y.o < y.s GROUP BY y.s`;

  // +1 where a count starts, −1 where it stops; the running sums are the weeks' counts.
  const open = new Array<number>(size).fill(0);
  const overdue = new Array<number>(size).fill(0);
  const done = new Array<number>(size).fill(0);
  let first: Date | null = null;
  for (const r of rows) {
    const [kind, k, n] = [Number(r.kind), Number(r.k), Number(r.n)];
    if (kind === 0) {
      open[k]! += n;
      const at = instant(r.first);
      if (at && (!first || at < first)) first = at;
    } else if (kind === 1) {
      open[k]! -= n;
      done[k]! += n;
    } else overdue[k]! += kind === 2 ? n : -n;
  }
  if (!first) return [];
  const undone = await undoneSignOffs(reader.session, scope.unitIds, weekEnds, ends);
  // The ledger's weeks start with the week of its first item.
  const start = mondayOf(dayOf(first, scope.tz));
  const points: WeekPoint[] = [];
  let [o, d, s] = [0, 0, 0];
  for (let k = 0; k < weekEnds.length; k++) {
    o += open[k]!;
    d += overdue[k]!;
    s += done[k]!;
    const u = undone[k]!;
    if (weekEnds[k]! >= start) points.push({ weekEnd: weekEnds[k]!, open: o - u.signed, overdue: d - u.overdue, signedOff: s + u.signed });
  }
  return points;
}

/**
 * Per week, the items whose sign-off stood at its end and was undone later: counted as
 * open by the query above (their signedOffAt is gone), signed off here, and not overdue.
 * A week's end is within a sign-off from the instant it was recorded until its undoing.
 */
async function undoneSignOffs(session: Session, unitIds: number[] | undefined, weekEnds: Day[], ends: Date[]): Promise<{ signed: number; overdue: number }[]> {
  const db = clientOf(session);
  const perWeek = weekEnds.map(() => ({ signed: 0, overdue: 0 }));
  // An undoing before the first week's end changes no week: the time index bounds the read (the digest's quarter).
  const undoneItems = await db.auditEvent.findMany({ where: { at: { gte: ends[0]! }, action: { in: UNDOING }, itemId: { not: null } }, select: { itemId: true }, distinct: ["itemId"] });
  if (!undoneItems.length) return perWeek;
  const items = await db.item.findMany({
    where: { id: { in: undoneItems.map((e) => e.itemId!) }, ...(unitIds ? { leadUnitId: { in: unitIds } } : {}) },
    select: { id: true, deadline: true, longTerm: true },
  });
  const trail = await db.auditEvent.findMany({
    where: { itemId: { in: items.map((i) => i.id) }, action: { in: [SIGNED_OFF, ...UNDOING] } },
    select: { itemId: true, action: true, at: true },
    orderBy: [{ itemId: "asc" }, { at: "asc" }, { id: "asc" }],
  });
  const trailOf = new Map<number | null, typeof trail>();
  for (const e of trail) trailOf.set(e.itemId, [...(trailOf.get(e.itemId) ?? []), e]);
  for (const item of items) {
    let signedAt: Date | null = null;
    for (const event of trailOf.get(item.id) ?? []) {
      if (event.action === SIGNED_OFF) signedAt = event.at;
      else if (signedAt) {
        for (let k = 0; k < weekEnds.length; k++) {
          if (!(signedAt < ends[k]! && event.at >= ends[k]!)) continue;
          perWeek[k]!.signed++;
          if (!item.longTerm && item.deadline && item.deadline < addDays(weekEnds[k]!, 1)) perWeek[k]!.overdue++;
        }
        signedAt = null;
      }
    }
  }
  return perWeek;
}
