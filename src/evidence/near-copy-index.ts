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

const VIEW_COUNT = VIEWS.length;
const WHOLE_PREFERENCE = 3;
const PROBES = VIEWS.flatMap((v, k) => (v.probe ? [k] : []));

/** What kindOf needs of a stored photo, without its hashes (those live in the tables). */
interface Stored {
  width: number;
  height: number;
  framed: boolean;
  mean: number;
  spread: number;
}

/** Per stored photo, five numbers in one growing array instead of an object and its 44 hash objects. */
const META = 5;

export function createNearCopyIndex(): NearCopyIndex {
  // Entry slot × VIEW_COUNT + k is view k of the photo in that slot; in `wholes`, entry slot is its whole.
  const views = createHashTable(3);
  const wholes = createHashTable(4);
  const ids: string[] = [];
  let meta = new Float64Array(META * 1024);
  const storedAt = (slot: number): Stored => ({
    width: meta[slot * META]!,
    height: meta[slot * META + 1]!,
    framed: meta[slot * META + 2] === 1,
    mean: meta[slot * META + 3]!,
    spread: meta[slot * META + 4]!,
  });
  return {
    add(id, fp) {
      if (fp.hashes.length !== VIEW_COUNT) throw new RangeError(`a fingerprint has ${VIEW_COUNT} hashes, not ${fp.hashes.length}`);
      const slot = ids.push(id) - 1;
      if ((slot + 1) * META > meta.length) {
        const bigger = new Float64Array(meta.length * 2);
        bigger.set(meta);
        meta = bigger;
      }
      meta.set([fp.width, fp.height, framed(fp.content) ? 1 : 0, fp.mean, fp.spread], slot * META);
      for (const h of fp.hashes) views.insert(h);
      wholes.insert(fp.hashes[0]!);
    },
    lookup(fp) {
      // Per stored photo: the closest distance, and the pair of views that tells the kind.
      const best = new Map<number, { distance: number; score: number; storedView: number; askedView: number }>();
      const note = (slot: number, storedView: number, askedView: number, distance: number) => {
        // A resized copy's whole picture also nearly meets some crop of it: the whole wins unless a crop is clearly closer.
        const score = distance + (storedView === 0 && askedView === 0 ? 0 : WHOLE_PREFERENCE);
        const seen = best.get(slot);
        if (!seen) best.set(slot, { distance, score, storedView, askedView });
        else {
          seen.distance = Math.min(seen.distance, distance);
          if (score < seen.score) Object.assign(seen, { score, storedView, askedView });
        }
      };
      for (const k of PROBES)
        views.search(fp.hashes[k]!, MATCH_DISTANCE, (entry, distance) => note(Math.floor(entry / VIEW_COUNT), entry % VIEW_COUNT, k, distance));
      fp.hashes.forEach((h, k) => wholes.search(h, MATCH_DISTANCE, (slot, distance) => note(slot, 0, k, distance)));
      return [...best]
        .map(([slot, m]) => ({ id: ids[slot]!, distance: m.distance, kind: kindOf(storedAt(slot), fp, m.storedView, m.askedView, m.distance) }))
        .sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id));
    },
    get size() {
      return ids.length;
    },
  };
}

const framed = (box: Box) =>
  box !== WHOLE && (box.left > 0.02 || box.top > 0.02 || box.right < 0.98 || box.bottom < 0.98);

/** What the copy did to the photo, as far as the matching views and the two fingerprints tell. */
function kindOf(original: Stored, copy: Fingerprint, storedView: number, askedView: number, distance: number): NearCopyKind {
  if (framed(copy.content) !== original.framed) return "framed";
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
