/**
 * Which stored photos a photo is a near copy of, across the whole ledger. Every stored
 * photo's views (variants.ts) go into one hash table, its whole view alone into a second; a
 * photo asked about looks up its probes (its whole and its smallest crops) among the stored
 * views — it is a crop, mirror or turn of a stored photo — and its views among the stored
 * wholes — a stored photo is a crop of it. Built from the fingerprints the ledger keeps;
 * nothing here touches a file.
 */
import type { Fingerprint } from "./fingerprint-codec";
import { WHOLE, type Box } from "./gray";
import { createHashTable } from "./hash-table";
import { VIEWS } from "./variants";

export type NearCopyKind = "same" | "resized" | "retouched" | "cropped" | "mirrored" | "rotated" | "framed";

export interface NearCopy {
  id: string;
  kind: NearCopyKind;
  /** Bits apart (of 64) on the closest pair of views: 0 is the same picture. */
  distance: number;
}

export interface NearCopyIndex {
  add(id: string, fp: Fingerprint): void;
  /** The stored photos `fp` is a near copy of (or that are near copies of it), closest first. */
  lookup(fp: Fingerprint): NearCopy[];
  readonly size: number;
}

/**
 * Bits of 64 within which two views count as the same picture. Copies of the shipped photos
 * land within 6 of the matching view, different photos 16 or more apart (npm run bench).
 */
export const MATCH_DISTANCE = 10;

const VIEW_SLOTS = 64;
const WHOLE_PREFERENCE = 3;
const PROBES = VIEWS.flatMap((v, k) => (v.probe ? [k] : []));

export function createNearCopyIndex(): NearCopyIndex {
  const views = createHashTable(3);
  const wholes = createHashTable(4);
  const stored: { id: string; fp: Fingerprint }[] = [];
  return {
    add(id, fp) {
      const slot = stored.push({ id, fp }) - 1;
      fp.hashes.forEach((h, k) => views.insert(h, slot * VIEW_SLOTS + k));
      wholes.insert(fp.hashes[0]!, slot * VIEW_SLOTS);
    },
    lookup(fp) {
      // Per stored photo: the closest distance, and the pair of views that tells the kind.
      const best = new Map<number, { distance: number; score: number; storedView: number; askedView: number }>();
      const note = (askedView: number) => (tag: number, distance: number) => {
        const slot = Math.floor(tag / VIEW_SLOTS);
        const storedView = tag % VIEW_SLOTS;
        // A resized copy's whole picture also nearly meets some crop of it: the whole wins unless a crop is clearly closer.
        const score = distance + (storedView === 0 && askedView === 0 ? 0 : WHOLE_PREFERENCE);
        const seen = best.get(slot);
        if (!seen) best.set(slot, { distance, score, storedView, askedView });
        else {
          seen.distance = Math.min(seen.distance, distance);
          if (score < seen.score) Object.assign(seen, { score, storedView, askedView });
        }
      };
      for (const k of PROBES) views.search(fp.hashes[k]!, MATCH_DISTANCE, note(k));
      fp.hashes.forEach((h, k) => wholes.search(h, MATCH_DISTANCE, note(k)));
      return [...best]
        .map(([slot, m]) => {
          const { id, fp: original } = stored[slot]!;
          return { id, distance: m.distance, kind: kindOf(original, fp, m.storedView, m.askedView, m.distance) };
        })
        .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
    },
    get size() {
      return stored.length;
    },
  };
}

const framed = (box: Box) =>
  box !== WHOLE && (box.left > 0.02 || box.top > 0.02 || box.right < 0.98 || box.bottom < 0.98);

/** What the copy did to the photo, as far as the matching views and the two fingerprints tell. */
function kindOf(original: Fingerprint, copy: Fingerprint, storedView: number, askedView: number, distance: number): NearCopyKind {
  if (framed(copy.content) !== framed(original.content)) return "framed";
  const stored = VIEWS[storedView]!;
  const asked = VIEWS[askedView]!;
  if (stored.kind === "mirrored" || asked.kind === "mirrored") return "mirrored";
  if (stored.kind === "rotated" || asked.kind === "rotated") return "rotated";
  if (stored.kind === "cropped" || asked.kind === "cropped") return "cropped";
  // The same view: the whole picture, changed only in size, encoding or light.
  const relit = Math.abs(copy.mean - original.mean) > 6 || Math.abs(copy.spread - original.spread) > 0.08 * Math.max(original.spread, 1);
  if (relit) return "retouched";
  if (copy.width !== original.width || copy.height !== original.height) return "resized";
  return distance <= 2 ? "same" : "retouched";
}
