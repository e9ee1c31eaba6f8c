/**
 * Assigning work (the office's /转办, /指派, /配合): the lead unit, the responsible person
 * and the cooperating units of an item change, each with its audit event, which the
 * item's history shows.
 */
import { PLATFORMS, type Platform } from "../core/types";
import { auditOf, writeAudit, type Change } from "./audit";
import { oneOf } from "./decode";
import type { ItemRow } from "./items";
import { clientOf, type Session } from "./session";

type Item = Pick<ItemRow, "id" | "leadUnitId" | "leadUnit" | "personId" | "personName">;
export interface Named { id: number; name: string }

/** Moves the item to another lead unit; its responsible person was the old unit's, so is cleared. */
export async function transferItem(session: Session, item: Item, p: { to: Named; reason: string }, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.item.update({ where: { id: item.id }, data: { leadUnitId: p.to.id, personId: null, personName: null }, select: { id: true } });
  // A unit that becomes the lead no longer also cooperates on the item.
  await tx.itemCooperation.deleteMany({ where: { itemId: item.id, unitId: p.to.id } });
  await writeAudit(session, auditOf(change, "item.transferred", {
    itemId: item.id,
    detail: { leadUnit: [item.leadUnit.name, p.to.name], person: item.personName, reason: p.reason },
  }));
}

export async function assignPerson(session: Session, item: Item, person: Named, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.item.update({ where: { id: item.id }, data: { personId: person.id, personName: person.name }, select: { id: true } });
  await writeAudit(session, auditOf(change, "item.person_assigned", { itemId: item.id, detail: { person: [item.personName, person.name] } }));
}

/** The cooperating units become exactly these (none clears them). */
export async function setCooperating(session: Session, item: Item, units: Named[], before: string[], change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.itemCooperation.deleteMany({ where: { itemId: item.id } });
  if (units.length) await tx.itemCooperation.createMany({ data: units.map((u) => ({ itemId: item.id, unitId: u.id })) });
  await writeAudit(session, auditOf(change, "item.cooperating_set", { itemId: item.id, detail: { cooperating: [before, units.map((u) => u.name)] } }));
}

export interface PersonFound extends Named {
  unitId: number | null;
  unitName: string | null;
  identities: { platform: Platform; userId: string }[];
}

/** People by name, with their unit and where they can be written to directly. */
export async function findPeopleByName(session: Session, name: string): Promise<PersonFound[]> {
  const rows = await clientOf(session).person.findMany({
    where: { name: name.trim() },
    select: { id: true, name: true, unitId: true, unit: { select: { name: true } }, identities: { select: { platform: true, userId: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    unitId: r.unitId,
    unitName: r.unit?.name ?? null,
    identities: r.identities.map((i) => ({ platform: oneOf(PLATFORMS, i.platform, "an identity's platform"), userId: i.userId })),
  }));
}

/** Where a person (by id) can be written to directly. */
export async function directChatsOf(session: Session, personId: number): Promise<{ platform: Platform; userId: string }[]> {
  const rows = await clientOf(session).chatIdentity.findMany({ where: { personId }, select: { platform: true, userId: true } });
  return rows.map((i) => ({ platform: oneOf(PLATFORMS, i.platform, "an identity's platform"), userId: i.userId }));
}
