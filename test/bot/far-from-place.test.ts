import { afterEach, describe, expect, it } from "vitest";
import { plainText } from "../../src/core/chat";
import { thresholdsOf } from "../../src/config";
import { composeDigest } from "../../src/digest/compose";
import { renderDigest } from "../../src/digest/render";
import { runCli } from "../../src/cli/run";
import { startTestDuban, type TestDuban } from "../support/harness";
import { DB_KINDS } from "../support/databases";
import { jpegWithExif } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The place of 中央-07-2 (WGS-84, as the import stores it). */
const PLACE = { lat: 29.08, lon: 119.65 };
/** About 3.2 km north of it: one degree of latitude is 111.2 km. */
const FAR = { lat: PLACE.lat + 3200 / 111_195, lon: PLACE.lon };
/** About 300 m east of it: a photo of the same river bank. */
const NEAR = { lat: PLACE.lat, lon: PLACE.lon + 300 / 97_250 };

const photoAt = (gps: { lat: number; lon: number } | undefined, seed: number) => jpegWithExif({ seed, gps });
const photos = async (t: TestDuban) =>
  t.ledger.db.photo.findMany({ orderBy: { id: "asc" }, select: { id: true, flags: true, placeMeters: true } });
const placeItem = (t: TestDuban, code: string) => t.ledger.db.item.update({ where: { code }, data: PLACE });

async function withAFarPhoto(db?: (typeof DB_KINDS)[number]): Promise<TestDuban> {
  const d = await startTestDuban({ db });
  await d.bindAs("test", "zhang", "official");
  await d.bindAs("test", "wang", "coordinator");
  await placeItem(d, "中央-07-2");
  await d.say("zhang", "#中央-07-2 清淤完成", { photos: [await photoAt(FAR, 51)] });
  await d.replies();
  return d;
}

describe.each(DB_KINDS)("photos taken far from the item's place, on %s", (db) => {
  it("a photo whose GPS is 3.2 km from the item's coordinates is flagged with its distance; one 300 m away is not", async () => {
    t = await withAFarPhoto(db);
    await t.say("zhang", "#中央-07-2 护坡完成", { photos: [await photoAt(NEAR, 52)] });
    await t.replies();
    const [far, near] = await photos(t);
    expect(far!.flags).toBe("far_from_place");
    expect(far!.placeMeters).toBeGreaterThan(3150);
    expect(far!.placeMeters).toBeLessThan(3250);
    expect(near).toMatchObject({ flags: "" });
    expect(near!.placeMeters).toBeLessThan(350);
  });

  it("an item without coordinates never flags a photo for its place, nor does a camera's 0/0", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "#中央-07-2 清淤完成", { photos: [await photoAt(FAR, 53)] });
    await placeItem(t, "省-15");
    await t.say("zhang", "#省-15 排污口已封堵", { photos: [await photoAt({ lat: 0, lon: 0 }, 54)] });
    await t.replies();
    expect(await photos(t)).toEqual([expect.objectContaining({ flags: "", placeMeters: null }), expect.objectContaining({ flags: "", placeMeters: null })]);
  });

  it("a photo sent before its item is chosen by button is measured against the item's place when it is filed", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await placeItem(t, "中央-07-2");
    await t.say("zhang", "今天完成了护坡加固", { photos: [await photoAt(FAR, 55)] });
    await t.replies();
    expect((await photos(t))[0]!.flags).toBe("");
    const choice = t.chat.sent.at(-1)!.msg.buttons!.flat().find((b) => b.label.startsWith("中央-07-2"))!;
    await t.say("zhang", "", { action: choice.data });
    expect((await photos(t))[0]!.flags).toBe("far_from_place");
  });
});

describe("where a far photo's flag is shown, it says how far", () => {
  it("/存疑 and the item's history give the distance", async () => {
    t = await withAFarPhoto();
    await t.say("wang", "/存疑");
    expect((await t.replies()).join("\n")).toMatch(/照片#\d+ 中央-07-2（县水利局）.* 张三：拍摄地点距整改点 3\.2 公里/);
    await t.say("wang", "/进展 中央-07-2");
    expect((await t.replies()).join("\n")).toContain("⚠️拍摄地点距整改点 3.2 公里");
  });

  it("the sign-off card names the far photo and its distance", async () => {
    t = await withAFarPhoto();
    await t.say("zhang", "/申请销号 中央-07-2 清淤已完成");
    await t.replies();
    await t.say("wang", "/销号 中央-07-2");
    await t.replies();
    expect(t.chat.sent.at(-1)!.text).toMatch(/照片#\d+ 中央-07-2（县水利局）.*拍摄地点距整改点 3\.2 公里/);
  });

  it("the next day's digest lists it with the distance", async () => {
    t = await withAFarPhoto();
    t.clock.advance(86_400_000);
    const data = await composeDigest(t.ledger, { now: t.clock.now(), tz: t.config.DUBAN_TZ, thresholds: thresholdsOf(t.config) });
    expect(plainText(renderDigest(data, "zh-CN"))).toContain("中央-07-2｜县水利局｜拍摄地点距整改点 3.2 公里");
    expect(plainText(renderDigest(data, "en"))).toContain("taken 3.2 km from the item's place");
  });

  it("`evidence flags --json` carries the flag, its reason with the distance, and the metres", async () => {
    t = await withAFarPhoto();
    let out = "";
    const code = await runCli(["evidence", "flags", "--json"], {
      env: { DUBAN_LANG: "zh-CN", DATABASE_URL: t.database.url, DUBAN_DATA_DIR: t.database.dataDir },
      clock: t.clock,
      stdout: (c) => void (out += typeof c === "string" ? c : new TextDecoder().decode(c)),
      stderr: () => {},
      tty: null,
    });
    expect(code).toBe(0);
    const [flag] = JSON.parse(out) as Record<string, unknown>[];
    expect(flag).toMatchObject({ item: "中央-07-2", flags: ["far_from_place"], reason: "拍摄地点距整改点 3.2 公里" });
    expect(flag!.placeMeters).toBeGreaterThan(3150);
  });

  it("a farther distance than PHOTO_FAR_METERS allows is what counts: with 5 km allowed, 3.2 km is fine", async () => {
    t = await startTestDuban({ env: { PHOTO_FAR_METERS: "5000" } });
    await t.bindAs("test", "zhang", "official");
    await placeItem(t, "中央-07-2");
    await t.say("zhang", "#中央-07-2 清淤完成", { photos: [await photoAt(FAR, 56)] });
    await t.replies();
    expect((await photos(t))[0]!.flags).toBe("");
  });
});
