import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";
import { DB_KINDS } from "../support/databases";
import { crop, mirror, PHOTOS_DIR } from "../support/copies";
import { jpegWithExif } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const shipped = (name: string) => readFileSync(join(PHOTOS_DIR, name));
const photos = async (t: TestDuban) =>
  t.ledger.db.photo.findMany({ orderBy: { id: "asc" }, select: { id: true, flags: true, matchPhotoId: true, matchKind: true } });

describe.each(DB_KINDS)("near copies across the whole ledger, on %s", (db) => {
  it("a mirrored copy of another unit's photo on another item is flagged as a near copy of that photo", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "li", "official2");
    const original = shipped("brick.jpg");
    await t.say("zhang", "#中央-07-2 清淤现场", { photos: [original] });
    t.clock.advance(3600_000);
    await t.say("li", "#中央-03 工地已覆盖", { photos: [await mirror()(original)] });
    const [first, copy] = await photos(t);
    expect(first!.flags).toBe("");
    expect(copy).toMatchObject({ flags: "near_copy", matchPhotoId: first!.id, matchKind: "mirrored" });
  });

  it("a cropped copy inside one album is not flagged against its own report, but a later report's is", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const original = shipped("grass.jpg");
    await t.say("zhang", "#中央-07-2 清淤现场", { photos: [original], albumKey: "a1" });
    await t.say("zhang", "", { photos: [await crop(0.1, ["left"])(original)], albumKey: "a1" });
    t.clock.advance(86_400_000);
    await t.say("zhang", "#省-15 排污口已封堵", { photos: [await crop(0.15, ["top", "right"])(original)] });
    expect((await photos(t)).map((p) => p.flags)).toEqual(["", "", "near_copy"]);
  });

  it("a photo sent before its item is chosen by button is checked again when it is filed", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const assignedAt = (await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).assignedAt!;
    const before = new Date(assignedAt.getTime() - 10 * 86_400_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    const exif = `${before.getUTCFullYear()}:${pad(before.getUTCMonth() + 1)}:${pad(before.getUTCDate())} 02:00:00`;
    await t.say("zhang", "今天完成了护坡加固", { photos: [await jpegWithExif({ seed: 41, dateTimeOriginal: exif, offsetTimeOriginal: "+00:00" })] });
    await t.replies();
    const choice = t.chat.sent.at(-1)!.msg.buttons!.flat().find((b) => b.label.startsWith("中央-07-2"))!;
    expect((await photos(t))[0]!.flags).not.toContain("before_assigned");
    await t.say("zhang", "", { action: choice.data });
    expect((await photos(t))[0]!.flags.split(",")).toContain("before_assigned");
  });

  it("an album whose caption comes on a later part has its first photo checked when the item becomes known", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await assignedNow(t, "中央-07-2");
    await t.say("zhang", "", { photos: [await takenDaysAgo(t, 10, 42)], albumKey: "late" });
    await t.say("zhang", "#中央-07-2 整改后", { photos: [await takenDaysAgo(t, 10, 43)], albumKey: "late" });
    await t.replies();
    expect((await photos(t)).map((p) => p.flags.split(","))).toEqual([["before_assigned"], ["before_assigned"]]);
  });

  it("an edit that moves a report to another item checks its photos against that item", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await assignedNow(t, "省-15");
    const sent = await t.say("zhang", "#中央-07-2 排污口已封堵", { photos: [await takenDaysAgo(t, 10, 44)] });
    await t.replies();
    expect((await photos(t))[0]!.flags).toBe("");
    await t.say("zhang", "#省-15 排污口已封堵", { edits: sent });
    await t.replies();
    expect((await photos(t))[0]!.flags.split(",")).toContain("before_assigned");
  });
});

/** The item was assigned just now, so a photo taken days ago shows the site before the work. */
const assignedNow = (t: TestDuban, code: string) =>
  t.ledger.db.item.update({ where: { code }, data: { assignedAt: t.clock.now() } });

