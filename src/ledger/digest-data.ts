/**
 * The digest's reads beyond the items (those are in digest-items.ts): units, open
 * petition cases, flagged evidence photos and yesterday's counts. The Petitioner table
 * is never read here: the digest goes to a group.
 */
import { CASE_STATUSES, PHOTO_FLAGS, type CaseStatus, type Day, type PhotoFlag } from "../core/types";
import { listOf, oneOf } from "./decode";
import { clientOf, type Session } from "./session";

export interface DigestUnit {
  id: number;
  name: string;
}

/** The units (all, or these). */
export async function digestUnits(session: Session, unitIds: number[] | undefined): Promise<DigestUnit[]> {
  return clientOf(session).unit.findMany({ where: { id: unitIds ? { in: unitIds } : undefined }, select: { id: true, name: true } });
}

export interface Received {
  gte: Date;
  lt: Date;
}

/** Reports and photos received in the period, of items led by these units (all when absent). */
export async function receivedCounts(session: Session, received: Received, unitIds: number[] | undefined): Promise<{ reports: number; photos: number }> {
  const db = clientOf(session);
  const itemInUnits = unitIds ? { item: { is: { leadUnitId: { in: unitIds } } } } : {};
  const [reports, photos] = await Promise.all([
    db.report.count({ where: { at: received, ...itemInUnits } }),
    db.photo.count({ where: { receivedAt: received, ...(unitIds ? { report: itemInUnits } : {}) } }),
  ]);
  return { reports, photos };
}

/** A petition case not yet handled, with what its deadline is computed from. */
export interface OpenCase {
  caseNo: string;
  unit: string;
  /** The owning leader's name as imported, if any. */
  ownerLeader: string | null;
  ownerLeaderId: number | null;
  assignedOn: string;
  batchDue: string | null;
  acceptedOn: string | null;
  extendedTo: string | null;
  status: CaseStatus;
}

/**
 * Days that narrow the open cases to those whose deadline can have come: a batch due by
 * `batchDueBy`, not yet accepted and assigned by `assignedBy`, or accepted by `acceptedBy`.
 */
export interface CaseBounds {
  batchDueBy: Day;
  assignedBy: Day;
  acceptedBy: Day;
}

export async function openCases(session: Session, unitIds: number[] | undefined, bounds?: CaseBounds): Promise<OpenCase[]> {
  const near = bounds && {
    OR: [{ batchDue: { lte: bounds.batchDueBy } }, { acceptedOn: null, assignedOn: { lte: bounds.assignedBy } }, { acceptedOn: { lte: bounds.acceptedBy } }],
  };
  const rows = await clientOf(session).petitionCase.findMany({
    where: { status: { notIn: ["handled", "disclosed"] }, unitId: unitIds ? { in: unitIds } : undefined, ...near },
    select: {
      caseNo: true, ownerLeader: true, ownerLeaderId: true, assignedOn: true, batchDue: true, acceptedOn: true,
      extendedTo: true, status: true, unit: { select: { name: true } },
    },
  });
  return rows.map(({ unit, status, ...c }) => ({ ...c, unit: unit.name, status: oneOf(CASE_STATUSES, status, "a case's status") }));
}

/** People's names by id, for the few the digest names. */
export async function personNames(session: Session, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const people = await clientOf(session).person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(people.map((p) => [p.id, p.name]));
}

/** An evidence photo flagged as possibly fake (reused, taken long before, far from the place). */
export interface FlaggedPhoto {
  photoId: number;
  itemCode: string | null;
  unit: string | null;
  flags: PhotoFlag[];
  /** Metres from its item's place, when known (far_from_place says how far). */
  placeMeters?: number | null;
  /** The item of the earlier photo it copies, when the near-copy index found one. */
  matchItem: string | null;
}

/** Flagged photos received in the period; with unitIds, only those of the units' items. */
export async function flaggedPhotos(session: Session, received: Received, unitIds: number[] | undefined): Promise<FlaggedPhoto[]> {
  const db = clientOf(session);
  const photos = await db.photo.findMany({
    where: { receivedAt: received, flags: { not: "" } },
    select: { id: true, flags: true, placeMeters: true, itemId: true, matchPhotoId: true, report: { select: { itemId: true } } },
    orderBy: { id: "asc" },
  });
  // A photo sent before its report was matched to an item has only the report's item.
  const itemIdOf = (p: (typeof photos)[number]) => p.itemId ?? p.report.itemId;
  const ids = [...new Set(photos.map(itemIdOf).filter((id): id is number => id !== null))];
  const items = ids.length
    ? await db.item.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, leadUnitId: true, leadUnit: { select: { name: true } } } })
    : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const matchIds = photos.flatMap((p) => (p.matchPhotoId === null ? [] : [p.matchPhotoId]));
  const matched = matchIds.length
    ? await db.photo.findMany({ where: { id: { in: matchIds } }, select: { id: true, item: { select: { code: true } } } })
    : [];
  const matchItem = new Map(matched.map((m) => [m.id, m.item?.code ?? null]));
  return photos.flatMap((p) => {
    const id = itemIdOf(p);
    const item = id === null ? undefined : byId.get(id);
    if (unitIds && (!item || !unitIds.includes(item.leadUnitId))) return [];
    return [{ photoId: p.id, itemCode: item?.code ?? null, unit: item?.leadUnit.name ?? null, flags: listOf(PHOTO_FLAGS, p.flags),
      placeMeters: p.placeMeters, matchItem: p.matchPhotoId === null ? null : matchItem.get(p.matchPhotoId) ?? null }];
  });
}
