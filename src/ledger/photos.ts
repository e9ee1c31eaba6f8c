/**
 * Evidence photo and document rows. The bytes are on disk already (storeEvidence, before the event's
 * transaction); the row records them with the flags they earned when they arrived, and again
 * when their report's item becomes known (a button, a caption on a later album part).
 */
import { PHOTO_FLAGS, type PhotoFlag } from "../core/types";
import { listOf } from "./decode";
import { evidenceFlags, type FlagOptions, type StoredEvidence } from "./evidence";
import { metresBetween, placeOf, withPlaceFlag } from "./evidence-flags";
import type { StoredDocument } from "./evidence-document";
import type { PhotoMatch } from "./near-copies";
import type { Tx } from "./db";
import { clientOf, type Session } from "./session";

/** The item a photo is filed under, as far as its flags care. */
export interface FlagItem {
  id: number;
  assignedAt: Date | null;
}

/** The columns a photo's verdict fills. */
export const verdictColumns = (v: { flags: PhotoFlag[]; match: PhotoMatch | null; placeMeters: number | null }) => ({
  flags: v.flags.join(","),
  matchPhotoId: v.match?.photoId ?? null,
  matchKind: v.match?.kind ?? null,
  placeMeters: v.placeMeters,
});

/** Adds the report's photos, each flagged against the photos the ledger holds before it. */
export async function addPhotos(
  session: Session,
  p: { reportId: number; item: FlagItem | null; photos: StoredEvidence[]; receivedAt: Date; flags: FlagOptions },
): Promise<void> {
  const { reportId, item, receivedAt } = p;
  for (const s of p.photos) {
    const verdict = await evidenceFlags(session, {
      sha256: s.sha256, phash: s.phash, fingerprint: s.fingerprint, takenAt: s.takenAt, lat: s.lat, lon: s.lon, receivedAt, reportId,
      itemId: item?.id ?? null, assignedAt: item?.assignedAt ?? null,
    }, p.flags);
    await clientOf(session).photo.create({
      select: { id: true },
      data: {
        reportId,
        itemId: item?.id ?? null,
        sha256: s.sha256,
        phash: s.phash,
        fingerprint: s.fingerprint,
        size: s.size,
        mime: s.mime,
        width: s.width,
        height: s.height,
        takenAt: s.takenAt,
        lat: s.lat,
        lon: s.lon,
        ...verdictColumns(verdict),
        receivedAt,
      },
    });
  }
}

/**
 * The report's photos flagged again now that its item is known: a photo sent before its
 * item was chosen was checked without one (no item's earlier photos, no assignment date,
 * no place to be far from).
 * A flag a coordinator already cleared stays cleared.
 */
export async function reflagReportPhotos(session: Session, p: { reportId: number; item: FlagItem; flags: FlagOptions }): Promise<void> {
  const tx = clientOf(session);
  const photos = await tx.photo.findMany({
    where: { reportId: p.reportId, clearedAt: null },
    select: { id: true, sha256: true, phash: true, fingerprint: true, takenAt: true, lat: true, lon: true, receivedAt: true },
    orderBy: { id: "asc" },
  });
  for (const ph of photos) {
    const verdict = await evidenceFlags(session, { ...ph, reportId: p.reportId, itemId: p.item.id, assignedAt: p.item.assignedAt }, p.flags);
    await tx.photo.update({ where: { id: ph.id }, data: verdictColumns(verdict), select: { id: true } });
  }
}

/**
 * The item's place moved (an import with new coordinates): its photos with a position are
 * measured again, and far_from_place follows the new place. Only the place is judged again:
 * a photo's other flags do not depend on it. A flag a coordinator cleared stays cleared.
 */
export async function remeasurePlace(tx: Tx, itemId: number, place: { lat: number | null; lon: number | null }, farMeters: number): Promise<void> {
  const photos = await tx.photo.findMany({
    where: { itemId, clearedAt: null, lat: { not: null }, lon: { not: null } },
    select: { id: true, lat: true, lon: true, flags: true, placeMeters: true },
  });
  for (const ph of photos) {
    const placeMeters = metresBetween(ph, placeOf(place));
    const flags = withPlaceFlag(listOf(PHOTO_FLAGS, ph.flags), placeMeters, farMeters);
    if (placeMeters === ph.placeMeters && flags.join(",") === ph.flags) continue;
    await tx.photo.update({ where: { id: ph.id }, data: { placeMeters, flags: flags.join(",") }, select: { id: true } });
  }
}

/** Adds the report's documents. A document has no perceptual hash or capture time to flag it by. */
export async function addDocuments(session: Session, p: { reportId: number; itemId: number | null; documents: StoredDocument[]; receivedAt: Date }): Promise<void> {
  for (const d of p.documents) {
    await clientOf(session).document.create({
      select: { id: true },
      data: { reportId: p.reportId, itemId: p.itemId, sha256: d.sha256, size: d.size, type: d.type, mime: d.mime, name: d.name, receivedAt: p.receivedAt },
    });
  }
}
