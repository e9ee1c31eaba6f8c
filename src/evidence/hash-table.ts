/**
 * Multi-index hashing (Norouzi, Punjani & Fleet, "Fast search in Hamming space with
 * multi-index hashing", CVPR 2012): a 64-bit hash is cut into four 16-bit bands, each band
 * keyed into its own table. Two hashes within distance d agree to within ⌊d/4⌋ bits on at
 * least one band, so a search visits, per band, only the buckets within that many bits of
 * the query's band, then checks the whole distance of what it finds.
 */
import { popcount32, type Hash64 } from "./phash";

const BANDS = 4;
const BAND_BITS = 16;

/** A growable column of 32-bit integers. */
interface Column {
  data: Uint32Array;
  length: number;
}

const column = (capacity = 4): Column => ({ data: new Uint32Array(capacity), length: 0 });

function push(c: Column, value: number): void {
  if (c.length === c.data.length) {
    const bigger = new Uint32Array(c.data.length * 2);
    bigger.set(c.data);
    c.data = bigger;
  }
  c.data[c.length++] = value;
}

export interface HashTable {
  /** Adds a hash carrying `tag`, the caller's number for what it belongs to. */
  insert(hash: Hash64, tag: number): void;
  /** Calls `found(tag, distance)` for every stored hash within `radius` bits of `hash` (some more than once). */
  search(hash: Hash64, radius: number, found: (tag: number, distance: number) => void): void;
  readonly size: number;
}

const bandOf = (h: Hash64, band: number) => ((band < 2 ? h.hi : h.lo) >>> (band % 2 === 0 ? 16 : 0)) & 0xffff;

/** Every 16-bit value within `bits` flips of `key`, `key` itself first. */
function* neighbours(key: number, bits: number, from = 0): Generator<number> {
  yield key;
  if (bits === 0) return;
  for (let b = from; b < BAND_BITS; b++) yield* neighbours(key ^ (1 << b), bits - 1, b + 1);
}

export function createHashTable(): HashTable {
  const hi = column(1024);
  const lo = column(1024);
  const tags = column(1024);
  const tables: (Column | undefined)[][] = Array.from({ length: BANDS }, () => new Array(1 << BAND_BITS));
  return {
    insert(hash, tag) {
      const entry = tags.length;
      push(hi, hash.hi);
      push(lo, hash.lo);
      push(tags, tag);
      for (let band = 0; band < BANDS; band++) {
        const key = bandOf(hash, band);
        push((tables[band]![key] ??= column()), entry);
      }
    },
    search(hash, radius, found) {
      const perBand = Math.floor(radius / BANDS);
      for (let band = 0; band < BANDS; band++) {
        const table = tables[band]!;
        for (const key of neighbours(bandOf(hash, band), perBand)) {
          const bucket = table[key];
          if (!bucket) continue;
          for (let k = 0; k < bucket.length; k++) {
            const entry = bucket.data[k]!;
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
