import { afterEach, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";
import { DB_KINDS } from "../support/databases";
import { jpeg, nearDuplicate } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const photosOf = async (t: TestDuban, reportId: number) => t.ledger.db.photo.count({ where: { reportId } });
const flagsInOrder = async (t: TestDuban) => (await t.ledger.db.photo.findMany({ orderBy: { id: "asc" } })).map((p) => p.flags);

describe.each(DB_KINDS)("progress reports with photos, on %s", (db) => {
  it("an album of three photos becomes one report with three photos and one receipt", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const group = t.group("water-group");
    const parts = await Promise.all([1, 2, 3].map((seed) => jpeg({ seed })));
    // Albums arrive as separate updates, possibly at once: the first with the caption.
    await Promise.all(
      parts.map((photo, i) => t!.say("zhang", i === 0 ? "#中央-07-2 清淤现场" : "", { photos: [photo], albumKey: "album-1", chat: group })),
    );
    const reports = await t.ledger.db.report.findMany();
    expect(reports).toHaveLength(1);
    expect(await photosOf(t, reports[0]!.id)).toBe(3);
    const replies = await t.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("照片 3 张");
  });

  it("the very same photo sent again with a report on another item is flagged as reused, the first one not", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const photo = await jpeg({ seed: 31 });
    await t.say("zhang", "#中央-07-2 清淤现场", { photos: [photo] });
    t.clock.advance(3600_000);
    await t.say("zhang", "#省-15 排污口已封堵", { photos: [photo] });
    expect(await flagsInOrder(t)).toEqual(["", "reused"]);
  });

  it("a resized, recompressed copy of an earlier photo of the same item is flagged as reused", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const original = await jpeg({ seed: 32, width: 1200, height: 900 });
    await t.say("zhang", "#中央-07-2 清淤现场", { photos: [original] });
    t.clock.advance(3600_000);
    await t.say("zhang", "#中央-07-2 清淤完成", { photos: [await nearDuplicate(original), await jpeg({ seed: 33 })] });
    expect(await flagsInOrder(t)).toEqual(["", "reused", ""]);
  });

  it("a caption on a later album part fills in the item", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "", { photos: [await jpeg({ seed: 1 })], albumKey: "a2" });
    await t.say("zhang", "#中央-07-2 整改后", { photos: [await jpeg({ seed: 2 })], albumKey: "a2" });
    const [report] = await t.ledger.db.report.findMany();
    const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(report!.itemId).toBe(item.id);
    expect(await t.ledger.db.photo.count({ where: { itemId: item.id } })).toBe(2);
  });
});

describe("which item a report is about", () => {
  it("photos sent shortly after a text report join that report", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "#中央-07-2 下游段清淤完成80%");
    t.clock.advance(60_000);
    await t.say("zhang", "", { photos: [await jpeg({ seed: 4 })] });
    const reports = await t.ledger.db.report.findMany();
    expect(reports).toHaveLength(1);
    expect(await photosOf(t, reports[0]!.id)).toBe(1);
  });

  it("a reply to the bot's message about an item is a report on that item", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "/查询 省-15");
    await t.replies();
    const card = t.chat.sent.at(-1)!;
    await t.say("zhang", "截污管网已铺设完成50%", { replyTo: card.messageId });
    expect((await t.replies()).join()).toContain("已记录进展：省-15");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } })).progress).toBe(50);
  });

  it("a report without an item asks with buttons, and the choice files it", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "今天完成了护坡加固", { photos: [await jpeg({ seed: 5 })] });
    await t.replies();
    const question = t.chat.sent.at(-1)!;
    expect(question.text).toContain("这条进展是关于哪项整改任务的");
    const choice = question.msg.buttons!.flat().find((b) => b.label.startsWith("中央-07-2"))!;
    expect(question.msg.buttons!.flat().map((b) => b.label.split(" ")[0])).toContain("省-15");
    await t.say("zhang", "", { action: choice.data });
    expect((await t.replies()).join()).toContain("已记录进展：中央-07-2");
    const report = await t.ledger.db.report.findFirstOrThrow();
    expect(report.itemId).not.toBeNull();
    expect(await t.ledger.db.photo.count({ where: { itemId: report.itemId } })).toBe(1);
  });

  it("ordinary chatter of a bound official in a group is not a report", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "收到，明天上午开会", { chat: t.group("g") });
    expect(await t.replies()).toEqual([]);
    expect(await t.ledger.db.report.count()).toBe(0);
  });

  it("百分之六十 in a report is read as 60 percent", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "中央-07-2：已完成百分之六十");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).progress).toBe(60);
  });
});

describe("threads", () => {
  it("a reply to a person's own report is a report on the same item", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    const first = await t.say("zhang", "#省-15 截污管网开工", { chat: t.group("g") });
    await t.say("zhang", "管网铺设完成40%", { chat: t.group("g"), replyTo: `m-${first}` });
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } })).progress).toBe(40);
    expect(await t.ledger.db.report.count({ where: { itemId: { not: null } } })).toBe(2);
  });
});
