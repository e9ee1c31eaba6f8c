/**
 * Multi-index hashing (Norouzi, Punjani & Fleet, "Fast search in Hamming space with
 * multi-index hashing", CVPR 2012): a 64-bit hash is cut into bands, each band keyed into its
 * own table. Two hashes within distance d, cut into m bands searched within r₁ … rₘ bits, meet
 * on at least one band when Σ(rᵢ + 1) > d (otherwise every band differs by more than its rᵢ and
 * the distance is at least that sum): so a search visits, per band, only the buckets within rᵢ
 * bits of the query's band, then checks the whole distance of what it finds. For d = 10 on
 * three bands that is 3, 3 and 2 bits — the widest band, which has the most buckets that close,
 * gets the 2 — rather than 3 on each.
 *
 * Few wide bands visit few hashes and many buckets; many narrow bands the reverse. A table of
 * millions of hashes wants three bands of 21–22 bits (a bucket holds one or two); a table of
 * a hash or two per photo wants four of 16.
 *
 * Memory is what a bot's process can spare (100,000 photos are 4.4 million hashes): the
 * hashes sit in chunks of one typed array, and each band is a sorted run — per entry a 32-bit
 * entry number and the low bits of its key in a byte, found through an offset per high-bits
 * prefix — about 13 bytes per hash in all, where chains and tags took several times that.
 * The entries added since the runs were sorted are scanned one by one until they pass TAIL;
 * then they are merged into the runs (a full counting sort only at the first search and when
 * the table has doubled, which changes the prefix).
 */
import { popcount32, type Hash64 } from "./phash";

export type Bands = 3 | 4;

const WIDTHS: Record<Bands, readonly number[]> = { 3: [21, 21, 22], 4: [16, 16, 16, 16] };

/** Entries scanned one by one before they are merged into the sorted runs. */
export const TAIL = 32_768;
/** Hashes per chunk of storage: growing never copies what is stored, and wastes at most one chunk. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

export interface HashTable {
  /** Adds a hash; its entry number is the count of hashes added before it. */
  insert(hash: Hash64): void;
  /** Calls `found(entry, distance)` for every stored hash within `radius` bits of `hash` (some more than once). */
  search(hash: Hash64, radius: number, found: (entry: number, distance: number) => void): void;
  readonly size: number;
}

