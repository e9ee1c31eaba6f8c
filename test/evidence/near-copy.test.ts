/**
 * Near copies of real photographs (test/fixtures/photos) are found, whatever a faker did to
 * them; different photographs are never taken for each other.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "../../src/evidence/fingerprint";
import { createNearCopyIndex, type NearCopyIndex, type NearCopyKind } from "../../src/evidence/near-copy-index";
import type { Fingerprint } from "../../src/evidence/fingerprint-codec";
import { COPIES, crop, rotate, shippedPhotos, type CopyKind } from "../support/copies";

const photos = shippedPhotos();
const prints = new Map<string, Fingerprint>();
let index: NearCopyIndex;

beforeAll(async () => {
  index = createNearCopyIndex();
  for (const p of photos) {
    const fp = await fingerprint(p.bytes);
    prints.set(p.name, fp);
    index.add(p.name, fp);
  }
});

// Landscapes, a portrait-format photo, a grey one, a texture and the one with camera EXIF.
const SAMPLES = ["sunset.jpg", "wine.jpg", "camera.jpg", "brick.jpg", "nikon-d2h.jpg", "coffee.jpg"];

/** What the detector says a copy is, where it can tell; the others only have to be caught. */
const TOLD: Partial<Record<CopyKind, NearCopyKind>> = {
  mirrored: "mirrored",
  rotated: "rotated",
  framed: "framed",
  recompressed: "same",
};

describe.each(COPIES.map((c) => [c.label, c] as const))("a copy %s", (_, copy) => {
  it.each(SAMPLES)("of %s is found as the photo it copies, and only that one", async (name) => {
    const original = photos.find((p) => p.name === name)!;
    const found = index.lookup(await fingerprint(await copy.make(original.bytes)));
    expect(found.map((f) => f.id)).toEqual([name]);
    const told = TOLD[copy.kind];
    if (told) expect(found[0]!.kind).toBe(told);
  });
});

it("a crop from one side is told as a crop", async () => {
  const found = index.lookup(await fingerprint(await crop(0.2, ["top"])(photos.find((p) => p.name === "life.jpg")!.bytes)));
  expect(found).toEqual([{ id: "life.jpg", kind: "cropped", distance: expect.any(Number) }]);
});

it("copies between the stored crops and turns are found too (15 % off one side, a 3° turn)", async () => {
  for (const name of SAMPLES) {
    const bytes = photos.find((p) => p.name === name)!.bytes;
    for (const make of [crop(0.15, ["left"]), crop(0.08, ["right", "bottom"]), rotate(3)]) {
      expect(index.lookup(await fingerprint(await make(bytes))).map((f) => f.id)).toEqual([name]);
    }
  }
});

it("a crop stored first is found when the whole photo comes later", async () => {
  const life = photos.find((p) => p.name === "life.jpg")!.bytes;
  const earlier = createNearCopyIndex();
  earlier.add("the crop", await fingerprint(await crop(0.1, ["left", "bottom"])(life)));
  expect(earlier.lookup(prints.get("life.jpg")!).map((f) => [f.id, f.kind])).toEqual([["the crop", "cropped"]]);
});

it(`no two of the ${photos.length} shipped photos are taken for each other`, () => {
  for (const p of photos) {
    expect(index.lookup(prints.get(p.name)!), p.name).toEqual([{ id: p.name, kind: "same", distance: 0 }]);
  }
  expect(photos.length).toBeGreaterThanOrEqual(20);
});