/** A photo whose camera wrote a capture time `days` before the test's now, in UTC. */
function takenDaysAgo(t: TestDuban, days: number, seed: number) {
  const at = new Date(t.clock.now().getTime() - days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const exif = `${at.getUTCFullYear()}:${pad(at.getUTCMonth() + 1)}:${pad(at.getUTCDate())} 02:00:00`;
  return jpegWithExif({ seed, dateTimeOriginal: exif, offsetTimeOriginal: "+00:00" });
}

describe("questionable photos for coordinators", () => {
  async function aFakeOnAnotherUnitsItem(): Promise<TestDuban> {
    const d = await startTestDuban();
    await d.bindAs("test", "zhang", "official");
    await d.bindAs("test", "li", "official2");
    await d.bindAs("test", "wang", "coordinator");
    const original = shipped("brick.jpg");
    await d.say("zhang", "#中央-07-2 清淤现场", { photos: [original] });
    d.clock.advance(86_400_000);
    await d.say("li", "#中央-03 工地已覆盖", { photos: [await mirror()(original)] });
    await d.replies();
    return d;
  }

  it("/存疑 lists each open flag beside the earlier photo it copies, /核实 clears it with a reason and an audit event", async () => {
    t = await aFakeOnAnotherUnitsItem();
    const [, copy] = await photos(t);
    await t.say("wang", "/存疑");
    const list = (await t.replies()).join("\n");
    expect(list).toContain("待核实的存疑照片 1 张");
    expect(list).toMatch(new RegExp(`照片#${copy!.id} 中央-03（县住房和城乡建设局）.* 李四：与其他报告的照片近似`));
    expect(list).toMatch(/对照：中央-07-2（县水利局）.* 的照片，本张为其镜像翻转的副本/);
    await t.say("wang", "/存疑 中央-07-2");
    expect((await t.replies()).join()).toContain("中央-07-2 目前没有待核实的存疑照片。");

    await t.say("wang", `/核实 ${copy!.id} 现场核查为同一处工地的两次拍摄`);
    expect((await t.replies()).join()).toContain(`已核实照片#${copy!.id}：现场核查为同一处工地的两次拍摄。`);
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { action: "photo.flags_cleared" } });
    expect(JSON.parse(audit.detail)).toMatchObject({ photoId: copy!.id, flags: "near_copy", reason: "现场核查为同一处工地的两次拍摄" });
    expect(audit.actor).toBe("王主任");
    await t.say("wang", "/存疑");
    expect((await t.replies()).join()).toContain("目前没有待核实的存疑照片。");
    await t.say("wang", `/核实 ${copy!.id} 再次确认`);
    expect((await t.replies()).join()).toContain(`照片#${copy!.id} 已经核实过了。`);
  });

  it("each photo /存疑 lists has a 核实无误 button that asks the coordinator for the reason, and no one else", async () => {
    t = await aFakeOnAnotherUnitsItem();
    const [, copy] = await photos(t);
    await t.say("wang", "/存疑");
    await t.replies();
    const buttons = t.chat.sent.at(-1)!.msg.buttons!.flat();
    expect(buttons).toEqual([{ label: `核实无误 照片#${copy!.id}`, data: `verify:${copy!.id}` }]);
    await t.say("wang", "", { action: buttons[0]!.data });
    expect(await t.replies()).toEqual([`请写明照片#${copy!.id} 核实无误的原因，发送：/核实 ${copy!.id} <原因>`]);
    await t.say("li", "", { action: buttons[0]!.data });
    expect((await t.replies()).join()).toContain("只有督察整改办可以查看和核实存疑照片。");
    await t.say("wang", "", { action: "verify:第二张" });
    expect(await t.replies()).toEqual(["此按钮已失效，请重新发送命令。"]);
    expect((await photos(t))[1]!.flags).toBe("near_copy");
  });

  it("the item's history shows a coordinator the flagged photo beside the earlier photo it matches, and the official only the flag", async () => {
    t = await aFakeOnAnotherUnitsItem();
    await t.say("wang", "/进展 中央-03");
    expect((await t.replies()).join("\n")).toMatch(/对照：中央-07-2（县水利局）.* 的照片，本张为其镜像翻转的副本/);
    await t.say("li", "/进展 中央-03");
    const official = (await t.replies()).join("\n");
    expect(official).toContain("中央-03");
    expect(official).not.toContain("对照：");
  });

  it("/核实 without a reason, with a word for a number, or by an official is refused with a clear word", async () => {
    t = await aFakeOnAnotherUnitsItem();
    const [first, copy] = await photos(t);
    await t.say("wang", `/核实 ${copy!.id}`);
    expect((await t.replies()).join()).toContain("缺少原因");
    await t.say("wang", "/核实 第二张 没问题");
    expect((await t.replies()).join()).toContain("第二张");
    await t.say("wang", `/核实 ${first!.id} 没问题`);
    expect((await t.replies()).join()).toContain(`照片#${first!.id} 没有存疑标记，无需核实。`);
    await t.say("li", `/核实 ${copy!.id} 是我拍的`);
    expect((await t.replies()).join()).toContain("只有督察整改办可以查看和核实存疑照片。");
    await t.say("li", "/存疑");
    expect((await t.replies()).join()).toContain("只有督察整改办可以查看和核实存疑照片。");
    expect((await photos(t))[1]!.flags).toBe("near_copy");
  });

  it("the sign-off card shows the flagged photo beside the earlier photo it copies, both pictures attached", async () => {
    t = await aFakeOnAnotherUnitsItem();
    const [first, copy] = await t.ledger.db.photo.findMany({ orderBy: { id: "asc" } });
    await t.say("li", "/申请销号 中央-03 已全部覆盖");
    await t.replies();
    await t.say("wang", "/销号 中央-03");
    await t.replies();
    const card = t.chat.sent.at(-1)!;
    expect(card.text).toMatch(new RegExp(`照片#${copy!.id} 中央-03（县住房和城乡建设局）.*\\n对照：中央-07-2（县水利局）.* 的照片，本张为其镜像翻转的副本`));
    expect(card.msg.images!.map((i) => i.sha256).slice(-2)).toEqual([copy!.sha256, first!.sha256]);
  });
});
