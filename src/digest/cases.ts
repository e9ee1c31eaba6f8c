/** Petition cases for the digest: due within a few days or overdue. Never the petitioner. */
import { daysBetween } from "../core/days";
import { caseDeadline } from "../core/petition";
import type { Day } from "../core/types";
import { openCases, personNames } from "../ledger/digest-data";
import type { Session } from "../ledger/session";
import type { CaseEntry } from "./types";

/** Petition cases are listed from this many days before their deadline. */
export const CASE_DUE_WITHIN_DAYS = 3;

export async function casesDue(session: Session, today: Day, unitIds: number[] | undefined): Promise<CaseEntry[]> {
  const due = (await openCases(session, unitIds)).flatMap((c) => {
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
