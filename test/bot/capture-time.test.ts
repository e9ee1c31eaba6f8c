/**
 * The ask for an original, through the whole bot on both databases: once in a report's one
 * receipt while none of its photos has a capture time, worded for how the platform sends an
 * original (here the web chat's upload), and never where the platform has no way.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";
import { DB_KINDS } from "../support/databases";
import { jpeg, jpegWithExif } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ASK = "上传手机相册里的原始照片";
const asks = (t: TestDuban) => t.chat.sent.filter((s) => s.text.includes(ASK));

describe.each(DB_KINDS)("asking for the original of a photo without a capture time, on %s", (db) => {
  it("an album of photos without one gets one receipt with one ask", async () => {
    t = await startTestDuban({ db, caps: { originalPhoto: "upload" } });
    await t.bindAs("test", "zhang", "official");
    const group = t.group("water-group");
    const parts = await Promise.all([1, 2, 3].map((seed) => jpeg({ seed })));
    for (const [i, photo] of parts.entries()) await t.say("zhang", i === 0 ? "#中央-07-2 清淤现场" : "", { photos: [photo], albumKey: "album-1", chat: group });
    const replies = await t.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("照片 3 张");
    expect(asks(t)).toHaveLength(1);
    expect(asks(t)[0]!.text).toContain("10 分钟内");
  });

  it("a report with one photo that has a capture time asks nothing", async () => {
    t = await startTestDuban({ db, caps: { originalPhoto: "upload" } });
    await t.bindAs("test", "zhang", "official");
    const dated = await jpegWithExif({ seed: 7, dateTimeOriginal: "2026:11:25 09:30:00", offsetTimeOriginal: "+08:00" });
    await t.say("zhang", "#中央-07-2 清淤现场", { photos: [dated, await jpeg({ seed: 8 })] });
    const replies = await t.replies();
    expect(replies.join()).toContain("照片 2 张");
    expect(asks(t)).toHaveLength(0);
    const photos = await t.ledger.db.photo.findMany({ orderBy: { id: "asc" } });
    expect(photos.map((p) => p.takenAt?.toISOString() ?? null)).toEqual(["2026-11-25T01:30:00.000Z", null]);
  });
});

describe("asking for the original", () => {
  it("is asked in the receipt of a report filed by button", async () => {
    t = await startTestDuban({ caps: { originalPhoto: "upload" } });
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "今天完成了护坡加固", { photos: [await jpeg({ seed: 5 })] });
    await t.replies();
    const question = t.chat.sent.at(-1)!;
    expect(question.text).not.toContain(ASK);
    const choice = question.msg.buttons!.flat().find((b) => b.label.startsWith("中央-07-2"))!;
    await t.say("zhang", "", { action: choice.data });
    const receipt = (await t.replies()).join();
    expect(receipt).toContain("已记录进展：中央-07-2");
    expect(receipt).toContain(ASK);
  });

  it("is not asked where the platform has no way to send one", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "#中央-07-2 清淤现场", { photos: [await jpeg({ seed: 9 })] });
    const receipt = (await t.replies()).join();
    expect(receipt).toContain("已记录进展：中央-07-2");
    expect(receipt).not.toContain("拍摄时间");
  });

  it("is asked in English for an English speaker", async () => {
    t = await startTestDuban({ caps: { originalPhoto: "as_file" }, env: { DUBAN_LANG: "en" } });
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "#中央-07-2 dredging", { photos: [await jpeg({ seed: 10 })] });
    expect((await t.replies()).join()).toContain('send it again with "Send as file"');
  });
});