/** Bits [from, from + width) of a hash, counted from the top of `hi` on through `lo` (width ≤ 22). */
function bandKey(hi: number, lo: number, from: number, width: number): number {
  const mask = 2 ** width - 1;
  if (from + width <= 32) return (hi >>> (32 - from - width)) & mask;
  if (from >= 32) return (lo >>> (64 - from - width)) & mask;
  const fromLo = from + width - 32;
  return ((hi & (2 ** (32 - from) - 1)) << fromLo) | (lo >>> (32 - fromLo));
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

/** One band's entries sorted by key: those whose key starts with prefix p are order[offsets[p] … offsets[p + 1]). */
interface Run {
  lowBits: number;
  offsets: Uint32Array;
  /** The key's low `lowBits` bits, ascending within each prefix. */
  low: Uint8Array;
  order: Uint32Array;
}

export function createHashTable(bands: Bands, tail = TAIL): HashTable {
  const widths = WIDTHS[bands];
  const starts = widths.map((_, k) => widths.slice(0, k).reduce((a, b) => a + b, 0));
  /** hi and lo of each hash, interleaved, CHUNK hashes per array. */
  const chunks: Uint32Array[] = [];
  let size = 0;
  const runs: Run[] = [];
  /** Entries below this are in the runs; the rest are the tail. */
  let sorted = 0;

  const hiOf = (e: number) => chunks[e >>> CHUNK_BITS]![(e & (CHUNK - 1)) << 1]!;
  const loOf = (e: number) => chunks[e >>> CHUNK_BITS]![((e & (CHUNK - 1)) << 1) | 1]!;

  /** About 16 entries per prefix, and the rest of the key in a byte. */
  const prefixBitsFor = (width: number) => Math.min(width, Math.max(width - 8, Math.ceil(Math.log2(Math.max(1, size / 16)))));

  function buildRun(band: number): Run {
    const width = widths[band]!;
    const from = starts[band]!;
    const lowBits = width - prefixBitsFor(width);
    const lowMask = (1 << lowBits) - 1;
    // A counting sort on the whole key: stable, so entries of one key stay in insertion order.
    const keys = new Uint32Array(size);
    const counts = new Uint32Array(2 ** width + 1);
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const base = c << CHUNK_BITS;
      const count = Math.min(CHUNK, size - base);
      for (let i = 0; i < count; i++) {
        const key = bandKey(chunk[i << 1]!, chunk[(i << 1) | 1]!, from, width);
        keys[base + i] = key;
        counts[key + 1]!++;
      }
    }
    for (let k = 1; k < counts.length; k++) counts[k]! += counts[k - 1]!;
    const offsets = new Uint32Array((1 << (width - lowBits)) + 1);
    for (let p = 0; p < offsets.length; p++) offsets[p] = counts[p * 2 ** lowBits]!;
    const order = new Uint32Array(size);
    const low = new Uint8Array(size);
    for (let e = 0; e < size; e++) {
      const key = keys[e]!;
      const at = counts[key]!++;
      order[at] = e;
      low[at] = key & lowMask;
    }
    return { lowBits, offsets, low, order };
  }

  /**
   * The old run with the tail merged in, in one sequential pass: sorting the whole band again
   * would cost a second at 4 million hashes, most of it in cache misses.
   */
  function mergeRun(band: number, old: Run): Run {
    const width = widths[band]!;
    const { lowBits } = old;
    const lowMask = (1 << lowBits) - 1;
    const prefixes = old.offsets.length - 1;
    const fresh = size - sorted;
    const tailKeys = new Uint32Array(fresh);
    for (let t = 0; t < fresh; t++) tailKeys[t] = bandKey(hiOf(sorted + t), loOf(sorted + t), starts[band]!, width);
    const tailOrder = Uint32Array.from({ length: fresh }, (_, t) => t).sort((a, b) => tailKeys[a]! - tailKeys[b]! || a - b);
    const offsets = new Uint32Array(prefixes + 1);
    const order = new Uint32Array(size);
    const low = new Uint8Array(size);
    let out = 0;
    let t = 0;
    for (let p = 0; p < prefixes; p++) {
      offsets[p] = out;
      const end = old.offsets[p + 1]!;
      let i = old.offsets[p]!;
      for (;;) {
        const key = t < fresh ? tailKeys[tailOrder[t]!]! : 0;
        const tailHere = t < fresh && key >>> lowBits === p;
        // Equal keys: the older entry first, as a sort from scratch leaves them.
        if (i < end && (!tailHere || old.low[i]! <= (key & lowMask))) {
          order[out] = old.order[i]!;
          low[out++] = old.low[i++]!;
        } else if (tailHere) {
          order[out] = sorted + tailOrder[t++]!;
          low[out++] = key & lowMask;
        } else break;
      }
    }
    offsets[prefixes] = out;
    return { lowBits, offsets, low, order };
  }

  function rebuild(): void {
    // One band at a time, so the old run of a band is let go before the next is built.
    for (let band = 0; band < bands; band++) {
      const old = runs[band];
      runs[band] = old && old.lowBits === widths[band]! - prefixBitsFor(widths[band]!) ? mergeRun(band, old) : buildRun(band);
    }
    sorted = size;
  }

  return {
    insert(hash) {
      const at = size & (CHUNK - 1);
      if (at === 0) chunks.push(new Uint32Array(CHUNK * 2));
      const chunk = chunks[chunks.length - 1]!;
      chunk[at << 1] = hash.hi;
      chunk[(at << 1) | 1] = hash.lo;
      size++;
    },
    search(hash, radius, found) {
      if (size - sorted > tail) rebuild();
      const qh = hash.hi | 0;
      const ql = hash.lo | 0;
      const spare = Math.max(0, radius - bands + 1);
      if (sorted > 0) {
        for (let band = 0; band < bands; band++) {
          const { lowBits, offsets, low, order } = runs[band]!;
          const lowMask = (1 << lowBits) - 1;
          // Σ rᵢ = radius − bands + 1, the narrower (earlier) bands taking the remainder.
          const masks = masksWithin(widths[band]!, Math.floor(spare / bands) + (band < spare % bands ? 1 : 0));
          const key = bandKey(qh, ql, starts[band]!, widths[band]!);
          for (let m = 0; m < masks.length; m++) {
            const k = key ^ masks[m]!;
            const l = k & lowMask;
            const prefix = k >>> lowBits;
            for (let i = offsets[prefix]!, end = offsets[prefix + 1]!; i < end; i++) {
              const got = low[i]!;
              if (got < l) continue;
              if (got > l) break;
              const e = order[i]!;
              const distance = popcount32(hiOf(e) ^ qh) + popcount32(loOf(e) ^ ql);
              if (distance <= radius) found(e, distance);
            }
          }
        }
      }
      for (let e = sorted; e < size; e++) {
        const distance = popcount32(hiOf(e) ^ qh) + popcount32(loOf(e) ^ ql);
        if (distance <= radius) found(e, distance);
      }
    },
    get size() {
      return size;
    },
  };
}
