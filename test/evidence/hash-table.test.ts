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

it.each([3, 4] as const)("with %i bands, finds hashes up to the radius in any band and leaves out the ones just past it", (bands) => {
  const table = createHashTable(bands);
  const query = { hi: 0xdeadbeef, lo: 0x0badf00d };
  for (let d = 0; d <= 14; d++) table.insert(flipped(query, d), d);
  table.insert({ hi: ~query.hi >>> 0, lo: ~query.lo >>> 0 }, 99);
  const found = new Map<number, number>();
  table.search(query, 10, (tag, distance) => found.set(tag, distance));
  expect([...found.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const [tag, distance] of found) expect(distance).toBe(hamming(query, flipped(query, tag)));
  expect(table.size).toBe(16);
});
