/** Petition cases for the digest: due within a few days or overdue. Never the petitioner. */
import { addDays, daysBetween } from "../core/days";
import { ACCEPT_WITHIN_DAYS, caseDeadline, HANDLE_WITHIN_DAYS } from "../core/petition";
import type { Day } from "../core/types";
import { openCases, personNames } from "../ledger/digest-data";
import type { Session } from "../ledger/session";
import type { CaseEntry } from "./types";

/** Petition cases are listed from this many days before their deadline. */
export const CASE_DUE_WITHIN_DAYS = 3;

export async function casesDue(session: Session, today: Day, unitIds: number[] | undefined): Promise<CaseEntry[]> {
  // Only cases one of whose deadlines can fall by then are read; caseDeadline decides.
  const dueBy = addDays(today, CASE_DUE_WITHIN_DAYS);
  const bounds = { batchDueBy: dueBy, assignedBy: addDays(dueBy, -ACCEPT_WITHIN_DAYS), acceptedBy: addDays(dueBy, -HANDLE_WITHIN_DAYS) };
  const due = (await openCases(session, unitIds, bounds)).flatMap((c) => {
    const deadline = caseDeadline(c);
    const dueInDays = deadline ? daysBetween(today, deadline.day) : Infinity;
    return deadline && dueInDays <= CASE_DUE_WITHIN_DAYS ? [{ c, deadline, dueInDays }] : [];
  });
  const leaderName = await personNames(session, due.filter(({ c }) => !c.ownerLeader && c.ownerLeaderId !== null).map(({ c }) => c.ownerLeaderId!));
  return due
    .map(({ c, deadline, dueInDays }) => ({
      caseNo: c.caseNo,
      unit: c.unit,
      ownerLeader: c.ownerLeader ?? (c.ownerLeaderId !== null ? leaderName.get(c.ownerLeaderId) ?? null : null),
      deadline: deadline.day,
      basis: deadline.basis,
      dueInDays,
    }))
    .sort((a, b) => a.dueInDays - b.dueInDays || (a.caseNo < b.caseNo ? -1 : a.caseNo > b.caseNo ? 1 : 0));
}
