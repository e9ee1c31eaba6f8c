import { afterEach, describe, expect, it } from "vitest";
import { DB_KINDS } from "../support/databases";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const minutes = (n: number) => n * 60_000;
const reports = () => t!.ledger.db.report.findMany({ include: { item: { select: { code: true } }, photos: true } });
const item = (code: string) => t!.ledger.db.item.findUniqueOrThrow({ where: { code } });

describe.each(DB_KINDS)("an official edits a report, on %s", (db) => {
  it("within the photo window the edit corrects the report and its receipt, never a second report", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const sent = await t.say("zhang", "#中央-07-2 河道清淤完成60%", { photos: [await jpeg()] });
    expect((await t.replies()).join()).toContain("进度 60%");
    t.clock.advance(minutes(3));
    await t.say("zhang", "#中央-07-2 河道清淤完成70%", { edits: sent });
    await t.deliverAll();

    const [report, ...others] = await reports();
    expect(others).toEqual([]);
    expect(report).toMatchObject({ text: "河道清淤完成70%", percent: 70 });
    expect(report!.photos).toHaveLength(1);
    expect((await item("中央-07-2")).progress).toBe(70);
    const edit = t.chat.sent.at(-1)!;
    expect(edit.msg.edit).toBe(t.chat.sent.at(-2)!.messageId);
    expect(edit.text).toContain("进度 70%");
    expect(edit.text).toContain("已按修改后的内容更正");
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { action: "report.corrected" } });
    expect(JSON.parse(audit.detail)).toMatchObject({ before: { text: "河道清淤完成60%", percent: 60 }, after: { text: "河道清淤完成70%", percent: 70 } });
  });

  it("an edit naming another item moves the report, its photos and the progress there", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const sent = await t.say("zhang", "#中央-07-2 污水管网排查完成50%", { photos: [await jpeg()] });
    await t.replies();
    await t.say("zhang", "#省-15 污水管网排查完成50%", { edits: sent });
    const [report] = await reports();
    expect(report!.item?.code).toBe("省-15");
    expect(report!.photos.map((p) => p.itemId)).toEqual([report!.itemId]);
    expect((await item("省-15")).progress).toBe(50);
    expect((await item("中央-07-2")).progress).toBeNull();
    expect((await t.replies()).join()).toContain("已记录进展：省-15");
  });

  it("after the window the ledger stays as it was and the official is told how to correct it", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const sent = await t.say("zhang", "#中央-07-2 河道清淤完成60%");
    await t.replies();
    t.clock.advance(minutes(t.config.PHOTO_WINDOW_MINUTES + 1));
    await t.say("zhang", "#中央-07-2 河道清淤完成90%", { edits: sent });
    expect(await t.replies()).toEqual([expect.stringContaining("修改不会更改台账。如需更正，请重新发送一条带编号的进展")]);
    expect((await reports()).map((r) => r.percent)).toEqual([60]);
  });
});

describe("edits that change nothing in the ledger", () => {
  it("an edit of a report whose item was signed off since is refused", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    const sent = await t.say("zhang", "#中央-07-2 河道清淤完成100%");
    await t.replies();
    await t.ledger.db.item.update({ where: { code: "中央-07-2" }, data: { status: "signed_off" } });
    await t.say("zhang", "#中央-07-2 河道清淤完成80%", { edits: sent });
    expect(await t.replies()).toEqual(["中央-07-2 已经销号，这条报送不能再修改。如需更正，请联系督察整改办。"]);
    expect((await reports()).map((r) => r.percent)).toEqual([100]);
  });

  it("an edited command is not run again", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    const sent = await t.say("zhang", "/查询 中央-07-2");
    await t.replies();
    await t.say("zhang", "/查询 省-15", { edits: sent });
    expect(await t.replies()).toEqual(["修改后的消息不会重新处理。如需报送或执行命令，请重新发送一条新消息。"]);
  });

  it("someone else's edit of a message cannot touch the report", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "wu", "unitHead");
    const group = t.group("water");
    const sent = await t.say("zhang", "#中央-07-2 河道清淤完成60%", { chat: group });
    await t.replies();
    await t.say("wu", "#中央-07-2 河道清淤完成10%", { chat: group, edits: sent });
    expect((await reports()).map((r) => r.percent)).toEqual([60]);
  });
});
