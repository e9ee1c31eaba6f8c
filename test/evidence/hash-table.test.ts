/** The multi-index table finds every stored hash within the radius, and none beyond it. */
import { expect, it } from "vitest";
import { createHashTable } from "../../src/evidence/hash-table";
import { hamming, type Hash64 } from "../../src/evidence/phash";

/** `query` with `bits` bits flipped, spread over every band and across the bands' edges. */
function flipped(query: Hash64, bits: number): Hash64 {
  const order = [0, 21, 42, 63, 16, 32, 48, 31, 20, 41, 22, 43, 1, 17, 33, 49, 2, 18, 34, 50];
  let { hi, lo } = query;
  for (const b of order.slice(0, bits)) if (b < 32) hi ^= 1 << b;
  else lo ^= 1 << (b - 32);
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

const query = { hi: 0xdeadbeef, lo: 0x0badf00d };

/** Entries 0–14 are the query with 0–14 bits flipped, entry 15 its complement. */
function filled(bands: 3 | 4, tail?: number) {
  const table = createHashTable(bands, tail);
  for (let d = 0; d <= 14; d++) table.insert(flipped(query, d));
  table.insert({ hi: ~query.hi >>> 0, lo: ~query.lo >>> 0 });
  return table;
}

it.each([
  [3, "while they are the newest entries"],
  [4, "while they are the newest entries"],
  [3, "once they are sorted into the bands"],
  [4, "once they are sorted into the bands"],
] as const)("with %i bands, finds hashes up to the radius and leaves out the ones just past it, %s", (bands, when) => {
  const table = filled(bands, when.startsWith("once") ? 0 : undefined);
  const found = new Map<number, number>();
  table.search(query, 10, (entry, distance) => found.set(entry, distance));
  expect([...found.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const [entry, distance] of found) expect(distance).toBe(hamming(query, flipped(query, entry)));
  expect(table.size).toBe(16);
});

it("a table of many hashes, partly sorted and partly new, finds exactly what comparing every hash finds", () => {
  let seed = 7;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0);
  const centres = Array.from({ length: 40 }, () => ({ hi: random(), lo: random() }));
  const stored: Hash64[] = [];
  // Clustered like real views: hashes near a few centres, so buckets fill unevenly.
  for (let n = 0; n < 30_000; n++) {
    const c = centres[n % centres.length]!;
    stored.push({ hi: (c.hi ^ (random() & random() & random())) >>> 0, lo: (c.lo ^ (random() & random() & random())) >>> 0 });
  }
  const table = createHashTable(3, 5_000);
  for (const [n, h] of stored.entries()) {
    table.insert(h);
    // A search now and then sorts what came so far; the ones after it stay new.
    if (n % 9_000 === 8_999) table.search(centres[0]!, 10, () => undefined);
  }
  for (const asked of centres.slice(0, 10)) {
    const found = new Set<number>();
    table.search(asked, 10, (entry, distance) => {
      expect(distance).toBe(hamming(asked, stored[entry]!));
      found.add(entry);
    });
    const expected = stored.flatMap((h, e) => (hamming(asked, h) <= 10 ? [e] : []));
    expect(expected.length).toBeGreaterThan(0);
    expect([...found].sort((a, b) => a - b)).toEqual(expected);
  }
});
