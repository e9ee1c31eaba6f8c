/** Reading items for the bot: one item by code, and the short lists people ask for. */
import { aliasKeys } from "../core/units";
import type { ItemState } from "../core/lifecycle";
import type { ItemFacts } from "../core/lights";
import { addDays } from "../core/days";
import { ITEM_STATUSES, type Day, type ItemStatus } from "../core/types";
import { oneOf } from "./decode";
import { clientOf, takePrimed, type Session } from "./session";

export const itemSelect = {
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
  status: ItemStatus;
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

export type RawItem = Omit<ItemRow, "status"> & { status: string };

export function toItemRow(raw: RawItem): ItemRow {
  return { ...raw, status: oneOf(ITEM_STATUSES, raw.status, "an item's status") };
}

const toItemRows = (rows: RawItem[]) => rows.map(toItemRow);

export async function findItemByCode(session: Session, code: string): Promise<ItemRow | null> {
  const primed = takePrimed<ItemRow | null>(session, `item:${code}`);
  if (primed !== undefined) return primed;
  const raw = await clientOf(session).item.findUnique({ where: { code }, select: itemSelect });
  return raw && toItemRow(raw);
}

export async function findItemById(session: Session, id: number): Promise<ItemRow | null> {
  const raw = await clientOf(session).item.findUnique({ where: { id }, select: itemSelect });
  return raw && toItemRow(raw);
}

/**
 * The item a bot message is about, or (in Slack a thread hangs under the person's report,
 * not under the bot's receipt) the item of the report that message was.
 */
export async function findItemOfMessage(session: Session, p: { platform: string; chatId: string; messageId: string }): Promise<ItemRow | null> {
  const tx = clientOf(session);
  const about = await tx.botMessage.findUnique({
    where: { platform_chatId_messageId: p },
    select: { itemCode: true },
  });
  if (about?.itemCode) return findItemByCode(session, about.itemCode);
  const report = await tx.report.findFirst({ where: { ...p, itemId: { not: null } }, select: { itemId: true } });
  return report?.itemId ? findItemById(session, report.itemId) : null;
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

export async function findUnitByName(session: Session, name: string): Promise<{ id: number; name: string } | null> {
  const tx = clientOf(session);
  for (const alias of aliasKeys(name)) {
    const hit = await tx.unitAlias.findUnique({ where: { alias }, select: { unit: { select: { id: true, name: true } } } });
    if (hit) return hit.unit;
  }
  return null;
}

export async function findUnitName(session: Session, unitId: number): Promise<string | null> {
  const unit = await clientOf(session).unit.findUnique({ where: { id: unitId }, select: { name: true } });
  return unit?.name ?? null;
}

/** Photos received for the item since a moment (evidence must postdate the assignment). */
export async function countPhotosSince(session: Session, itemId: number, since: Date): Promise<number> {
  return clientOf(session).photo.count({ where: { itemId, receivedAt: { gte: since } } });
}

/** Documents received for the item since a moment: evidence as photos are. */
export async function countDocumentsSince(session: Session, itemId: number, since: Date): Promise<number> {
  return clientOf(session).document.count({ where: { itemId, receivedAt: { gte: since } } });
}

/** The item's photos that carry a flag (reused, old): a sign-off looks back at them sooner. */
export async function countFlaggedPhotos(session: Session, itemId: number): Promise<number> {
  return clientOf(session).photo.count({ where: { itemId, NOT: { flags: "" } } });
}

/** Where the item's problem is (地点), if its file said. */
export async function itemPlace(session: Session, itemId: number): Promise<string | null> {
  return (await clientOf(session).item.findUnique({ where: { id: itemId }, select: { place: true } }))?.place ?? null;
}

/** The item's measures (整改措施): the look-back's risk reads them. */
export async function itemMeasures(session: Session, itemId: number): Promise<string> {
  return (await clientOf(session).item.findUnique({ where: { id: itemId }, select: { measures: true } }))?.measures ?? "";
}

/** What an item's card shows beside the item itself. */
export interface ItemCardFacts {
  photos: number;
  reports: number;
  flagged: number;
  cooperating: string[];
  extensions: number;
}

export async function itemCardFacts(session: Session, item: ItemRow): Promise<ItemCardFacts> {
  const tx = clientOf(session);
  const [photos, reports, flagged, cooperating, extensions] = await Promise.all([
    tx.photo.count({ where: { itemId: item.id } }),
    tx.report.count({ where: { itemId: item.id } }),
    countFlaggedPhotos(session, item.id),
    tx.unit.findMany({ where: { id: { in: item.cooperating.map((c) => c.unitId) } }, select: { name: true } }),
    tx.extension.count({ where: { itemId: item.id } }),
  ]);
  return { photos, reports, flagged, cooperating: cooperating.map((u) => u.name), extensions };
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
export async function openItems(session: Session, f: ItemListFilter): Promise<ItemRow[]> {
  return toItemRows(await clientOf(session).item.findMany({
    where: { ...unitWhere(f), ...(f.personId ? { personId: f.personId } : {}), status: { not: "signed_off" satisfies ItemStatus } },
    select: itemSelect,
    orderBy: [{ deadline: "asc" }, { code: "asc" }],
    take: LIST_LIMIT,
  }));
}

/** Past their current deadline and not signed off, longest overdue first. */
export async function overdueItems(session: Session, today: Day, f: ItemListFilter): Promise<ItemRow[]> {
  return toItemRows(await clientOf(session).item.findMany({
    where: { ...unitWhere(f), longTerm: false, status: { not: "signed_off" satisfies ItemStatus }, deadline: { lt: today } },
    select: itemSelect,
    orderBy: [{ deadline: "asc" }, { code: "asc" }],
    take: LIST_LIMIT,
  }));
}

/** Due today or within `days`, soonest first. */
export async function dueItems(session: Session, today: Day, days: number, f: ItemListFilter): Promise<ItemRow[]> {
  return toItemRows(await clientOf(session).item.findMany({
    where: { ...unitWhere(f), longTerm: false, status: { not: "signed_off" satisfies ItemStatus }, deadline: { gte: today, lte: addDays(today, days) } },
    select: itemSelect,
    orderBy: [{ deadline: "asc" }, { code: "asc" }],
    take: LIST_LIMIT,
  }));
}

export async function unitItems(session: Session, unitId: number): Promise<ItemRow[]> {
  return toItemRows(await clientOf(session).item.findMany({ where: unitWhere({ involvingUnitId: unitId }), select: itemSelect, orderBy: { code: "asc" } }));
}
