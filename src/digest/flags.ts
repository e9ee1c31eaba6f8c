/** Evidence photos flagged as possibly fake (reused, or taken long before), received in a period. */
import type { Tx } from "../ledger/db";
import type { FlagEntry } from "./types";

export async function flaggedPhotos(db: Tx, received: { gte: Date; lt: Date }, unitIds: number[] | undefined): Promise<FlagEntry[]> {
  const photos = await db.photo.findMany({
    where: { receivedAt: received, flags: { not: "" } },
    select: { id: true, flags: true, itemId: true, report: { select: { itemId: true } } },
    orderBy: { id: "asc" },
  });
  // A photo sent before its report was matched to an item has only the report's item.
  const itemIdOf = (p: (typeof photos)[number]) => p.itemId ?? p.report.itemId;
  const ids = [...new Set(photos.map(itemIdOf).filter((id): id is number => id !== null))];
  const items = ids.length
    ? await db.item.findMany({ where: { id: { in: ids } }, select: { id: true, code: true, leadUnitId: true, leadUnit: { select: { name: true } } } })
    : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  return photos.flatMap((p) => {
    const id = itemIdOf(p);
    const item = id === null ? undefined : byId.get(id);
    if (unitIds && (!item || !unitIds.includes(item.leadUnitId))) return [];
    return [{
      photoId: p.id,
      itemCode: item?.code ?? null,
      unit: item?.leadUnit.name ?? null,
      flags: p.flags.split(",").map((f) => f.trim()).filter(Boolean),
    }];
  });
}
