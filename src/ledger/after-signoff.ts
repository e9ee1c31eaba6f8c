/** Reports that arrived on items after their sign-off: a red flag the leaders' digest lists. */
import type { ItemStatus } from "../core/types";
import type { Received } from "./digest-data";
import { clientOf, type Session } from "./session";

export interface ReportedAfterSignOff {
  itemCode: string;
  unit: string;
  reports: number;
}

/** Items still signed off that got reports in the period after their sign-off, most reports first. */
export async function reportsAfterSignOff(session: Session, received: Received, unitIds: number[] | undefined): Promise<ReportedAfterSignOff[]> {
  const rows = await clientOf(session).report.findMany({
    where: {
      at: received,
      item: { status: "signed_off" satisfies ItemStatus, ...(unitIds ? { leadUnitId: { in: unitIds } } : {}) },
    },
    select: { at: true, item: { select: { code: true, signedOffAt: true, leadUnit: { select: { name: true } } } } },
  });
  const byItem = new Map<string, ReportedAfterSignOff>();
  for (const r of rows) {
    // Prisma cannot compare two columns in a where: the few reports of a day are compared here.
    if (!r.item?.signedOffAt || r.at <= r.item.signedOffAt) continue;
    const e = byItem.get(r.item.code) ?? { itemCode: r.item.code, unit: r.item.leadUnit.name, reports: 0 };
    e.reports += 1;
    byItem.set(r.item.code, e);
  }
  return [...byItem.values()].sort((a, b) => b.reports - a.reports || a.itemCode.localeCompare(b.itemCode));
}
