/** Reading items for the bot: one item by code, and the short lists people ask for. */
import { aliasKeys } from "../core/units";
import type { ItemState } from "../core/lifecycle";
import type { ItemFacts } from "../core/lights";
import { addDays } from "../core/days";
import type { Day } from "../core/types";
import type { Tx } from "./db";

const itemSelect = {
  id: true,
  code: true,
  title: true,
  source: true,
  category: true,
  status: true,
  progress: true,
  leadUnitId: true,
  leaderName: true,
  personName: true,
  personId: true,
  longTerm: true,
  reportPeriodDays: true,
  originalDeadline: true,
  deadline: true,
  assignedAt: true,
  lastReportAt: true,
  returnCount: true,
  lastReturnReason: true,
  appliedById: true,
  appliedAt: true,
  signedOffAt: true,
  lookbackDue: true,
  lookbackResult: true,
  leadUnit: { select: { name: true } },
  cooperating: { select: { unitId: true } },
} as const;

export interface ItemRow extends ItemFacts {
  id: number;
  code: string;
  title: string;
  source: string;
  category: string;
  status: string;
  progress: number | null;
  leadUnitId: number;
  leaderName: string | null;
  personName: string | null;
  personId: number | null;
  originalDeadline: string | null;
  lastReturnReason: string | null;
  appliedById: number | null;
  appliedAt: Date | null;
  signedOffAt: Date | null;
  lookbackDue: string | null;
  lookbackResult: string | null;
  leadUnit: { name: string };
  cooperating: { unitId: number }[];
}

export async function findItemByCode(tx: Tx, code: string): Promise<ItemRow | null> {
  return tx.item.findUnique({ where: { code }, select: itemSelect });
}

export async function findItemById(tx: Tx, id: number): Promise<ItemRow | null> {
  return tx.item.findUnique({ where: { id }, select: itemSelect });
}

export function itemState(item: ItemRow): ItemState {
  return {
    status: item.status,
    leadUnitId: item.leadUnitId,
    cooperatingUnitIds: item.cooperating.map((c) => c.unitId),
    longTerm: item.longTerm,
    deadline: item.deadline,
    appliedById: item.appliedById,
  };
}

export async function findUnitByName(tx: Tx, name: string): Promise<{ id: number; name: string } | null> {
  for (const alias of aliasKeys(name)) {
    const hit = await tx.unitAlias.findUnique({ where: { alias }, select: { unit: { select: { id: true, name: true } } } });
    if (hit) return hit.unit;
  }
  return null;
}

/** Photos received for the item since a moment (evidence must postdate the assignment). */
export async function countPhotosSince(tx: Tx, itemId: number, since: Date): Promise<number> {
  return tx.photo.count({ where: { itemId, receivedAt: { gte: since } } });
}

export async function photoStats(tx: Tx, itemId: number): Promise<{ photos: number; reports: number; flagged: number }> {
  const [photos, reports, flagged] = await Promise.all([
    tx.photo.count({ where: { itemId } }),
    tx.report.count({ where: { itemId } }),
    tx.photo.count({ where: { itemId, NOT: { flags: "" } } }),
  ]);
  return { photos, reports, flagged };
}

export interface ItemListFilter {
  unitId?: number;
  /** Items of a unit as lead or cooperating unit. */
  involvingUnitId?: number;
  personId?: number;
}

function unitWhere(f: ItemListFilter) {
  if (f.involvingUnitId !== undefined) {
    return { OR: [{ leadUnitId: f.involvingUnitId }, { cooperating: { some: { unitId: f.involvingUnitId } } }] };
  }
  return f.unitId !== undefined ? { leadUnitId: f.unitId } : {};
}

const LIST_LIMIT = 200;

/** Not signed off, for the person's or unit's worklist. */
export async function openItems(tx: Tx, f: ItemListFilter): Promise<ItemRow[]> {
  return tx.item.findMany({
    where: { ...unitWhere(f), ...(f.personId ? { personId: f.personId } : {}), status: { not: "signed_off" } },
    select: itemSelect,
    orderBy: [{ deadline: "asc" }, { code: "asc" }],
    take: LIST_LIMIT,
  });
}

/** Past their current deadline and not signed off, longest overdue first. */
export async function overdueItems(tx: Tx, today: Day, f: ItemListFilter): Promise<ItemRow[]> {
  return tx.item.findMany({
    where: { ...unitWhere(f), longTerm: false, status: { not: "signed_off" }, deadline: { lt: today } },
    select: itemSelect,
    orderBy: [{ deadline: "asc" }, { code: "asc" }],
    take: LIST_LIMIT,
  });
}

/** Due today or within `days`, soonest first. */
export async function dueItems(tx: Tx, today: Day, days: number, f: ItemListFilter): Promise<ItemRow[]> {
  return tx.item.findMany({
    where: { ...unitWhere(f), longTerm: false, status: { not: "signed_off" }, deadline: { gte: today, lte: addDays(today, days) } },
    select: itemSelect,
    orderBy: [{ deadline: "asc" }, { code: "asc" }],
    take: LIST_LIMIT,
  });
}

export async function unitItems(tx: Tx, unitId: number): Promise<ItemRow[]> {
  return tx.item.findMany({ where: unitWhere({ involvingUnitId: unitId }), select: itemSelect, orderBy: { code: "asc" } });
}
