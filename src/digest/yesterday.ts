/**
 * An item's facts as they were a day ago, so that yesterday's light can be computed the
 * same way as today's (lights are never stored). The ledger keeps when an item was
 * assigned, applied for and signed off, its reports and its extensions, so those are
 * undone; a return leaves no time on the item, so returnCount is taken as it is now.
 */
import type { ItemFacts } from "../core/lights";
import type { ItemStatus } from "../core/types";
import type { ChangesSince, DigestItemRow as ItemRow } from "../ledger/digest-items";

export function factsNow(row: ItemRow): ItemFacts {
  return {
    status: row.status,
    deadline: row.deadline,
    longTerm: row.longTerm,
    reportPeriodDays: row.reportPeriodDays,
    lastReportAt: row.lastReportAt,
    assignedAt: row.assignedAt,
    returnCount: row.returnCount,
  };
}

/** The item's facts at `changes.asOf`, or null when it was not in the ledger yet. */
export function factsAsOf(row: ItemRow, changes: ChangesSince): ItemFacts | null {
  const { asOf } = changes;
  if (row.assignedAt > asOf) return null;
  let status: ItemStatus = row.status;
  if (status === "signed_off" && row.signedOffAt && row.signedOffAt > asOf) status = "awaiting_signoff";
  if (status === "awaiting_signoff" && row.appliedAt && row.appliedAt > asOf) status = "in_progress";
  const reportedSince = row.lastReportAt !== null && row.lastReportAt > asOf;
  return {
    ...factsNow(row),
    status,
    deadline: changes.deadlineBefore.has(row.id) ? changes.deadlineBefore.get(row.id)! : row.deadline,
    lastReportAt: reportedSince ? changes.reportBefore.get(row.id) ?? null : row.lastReportAt,
  };
}
