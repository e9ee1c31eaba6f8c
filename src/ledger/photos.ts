/**
 * Evidence photo and document rows. The bytes are on disk already (storeEvidence, before the event's
 * transaction); the row records them with the flags they earned when they arrived.
 */
import type { Tx } from "./db";
import { evidenceFlags, type FlagOptions, type StoredEvidence } from "./evidence";
import type { StoredDocument } from "./evidence-document";

/** Adds the report's photos, each flagged against the photos the ledger holds before it. */
export async function addPhotos(
  tx: Tx,
  p: { reportId: number; itemId: number | null; photos: StoredEvidence[]; receivedAt: Date; flags: FlagOptions },
): Promise<void> {
  const { reportId, itemId, receivedAt } = p;
  for (const s of p.photos) {
    const flags = await evidenceFlags(tx, { sha256: s.sha256, phash: s.phash, takenAt: s.takenAt, receivedAt, reportId, itemId }, p.flags);
    await tx.photo.create({
      select: { id: true },
      data: {
        reportId,
        itemId,
        sha256: s.sha256,
        phash: s.phash,
        size: s.size,
        mime: s.mime,
        width: s.width,
        height: s.height,
        takenAt: s.takenAt,
        lat: s.lat,
        lon: s.lon,
        flags: flags.join(","),
        receivedAt,
      },
    });
  }
}

/** Adds the report's documents. A document has no perceptual hash or capture time to flag it by. */
export async function addDocuments(tx: Tx, p: { reportId: number; itemId: number | null; documents: StoredDocument[]; receivedAt: Date }): Promise<void> {
  for (const d of p.documents) {
    await tx.document.create({
      select: { id: true },
      data: { reportId: p.reportId, itemId: p.itemId, sha256: d.sha256, size: d.size, type: d.type, mime: d.mime, name: d.name, receivedAt: p.receivedAt },
    });
  }
}
