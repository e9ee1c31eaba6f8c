/**
 * The dashboard's reads beyond the digest's (the lights, sections and each unit's counts
 * come from composeDigest, the weeks from trend.ts): the items a filter picks, and the
 * categories to filter by. The Petitioner table is never read here: leaders print this.
 */
import { addDays } from "../core/days";
import type { Thresholds } from "../core/lights";
import type { Day, ItemSource, ItemStatus, Light } from "../core/types";
import { Prisma } from "./db";
import { inUnits } from "./digest-items";
import { itemSelect, toItemRow, type ItemRow } from "./items";
import { clientOf, type Session } from "./session";

export interface ItemFilter {
  source?: ItemSource;
  unitId?: number;
  category?: string;
  light?: Light;
  /** Part of the code or the title. */
  q?: string;
  /** The viewer's scope: only items led by these units; all when absent. */
  unitIds?: number[];
  /** Signed-off items too (only when asked by light or search: the table is about what is open). */
  withSignedOff?: boolean;
}

/**
 * Open items a filter picks, most urgent first (earliest deadline), at most `take` + 1 so
 * the caller can say there are more. The light is a narrowing in SQL as wide as viewItem's
 * rule; the caller decides each item's light with viewItem and keeps the ones that match.
 */
export async function filteredItems(session: Session, f: ItemFilter, at: { today: Day; thresholds: Thresholds; staleBefore: Date }, take: number): Promise<ItemRow[]> {
  const { today, thresholds: t } = at;
  const unitIn = f.unitIds ? { in: f.unitIds } : undefined;
  const lightWhere: Prisma.ItemWhereInput =
    f.light === "red" ? { OR: [{ longTerm: false, deadline: { lt: today } }, { returnCount: { gte: t.redAfterReturns } }] }
    : f.light === "yellow" ? { OR: [{ longTerm: false, deadline: { gte: today, lte: addDays(today, t.dueSoonDays) } }, { OR: [{ longTerm: true }, { lastReportAt: { lt: at.staleBefore } }, { lastReportAt: null, assignedAt: { lt: at.staleBefore } }] }] }
    : {};
  const q = f.q?.trim();
  const rows = await clientOf(session).item.findMany({
    where: {
      AND: [
        { leadUnitId: f.unitId !== undefined ? (f.unitIds && !f.unitIds.includes(f.unitId) ? { in: [] } : f.unitId) : unitIn },
        f.source ? { source: f.source } : {},
        f.category ? { category: f.category } : {},
        f.withSignedOff ? {} : { status: { not: "signed_off" satisfies ItemStatus } },
        q ? { OR: [{ code: { contains: q } }, { title: { contains: q } }] } : {},
        lightWhere,
      ],
    },
    select: itemSelect,
    orderBy: [{ deadline: { sort: "asc", nulls: "last" } }, { code: "asc" }],
    take: take + 1,
  });
  return rows.map(toItemRow);
}

/** The categories items are filed under (in scope), for the filter's choices. */
export async function itemCategories(session: Session, unitIds: number[] | undefined): Promise<string[]> {
  // In SQL: Prisma's `distinct` reads every row and dedupes them in memory.
  const rows = await clientOf(session).$queryRaw<{ category: string }[]>`
    SELECT DISTINCT i."category" AS category FROM "Item" i WHERE 1 = 1 ${inUnits(unitIds)} ORDER BY i."category"`;
  return rows.map((r) => r.category);
}
