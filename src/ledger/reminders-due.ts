/**
 * What the reminder runs read: the open petition cases and items they judge, the
 * long-term items of the monthly call, and the people to remind directly. The
 * Petitioner table is never read here.
 */
import type { CaseFacts } from "../core/petition";
import type { ItemFacts } from "../core/lights";
import { CASE_STATUSES, ITEM_STATUSES, PLATFORMS, ROLES, type CaseStatus, type ItemStatus, type Platform, type Role } from "../core/types";
import { listOf, oneOf } from "./decode";
import { clientOf, type Session } from "./session";

export interface CaseToRemind extends CaseFacts {
  caseNo: string;
  status: CaseStatus;
  unitId: number;
  unit: string;
  ownerLeaderId: number | null;
}

export interface ItemToRemind extends ItemFacts {
  code: string;
  title: string;
  status: ItemStatus;
  deadline: string | null;
  leadUnitId: number;
  leadUnit: string;
  personId: number | null;
}

/**
 * Cases not handled yet, and items the unit still has to act on (not signed off, not
 * waiting on the coordinators): the reminders decide which of them are due.
 */
export async function remindersDue(session: Session): Promise<{ cases: CaseToRemind[]; items: ItemToRemind[] }> {
  const db = clientOf(session);
  const [cases, items] = await Promise.all([
    db.petitionCase.findMany({
      where: { status: { notIn: ["handled", "disclosed"] } },
      select: {
        caseNo: true, assignedOn: true, batchDue: true, acceptedOn: true, extendedTo: true, status: true,
        unitId: true, ownerLeaderId: true, unit: { select: { name: true } },
      },
    }),
    db.item.findMany({
      where: { status: { notIn: ["signed_off", "awaiting_signoff"] } },
      select: {
        code: true, title: true, status: true, deadline: true, longTerm: true, reportPeriodDays: true,
        lastReportAt: true, assignedAt: true, returnCount: true, leadUnitId: true, personId: true,
        leadUnit: { select: { name: true } },
      },
    }),
  ]);
  return {
    cases: cases.map(({ unit, status, ...c }) => ({ ...c, unit: unit.name, status: oneOf(CASE_STATUSES, status, "a case's status") })),
    items: items.map(({ leadUnit, status, ...i }) => ({ ...i, leadUnit: leadUnit.name, status: oneOf(ITEM_STATUSES, status, "an item's status") })),
  };
}

export interface LongTermItem {
  code: string;
  title: string;
  leadUnitId: number;
  lastReportAt: Date | null;
}

/** Long-term items not signed off, by code. */
export async function openLongTermItems(session: Session): Promise<LongTermItem[]> {
  return clientOf(session).item.findMany({
    where: { longTerm: true, status: { not: "signed_off" } },
    select: { code: true, title: true, leadUnitId: true, lastReportAt: true },
    orderBy: { code: "asc" },
  });
}

export interface PersonToRemind {
  id: number;
  unitId: number | null;
  roles: Role[];
  lang: string | null;
  /** Where the person can be written to directly. */
  identities: { platform: Platform; userId: string }[];
}

/** These people, and everyone of these units. */
export async function peopleToRemind(session: Session, p: { ids: number[]; unitIds: number[] }): Promise<PersonToRemind[]> {
  const people = await clientOf(session).person.findMany({
    where: { OR: [{ id: { in: p.ids } }, { unitId: { in: p.unitIds } }] },
    select: { id: true, unitId: true, roles: true, lang: true, identities: { select: { platform: true, userId: true } } },
  });
  return people.map((person) => ({
    ...person,
    roles: listOf(ROLES, person.roles),
    identities: person.identities.map((i) => ({ platform: oneOf(PLATFORMS, i.platform, "an identity's platform"), userId: i.userId })),
  }));
}
