/** Reports that arrived on items after their sign-off: a red flag the leaders' digest lists. */
import type { Day, ItemStatus } from "../core/types";
import type { Received } from "./digest-data";
import { inUnits } from "./digest-items";
import { clientOf, type Session } from "./session";

export interface ReportedAfterSignOff {
  itemCode: string;
  unit: string;
  reports: number;
}

/**
 * Items still signed off that got reports in the period after their sign-off, most reports first.
 * Reports sent for a look-back (core/lookback.ts: from its due day, `day` being the period's,
 * or from the ask, until the look-back is recorded) were asked for, and are not counted.
 */
export async function reportsAfterSignOff(session: Session, received: Received & { day: Day }, unitIds: number[] | undefined): Promise<ReportedAfterSignOff[]> {
  // One join from the day's reports (an index on at) to their items: Prisma's relation filter
  // made the database look at every signed-off item of the county, and cannot compare the
  // report's time with the item's sign-off.
  const rows = await clientOf(session).$queryRaw<{ code: string; unit: string; n: number | bigint }[]>`
    SELECT i."code" AS code, u."name" AS unit, COUNT(*) AS n
    FROM "Report" r
    JOIN "Item" i ON i."id" = r."itemId"
    JOIN "Unit" u ON u."id" = i."leadUnitId"
    WHERE r."at" >= ${received.gte} AND r."at" < ${received.lt}
      AND i."status" = ${"signed_off" satisfies ItemStatus} AND i."signedOffAt" IS NOT NULL AND r."at" > i."signedOffAt" ${inUnits(unitIds)}
      AND NOT (
        NOT (i."lookbackAt" IS NOT NULL AND i."lookbackAt" > i."signedOffAt")
        AND ((i."lookbackAskedAt" IS NOT NULL AND i."lookbackAskedAt" <= r."at") OR (i."lookbackDue" IS NOT NULL AND i."lookbackDue" <= ${received.day})))
    GROUP BY i."code", u."name"`;
  return rows
    .map((r) => ({ itemCode: r.code, unit: r.unit, reports: Number(r.n) }))
    .sort((a, b) => b.reports - a.reports || a.itemCode.localeCompare(b.itemCode));
}
