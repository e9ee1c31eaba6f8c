/** Petition cases for the digest: due within a few days or overdue. Never the petitioner. */
import { daysBetween } from "../core/days";
import { caseDeadline } from "../core/petition";
import type { Day } from "../core/types";
import type { Tx } from "../ledger/db";
import type { CaseEntry } from "./types";

/** Petition cases are listed from this many days before their deadline. */
export const CASE_DUE_WITHIN_DAYS = 3;

export async function casesDue(db: Tx, today: Day, unitIds: number[] | undefined): Promise<CaseEntry[]> {
  // The Petitioner relation is never selected: the digest goes to a group.
  const rows = await db.petitionCase.findMany({
    where: { status: { notIn: ["handled", "disclosed"] }, unitId: unitIds ? { in: unitIds } : undefined },
    select: {
      caseNo: true, ownerLeader: true, ownerLeaderId: true, assignedOn: true, batchDue: true, acceptedOn: true,
      extendedTo: true, status: true, unit: { select: { name: true } },
    },
  });
  const due = rows.flatMap((c) => {
    const deadline = caseDeadline(c);
    const dueInDays = deadline ? daysBetween(today, deadline.day) : Infinity;
    return deadline && dueInDays <= CASE_DUE_WITHIN_DAYS ? [{ c, deadline, dueInDays }] : [];
  });
  const leaderIds = due.filter(({ c }) => !c.ownerLeader && c.ownerLeaderId !== null).map(({ c }) => c.ownerLeaderId!);
  const leaders = leaderIds.length
    ? await db.person.findMany({ where: { id: { in: [...new Set(leaderIds)] } }, select: { id: true, name: true } })
    : [];
  const leaderName = new Map(leaders.map((p) => [p.id, p.name]));
  return due
    .map(({ c, deadline, dueInDays }) => ({
      caseNo: c.caseNo,
      unit: c.unit.name,
      ownerLeader: c.ownerLeader ?? (c.ownerLeaderId !== null ? leaderName.get(c.ownerLeaderId) ?? null : null),
      deadline: deadline.day,
      basis: deadline.basis,
      dueInDays,
    }))
    .sort((a, b) => a.dueInDays - b.dueInDays || (a.caseNo < b.caseNo ? -1 : a.caseNo > b.caseNo ? 1 : 0));
}
