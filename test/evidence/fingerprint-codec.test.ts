/** A fingerprint survives the ledger: bytes or hex out, the same fingerprint and the same matches back. */
import { expect, it } from "vitest";
import { fingerprint } from "../../src/evidence/fingerprint";
import {
  DamagedFingerprint,
  decodeFingerprint,
  encodeFingerprint,
  fingerprintFromHex,
  fingerprintToHex,
} from "../../src/evidence/fingerprint-codec";
import { createNearCopyIndex } from "../../src/evidence/near-copy-index";
import { VIEWS } from "../../src/evidence/variants";
import { mirror, screenshot, shippedPhotos } from "../support/copies";

const [first, second] = shippedPhotos().filter((p) => p.name === "nikon-d2h.jpg" || p.name === "seeding.jpg");

it("a fingerprint written as bytes or hex reads back the same, within the rounding of its stored numbers", async () => {
  const fp = await fingerprint(await screenshot()(first!.bytes));
  const bytes = encodeFingerprint(fp);
  expect(bytes.length).toBe(16 + VIEWS.length * 8);
  const back = decodeFingerprint(bytes);
  expect(back.hashes).toEqual(fp.hashes);
  expect([back.width, back.height]).toEqual([fp.width, fp.height]);
  expect(back.mean).toBe(Math.round(fp.mean));
  for (const side of ["left", "top", "right", "bottom"] as const) expect(back.content[side]).toBeCloseTo(fp.content[side], 4);
  expect(fingerprintFromHex(fingerprintToHex(fp))).toEqual(back);
  expect(encodeFingerprint(back)).toEqual(bytes);
});

it("an index built from stored fingerprints finds what the live one finds", async () => {
  const live = createNearCopyIndex();
  const rebuilt = createNearCopyIndex();
  for (const p of [first!, second!]) {
    const fp = await fingerprint(p.bytes);
    live.add(p.name, fp);
    rebuilt.add(p.name, decodeFingerprint(encodeFingerprint(fp)));
  }
  const asked = await fingerprint(await mirror()(second!.bytes));
  expect(rebuilt.lookup(asked)).toEqual(live.lookup(asked));
  expect(rebuilt.lookup(asked)).toEqual([{ id: second!.name, kind: "mirrored", distance: expect.any(Number) }]);
});

it("damaged bytes are refused with the reason, not read as a fingerprint", () => {
  expect(() => decodeFingerprint(Buffer.from([1, 2, 3]))).toThrow(new DamagedFingerprint("3 bytes is too short"));
  const wrongVersion = Buffer.alloc(16 + VIEWS.length * 8);
  wrongVersion[0] = 9;
  expect(() => decodeFingerprint(wrongVersion)).toThrow("version 9, expected 1");
  expect(() => fingerprintFromHex("zz")).toThrow("not hexadecimal");
});
