/** The ledger at a glance, for `cli status`: every item's light facts, cases counted by status. */
import type { ItemFacts } from "../core/lights";
import { CASE_STATUSES, ITEM_STATUSES, type CaseStatus, type ItemStatus } from "../core/types";
import { oneOf } from "./decode";
import { clientOf, type Session } from "./session";

/** Every item, with just what its light is computed from. */
export async function allItemFacts(session: Session): Promise<(ItemFacts & { status: ItemStatus })[]> {
  const items = await clientOf(session).item.findMany({
    select: { status: true, deadline: true, longTerm: true, reportPeriodDays: true, lastReportAt: true, assignedAt: true, returnCount: true },
  });
  return items.map((i) => ({ ...i, status: oneOf(ITEM_STATUSES, i.status, "an item's status") }));
}

/** How many petition cases there are of each status. */
export async function casesByStatus(session: Session): Promise<Record<CaseStatus, number>> {
  const groups = await clientOf(session).petitionCase.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  for (const g of groups) counts[oneOf(CASE_STATUSES, g.status, "a case's status")] += g._count._all;
  return counts;
}
