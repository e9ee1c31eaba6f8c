/**
 * Petition case deadlines. The inspection batch may set its own deadline; the Petition
 * Work Regulations (信访工作条例, 2022, arts. 32 and 35) add the statutory ones: decide
 * acceptance within 15 days of assignment, handle within 60 days of acceptance,
 * extendable once by at most 30 days. Statutory periods count calendar days, starting
 * the day after (the day of assignment or acceptance is not counted). The earliest
 * deadline that applies is the one that counts.
 */
import { addDays } from "./days";
import type { CaseStatus, Day } from "./types";

export const ACCEPT_WITHIN_DAYS = 15;
export const HANDLE_WITHIN_DAYS = 60;
export const MAX_EXTENSION_DAYS = 30;

export interface CaseFacts {
  assignedOn: Day;
  batchDue?: Day | null;
  acceptedOn?: Day | null;
  extendedTo?: Day | null;
  status: CaseStatus | string;
}

export type DeadlineBasis = "batch" | "accept" | "handle" | "extended";

export interface CaseDeadline {
  day: Day;
  basis: DeadlineBasis;
}

export type ExtensionCheck =
  | { ok: true }
  | { ok: false; reason: "already_extended" | "too_long" | "not_later" | "handled" };

/** A handled or disclosed case has no open deadline. */
export function isCaseClosed(c: Pick<CaseFacts, "status">): boolean {
  return c.status === "handled" || c.status === "disclosed";
}

export function caseDeadline(c: CaseFacts): CaseDeadline | null {
  if (isCaseClosed(c)) return null;
  const candidates: CaseDeadline[] = [];
  // Listed first so that it wins a tie: the inspection team chases its own date.
  if (c.batchDue) candidates.push({ day: c.batchDue, basis: "batch" });
  if (!c.acceptedOn) {
    candidates.push({ day: addDays(c.assignedOn, ACCEPT_WITHIN_DAYS), basis: "accept" });
  } else {
    const handleBy = addDays(c.acceptedOn, HANDLE_WITHIN_DAYS);
    // An extension only ever lengthens the handling period.
    candidates.push(c.extendedTo && c.extendedTo > handleBy ? { day: c.extendedTo, basis: "extended" } : { day: handleBy, basis: "handle" });
  }
  return candidates.reduce((earliest, d) => (d.day < earliest.day ? d : earliest));
}

/**
 * Whether the handling period may be extended to `newDay`. A case not yet formally
 * accepted is measured as if accepted on assignment: the earliest its handling period
 * can end, so an early extension is never longer than the regulations allow.
 */
export function checkCaseExtension(c: CaseFacts, newDay: Day, today: Day): ExtensionCheck {
  if (isCaseClosed(c)) return { ok: false, reason: "handled" };
  if (c.extendedTo) return { ok: false, reason: "already_extended" };
  const handleBy = addDays(c.acceptedOn ?? c.assignedOn, HANDLE_WITHIN_DAYS);
  if (newDay <= handleBy || newDay <= today) return { ok: false, reason: "not_later" };
  if (newDay > addDays(handleBy, MAX_EXTENSION_DAYS)) return { ok: false, reason: "too_long" };
  return { ok: true };
}
