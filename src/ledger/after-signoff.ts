/** Reports that arrived on items after their sign-off: a red flag the leaders' digest lists. */
import type { Day, ItemStatus } from "../core/types";
import type { Received } from "./digest-data";
import { inUnits } from "./digest-items";
import { Prisma, type Ledger } from "./db";
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
export async function reportsAfterSignOff(
  session: Session,
  kind: Ledger["kind"],
  received: Received & { day: Day },
  unitIds: number[] | undefined,
): Promise<ReportedAfterSignOff[]> {
  // From the day's reports (an index on at) to their items: Prisma's relation filter made the
  // database look at every signed-off item of the county, and cannot compare the report's
  // time with the item's sign-off. PostgreSQL would hash every signed-off item to join them;
  // a lateral lookup by the item's key (kept from being flattened by OFFSET 0) reads only the
  // day's few. SQLite already drives the join from the reports.
  const afterItsSignOff = Prisma.sql`i."id" = r."itemId"
    AND i."status" = ${"signed_off" satisfies ItemStatus} AND i."signedOffAt" IS NOT NULL AND r."at" > i."signedOffAt" ${inUnits(unitIds)}
    AND NOT (
      NOT (i."lookbackAt" IS NOT NULL AND i."lookbackAt" > i."signedOffAt")
      AND ((i."lookbackAskedAt" IS NOT NULL AND i."lookbackAskedAt" <= r."at") OR (i."lookbackDue" IS NOT NULL AND i."lookbackDue" <= ${received.day})))`;
  const items = kind === "postgres"
    ? Prisma.sql`CROSS JOIN LATERAL (SELECT i."code", i."leadUnitId" FROM "Item" i WHERE ${afterItsSignOff} OFFSET 0) i`
    : Prisma.sql`JOIN "Item" i ON ${afterItsSignOff}`;
  const rows = await clientOf(session).$queryRaw<{ code: string; unit: string; n: number | bigint }[]>`
    SELECT i."code" AS code, u."name" AS unit, COUNT(*) AS n
    FROM "Report" r
    ${items}
    JOIN "Unit" u ON u."id" = i."leadUnitId"
    WHERE r."at" >= ${received.gte} AND r."at" < ${received.lt}
    GROUP BY i."code", u."name"`;
  return rows
    .map((r) => ({ itemCode: r.code, unit: r.unit, reports: Number(r.n) }))
    .sort((a, b) => b.reports - a.reports || a.itemCode.localeCompare(b.itemCode));
}
