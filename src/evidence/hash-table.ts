/**
 * Multi-index hashing (Norouzi, Punjani & Fleet, "Fast search in Hamming space with
 * multi-index hashing", CVPR 2012): a 64-bit hash is cut into bands, each band keyed into its
 * own table. Two hashes within distance d agree to within ⌊d/bands⌋ bits on at least one
 * band, so a search visits, per band, only the buckets within that many bits of the query's
 * band, then checks the whole distance of what it finds.
 *
 * Few wide bands visit few hashes and many buckets; many narrow bands the reverse. A table of
 * millions of hashes wants three bands of 21–22 bits (a bucket holds one or two); a table of
 * a hash or two per photo wants four of 16 (its bucket heads stay in the processor's cache).
 * Buckets are chains threaded through one array, so adding a hash never moves the others.
 */
import { popcount32, type Hash64 } from "./phash";

export type Bands = 3 | 4;

const WIDTHS: Record<Bands, readonly number[]> = { 3: [21, 21, 22], 4: [16, 16, 16, 16] };

/** A growable array of 32-bit integers. */
class Column {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

export interface HashTable {
  /** Adds a hash carrying `tag`, the caller's number for what it belongs to. */
  insert(hash: Hash64, tag: number): void;
  /** Calls `found(tag, distance)` for every stored hash within `radius` bits of `hash` (some more than once). */
  search(hash: Hash64, radius: number, found: (tag: number, distance: number) => void): void;
  readonly size: number;
}

/** Bits [from, from + width) of a hash, counted from the top of `hi` on through `lo` (width ≤ 22). */
function bandKey(h: Hash64, from: number, width: number): number {
  const mask = 2 ** width - 1;
  if (from + width <= 32) return (h.hi >>> (32 - from - width)) & mask;
  if (from >= 32) return (h.lo >>> (64 - from - width)) & mask;
  const fromLo = from + width - 32;
  return ((h.hi & (2 ** (32 - from) - 1)) << fromLo) | (h.lo >>> (32 - fromLo));
}

/** Every mask of at most `bits` set bits among the lowest `width`, 0 first. */
function flipMasks(width: number, bits: number): Int32Array {
  const masks: number[] = [];
  const grow = (mask: number, left: number, from: number) => {
    masks.push(mask);
    if (left > 0) for (let b = from; b < width; b++) grow(mask | (1 << b), left - 1, b + 1);
  };
  grow(0, bits, 0);
  return Int32Array.from(masks);
}

const MASKS = new Map<string, Int32Array>();
function masksWithin(width: number, bits: number): Int32Array {
  const key = `${width}/${bits}`;
  let masks = MASKS.get(key);
  if (!masks) MASKS.set(key, (masks = flipMasks(width, bits)));
  return masks;
}

export function createHashTable(bands: Bands): HashTable {
  const widths = WIDTHS[bands];
  const starts = widths.map((_, k) => widths.slice(0, k).reduce((a, b) => a + b, 0));
  const hi = new Column();
  const lo = new Column();
  const tags = new Column();
  /** Per band, the newest entry of each bucket (entry + 1; 0 is an empty bucket), allocated at the first insert. */
  let heads: Int32Array[] | null = null;
  /** Per band, the entry after each entry in its bucket's chain (entry + 1). */
  const next = widths.map(() => new Column());
  return {
    insert(hash, tag) {
      heads ??= widths.map((w) => new Int32Array(2 ** w));
      const entry = tags.length;
      hi.push(hash.hi | 0);
      lo.push(hash.lo | 0);
      tags.push(tag);
      for (let band = 0; band < bands; band++) {
        const key = bandKey(hash, starts[band]!, widths[band]!);
        next[band]!.push(heads[band]![key]!);
        heads[band]![key] = entry + 1;
      }
    },
    search(hash, radius, found) {
      if (!heads) return;
      const perBand = Math.floor(radius / bands);
      for (let band = 0; band < bands; band++) {
        const head = heads[band]!;
        const chain = next[band]!.data;
        const masks = masksWithin(widths[band]!, perBand);
        const key = bandKey(hash, starts[band]!, widths[band]!);
        for (let m = 0; m < masks.length; m++) {
          for (let e = head[key ^ masks[m]!]!; e !== 0; e = chain[e - 1]!) {
            const entry = e - 1;
            const distance = popcount32(hi.data[entry]! ^ hash.hi) + popcount32(lo.data[entry]! ^ hash.lo);
            if (distance <= radius) found(tags.data[entry]!, distance);
          }
        }
      }
    },
    get size() {
      return tags.length;
    },
  };
}
