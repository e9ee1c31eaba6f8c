/**
 * The ledger week by week since it began: how many items were open, overdue and signed
 * off at the end of each week (Sunday, in the ledger's time zone). Nothing here is typed
 * in: an item counts from its first audit event (item.created or item.imported), is
 * signed off from the instant its sign-off was recorded, and is overdue from the day after
 * its deadline. A county of 100,000 items is one GROUP BY: each item falls into a week for
 * each of those three moments, and the weeks are summed up here.
 *
 * The deadline used is the current one (after extensions), and a reopened item counts as
 * open throughout: the trend shows the ledger as it stands, drawn back over time.
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
}

type Int = number | bigint;

const CREATED = ["item.created", "item.imported"];

/**
 * Each item's first audit event, one pass over the trail grouped by item: a correlated
 * MIN per item lets SQLite walk the whole trail in time order for every item.
 */
const firstEvents = Prisma.sql`LEFT JOIN (
  SELECT a."itemId", MIN(a."at") AS at FROM "AuditEvent" a WHERE a."action" IN (${Prisma.join(CREATED)}) AND a."itemId" IS NOT NULL GROUP BY a."itemId"
) first ON first."itemId" = i."id"`;
/** The first audit event, or the assignment time when the trail has none (an item made before audit events). */
const createdAt = Prisma.sql`COALESCE(first."at", i."assignedAt")`;

function inUnits(unitIds: number[] | undefined): Prisma.Sql {
  if (!unitIds) return Prisma.empty;
  return unitIds.length ? Prisma.sql`AND i."leadUnitId" IN (${Prisma.join(unitIds)})` : Prisma.sql`AND 1 = 0`;
}

/** Monday of the week that holds `day`. */
function mondayOf(day: Day): Day {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The index of the first bound the value is below; bounds.length when it is below none. */
function bucket(value: Prisma.Sql, bounds: (Date | Day)[]): Prisma.Sql {
  const whens = bounds.map((b, k) => Prisma.sql`WHEN ${value} < ${b} THEN ${k}`);
  return Prisma.sql`CASE WHEN ${value} IS NULL THEN ${bounds.length} ${Prisma.join(whens, " ")} ELSE ${bounds.length} END`;
}

export async function weeklyTrend(session: Session, scope: TrendScope): Promise<WeekPoint[]> {
  const db = clientOf(session);
  const [first] = await db.$queryRaw<{ at: Date | string | number | null }[]>`
    SELECT MIN(${createdAt}) AS at FROM "Item" i ${firstEvents} WHERE 1 = 1 ${inUnits(scope.unitIds)}`;
  if (!first?.at) return [];
  const today = dayOf(scope.now, scope.tz);
  const weekEnds: Day[] = [];
  for (let monday = mondayOf(dayOf(new Date(first.at), scope.tz)); monday <= today; monday = addDays(monday, 7)) {
    const sunday = addDays(monday, 6);
    weekEnds.push(sunday < today ? sunday : today);
  }
  // Week k ends at the start of the day after weekEnds[k] (now, for the week under way).
  const ends = weekEnds.map((d) => (d === today ? scope.now : instantOf(addDays(d, 1), "00:00", scope.tz)));
  // Overdue at the end of week k ⇔ the deadline is before weekEnds[k] (viewItem's rule on that day).
  const overdueFrom = bucket(Prisma.sql`CASE WHEN i."longTerm" = false THEN i."deadline" END`, weekEnds.map((d) => addDays(d, 1)));
  const signedOff = bucket(Prisma.sql`CASE WHEN i."status" = 'signed_off' THEN i."signedOffAt" END`, ends);
  const rows = await db.$queryRaw<{ c: Int; s: Int; o: Int; n: Int }[]>`
    SELECT x.c, x.s, x.o, COUNT(*) AS n FROM (
      SELECT ${bucket(createdAt, ends)} AS c, ${signedOff} AS s, ${overdueFrom} AS o FROM "Item" i ${firstEvents} WHERE 1 = 1 ${inUnits(scope.unitIds)}
    ) x GROUP BY x.c, x.s, x.o`;

  // +1 where a count starts, −1 where it stops; the running sums are the weeks' counts.
  const size = weekEnds.length + 1;
  const open = new Array<number>(size).fill(0);
  const overdue = new Array<number>(size).fill(0);
  const done = new Array<number>(size).fill(0);
  for (const r of rows) {
    const [c, o, n] = [Number(r.c), Number(r.o), Number(r.n)];
    // Signed off (as imported) before its first audit event: signed off from the start.
    const s = Math.max(c, Number(r.s));
    open[c]! += n;
    open[s]! -= n;
    done[s]! += n;
    const start = Math.max(c, o);
    if (start < s) {
      overdue[start]! += n;
      overdue[s]! -= n;
    }
  }
  const points: WeekPoint[] = [];
  let [o, d, s] = [0, 0, 0];
  for (let k = 0; k < weekEnds.length; k++) {
    o += open[k]!;
    d += overdue[k]!;
    s += done[k]!;
    points.push({ weekEnd: weekEnds[k]!, open: o, overdue: d, signedOff: s });
  }
  return points;
}
