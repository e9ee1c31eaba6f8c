import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { openLedger, type Ledger } from "../../src/ledger/db";
import {
  EvidenceRejected, evidenceFlags, evidencePath, hammingDistance, storeEvidence,
  type PhotoToCheck, type RejectReason, type StoredEvidence,
} from "../../src/ledger/evidence";
import { coordinate } from "../../src/ledger/evidence-exif";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";
import { heic, jpeg, jpegWithExif, nearDuplicate, pixelBombPng, png, scene } from "../support/images";

const opts = { maxBytes: 20 * 1024 * 1024, tz: "Asia/Shanghai" };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "duban-evidence-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

async function rejection(bytes: Uint8Array, options = opts): Promise<RejectReason> {
  const err = await storeEvidence(dataDir, bytes, options).then(
    () => expect.fail("the bytes were accepted"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EvidenceRejected);
  return (err as EvidenceRejected).reason;
}

describe("storing an evidence photo", () => {
  it("keeps the original JPEG bytes under their SHA-256, and storing it again writes nothing new", async () => {
    const photo = await jpeg({ width: 800, height: 600 });
    const sha256 = createHash("sha256").update(photo).digest("hex");

    const first = await storeEvidence(dataDir, photo, opts);
    const again = await storeEvidence(dataDir, photo, opts);

    expect(first).toMatchObject({ sha256, size: photo.length, mime: "image/jpeg", width: 800, height: 600 });
    expect(first.path).toBe(join(dataDir, "evidence", sha256.slice(0, 2), `${sha256}.jpg`));
    expect(again.path).toBe(first.path);
    expect(filesUnder(dataDir)).toEqual([first.path]);
    expect(readFileSync(first.path).equals(photo)).toBe(true);
  });

  it("leaves one complete file when two processes store the same photo at once", async () => {
    const photo = await jpeg({ seed: 4 });
    const stored = await Promise.all([1, 2, 3].map(() => storeEvidence(dataDir, photo, opts)));
    expect(filesUnder(dataDir)).toEqual([stored[0]!.path]);
    expect(readFileSync(stored[0]!.path).equals(photo)).toBe(true);
  });

  it.each([
    ["PNG", () => png(), "image/png", "png"],
    ["WebP", () => scene().webp().toBuffer(), "image/webp", "webp"],
    ["GIF", () => scene().gif().toBuffer(), "image/gif", "gif"],
    ["AVIF", () => scene({ width: 64, height: 48 }).avif().toBuffer(), "image/avif", "avif"],
  ])("takes a %s photo and names the file by what the bytes are", async (_, make, mime, ext) => {
    const stored = await storeEvidence(dataDir, await make(), opts);
    expect(stored.mime).toBe(mime);
    expect(stored.path.endsWith(`${stored.sha256}.${ext}`)).toBe(true);
  });

  it("finds a stored photo by its hash, and nothing for an unknown or malformed hash", async () => {
    const stored = await storeEvidence(dataDir, await png({ seed: 2 }), opts);
    expect(await evidencePath(dataDir, stored.sha256)).toBe(stored.path);
    expect(await evidencePath(dataDir, "0".repeat(64))).toBeNull();
    expect(await evidencePath(dataDir, "../../etc/passwd")).toBeNull();
  });

  it("reports the size of a portrait photo as it is shown, after its EXIF rotation", async () => {
    const rotated = await scene({ width: 300, height: 200 }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const stored = await storeEvidence(dataDir, rotated, opts);
    expect([stored.width, stored.height]).toEqual([200, 300]);
  });
});

describe("refusing what is not a photo", () => {
  it.each([
    ["a text file named photo.jpg", () => Buffer.from("这不是图片 not a picture\n")],
    ["a PDF", () => Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")],
    ["random bytes", () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251))],
    ["a JPEG cut off halfway through the download", async () => {
      const whole = await jpeg({ width: 1200, height: 900 });
      return whole.subarray(0, Math.floor(whole.length * 0.6));
    }],
  ])("refuses %s as not an image, and stores nothing", async (_, make) => {
    expect(await rejection(await make())).toBe("not_an_image");
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it("refuses an empty download", async () => {
    expect(await rejection(new Uint8Array(0))).toBe("empty");
  });

  it("takes a photo of exactly the size limit and refuses one byte more without decoding it", async () => {
    const photo = await jpeg();
    await expect(storeEvidence(dataDir, photo, { ...opts, maxBytes: photo.length })).resolves.toBeTruthy();
    expect(await rejection(Buffer.alloc(photo.length + 1), { ...opts, maxBytes: photo.length })).toBe("too_large");
  });

  it("refuses a tiny PNG that claims 20000×20000 pixels before decoding it", async () => {
    const bomb = pixelBombPng(20000, 20000);
    expect(bomb.length).toBeLessThan(2000);
    expect(await rejection(bomb)).toBe("too_many_pixels");
  });

  it.each([
    ["an SVG drawing", () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>')],
    ["a TIFF scan", () => scene({ width: 64, height: 48 }).tiff().toBuffer()],
    ["an iPhone HEIC this build cannot decode", async () => heic(4032, 3024)],
  ])("refuses %s as an unsupported image", async (_, make) => {
    expect(await rejection(await make())).toBe("unsupported_image");
  });
});

describe("reading when and where a photo was taken", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it.each(["America/New_York", "UTC", "Asia/Shanghai"])(
    "reads the capture time with the camera's offset the same with the process in %s",
    async (processTz) => {
      process.env.TZ = processTz;
      const photo = await jpegWithExif({ dateTimeOriginal: "2026:03:04 10:20:30", offsetTimeOriginal: "+08:00" });
      const stored = await storeEvidence(dataDir, photo, { ...opts, tz: "Europe/London" });
      expect(stored.takenAt?.toISOString()).toBe("2026-03-04T02:20:30.000Z");
    },
  );

  it("reads a capture time without an offset in the configured time zone", async () => {
    process.env.TZ = "America/Los_Angeles";
    const photo = await jpegWithExif({ dateTimeOriginal: "2026:07:01 23:59:58" });
    const stored = await storeEvidence(dataDir, photo, opts);
    expect(stored.takenAt?.toISOString()).toBe("2026-07-01T15:59:58.000Z");
  });

  it("reads a negative offset", async () => {
    const photo = await jpegWithExif({ dateTimeOriginal: "2026:01:31 20:00:00", offsetTimeOriginal: "-05:00" });
    expect((await storeEvidence(dataDir, photo, opts)).takenAt?.toISOString()).toBe("2026-02-01T01:00:00.000Z");
  });

  it("has no capture time when the camera wrote a blank or impossible one", async () => {
    for (const dateTimeOriginal of ["0000:00:00 00:00:00", "2026:02:30 10:00:00", "    :  :     :  :  "]) {
      const photo = await jpegWithExif({ dateTimeOriginal });
      expect((await storeEvidence(dataDir, photo, opts)).takenAt).toBeNull();
    }
  });

  it("reads the GPS position, south and west included", async () => {
    const here = await storeEvidence(dataDir, await jpegWithExif({ gps: { lat: 28.2282, lon: 112.9388 } }), opts);
    expect(here.lat).toBeCloseTo(28.2282, 4);
    expect(here.lon).toBeCloseTo(112.9388, 4);
    const there = await storeEvidence(dataDir, await jpegWithExif({ seed: 3, gps: { lat: -33.8688, lon: -70.6693 } }), opts);
    expect(there.lat).toBeCloseTo(-33.8688, 4);
    expect(there.lon).toBeCloseTo(-70.6693, 4);
  });

  it("takes GPS 0/0, what a phone without a fix writes, as no place", async () => {
    const nowhere = await storeEvidence(dataDir, await jpegWithExif({ seed: 4, gps: { lat: 0, lon: 0 } }), opts);
    expect(nowhere).toMatchObject({ lat: null, lon: null });
  });

  it("reads GPS written as strings of degrees, minutes and seconds, and refuses nonsense", () => {
    expect(coordinate("28,13,41.52", "N", "S", 90)).toBeCloseTo(28.2282, 4);
    expect(coordinate("70 40 9.48", "W", "W", 180)).toBeCloseTo(-70.6693, 4);
    expect(coordinate("112.9388", "E", "W", 180)).toBeCloseTo(112.9388, 4);
    expect(coordinate([33, 52, 7.68], "S", "S", 90)).toBeCloseTo(-33.8688, 4);
    expect(coordinate("north", "N", "S", 90)).toBeNull();
    expect(coordinate("95,0,0", "N", "S", 90)).toBeNull();
  });

  it("stores a photo without EXIF with no time and no place", async () => {
    expect(await storeEvidence(dataDir, await png(), opts)).toMatchObject({ takenAt: null, lat: null, lon: null });
  });
});

describe("perceptual hashes", () => {
  it("are near for a resized, recompressed copy and far for a different picture", async () => {
    const original = await jpeg({ seed: 11, width: 1200, height: 900 });
    const [a, copy, other] = await Promise.all(
      [original, await nearDuplicate(original), await jpeg({ seed: 12, width: 1200, height: 900 })].map((b) =>
        storeEvidence(dataDir, b, opts),
      ),
    );
    expect(a!.phash).toMatch(/^[0-9a-f]{64}$/);
    expect(copy!.sha256).not.toBe(a!.sha256);
    expect(hammingDistance(a!.phash, copy!.phash)).toBeLessThanOrEqual(10);
    expect(hammingDistance(a!.phash, other!.phash)).toBeGreaterThan(60);
  });

  it("count differing bits and refuse hashes that cannot be compared", () => {
    expect(hammingDistance("00ff", "00ff")).toBe(0);
    expect(hammingDistance("0f00", "f00f")).toBe(12);
    expect(() => hammingDistance("00", "000")).toThrow(RangeError);
    expect(() => hammingDistance("zz", "00")).toThrow(RangeError);
  });
});

describe.each(DB_KINDS)("evidence flags on %s", (kind) => {
  let database: TestDatabase;
  let ledger: Ledger;
  let nextReport: () => Promise<number>;
  let itemA: number;
  let itemB: number;
  const receivedAt = new Date("2026-05-20T02:00:00Z");
  const flagOpts = { oldAfterDays: 30, phashMaxDistance: 10, farMeters: 1000 };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
    const unit = await ledger.db.unit.create({ data: { name: "某镇人民政府" } });
    const item = (code: string) =>
      ledger.db.item.create({ data: { code, source: "central", title: code, leadUnitId: unit.id } }).then((i) => i.id);
    itemA = await item("中央-07-2");
    itemB = await item("省-15");
    nextReport = () =>
      ledger.db.report
        .create({ data: { reporterId: 1, at: receivedAt, platform: "test", chatId: "g1" } })
        .then((r) => r.id);
  });
  afterEach(async () => {
    await ledger.close();
    await database.drop();
  });

  async function photoIn(reportId: number, itemId: number, e: StoredEvidence): Promise<void> {
    await ledger.db.photo.create({
      data: { reportId, itemId, sha256: e.sha256, phash: e.phash, fingerprint: e.fingerprint, size: e.size, mime: e.mime, receivedAt },
    });
  }

  const check = (photo: PhotoToCheck) => ledger.tx((session) => evidenceFlags(session, photo, flagOpts)).then((v) => v.flags);
  const about = (e: StoredEvidence, itemId: number | null, reportId?: number): PhotoToCheck => ({
    sha256: e.sha256, phash: e.phash, fingerprint: e.fingerprint, takenAt: e.takenAt, lat: e.lat, lon: e.lon, receivedAt, reportId, itemId, assignedAt: null,
  });

  it("flags the very same file sent again with a report on another item as reused", async () => {
    const photo = await storeEvidence(database.dataDir, await jpeg({ seed: 21 }), opts);
    await photoIn(await nextReport(), itemA, photo);
    expect(await check(about(photo, itemB, await nextReport()))).toEqual(["reused"]);
  });

  it("flags a resized, recompressed copy of an earlier photo of the same item as reused", async () => {
    const original = await jpeg({ seed: 22, width: 1200, height: 900 });
    await photoIn(await nextReport(), itemA, await storeEvidence(database.dataDir, original, opts));
    const copy = await storeEvidence(database.dataDir, await nearDuplicate(original), opts);
    expect(await check(about(copy, itemA, await nextReport()))).toEqual(["reused"]);
  });

  it("does not flag the same photo twice in one album, or a new picture of the item", async () => {
    const report = await nextReport();
    const photo = await storeEvidence(database.dataDir, await jpeg({ seed: 23 }), opts);
    await photoIn(report, itemA, photo);
    expect(await check(about(photo, itemA, report))).toEqual([]);
    const fresh = await storeEvidence(database.dataDir, await jpeg({ seed: 24 }), opts);
    expect(await check(about(fresh, itemA, await nextReport()))).toEqual([]);
  });

  it("checks a photo before its report exists against every report", async () => {
    const photo = await storeEvidence(database.dataDir, await jpeg({ seed: 25 }), opts);
    await photoIn(await nextReport(), itemA, photo);
    expect(await check(about(photo, null))).toEqual(["reused"]);
  });

  it("flags a photo taken more than 30 days before it was sent as old, and one taken 29 days before as not", async () => {
    const taken = async (dateTimeOriginal: string, seed: number) =>
      storeEvidence(database.dataDir, await jpegWithExif({ seed, dateTimeOriginal, offsetTimeOriginal: "+08:00" }), opts);
    const stale = await taken("2026:04:19 09:00:00", 26);
    const recent = await taken("2026:04:21 10:00:00", 27);
    expect(await check(about(stale, itemA, await nextReport()))).toEqual(["old"]);
    expect(await check(about(recent, itemA, await nextReport()))).toEqual([]);
    const undated = await storeEvidence(database.dataDir, await png({ seed: 28 }), opts);
    expect(await check(about(undated, itemA, await nextReport()))).toEqual([]);
  });

  it("raises both flags on an old photo that was already sent", async () => {
    const photo = await storeEvidence(
      database.dataDir,
      await jpegWithExif({ seed: 29, dateTimeOriginal: "2025:11:01 15:00:00" }),
      opts,
    );
    await photoIn(await nextReport(), itemA, photo);
    expect(await check(about(photo, itemA, await nextReport()))).toEqual(["reused", "old"]);
  });
});
