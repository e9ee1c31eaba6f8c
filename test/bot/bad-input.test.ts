import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban();
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "wang", "coordinator");
});

it("an official of a cooperating unit may report on the item", async () => {
  await t.say("zhang", "#中央-03 配合清运建筑垃圾");
  expect((await t.replies()).join()).toContain("已记录进展：中央-03");
});
afterAll(() => t.close());

const reportCount = () => t.ledger.db.report.count();
const reply = async () => (await t.replies()).join("\n");

describe("bad input gets a clear message and nothing is lost or half-written", () => {
  it("an unknown item code keeps the report and asks which item it is about", async () => {
    const before = await reportCount();
    await t.say("zhang", "#中央-99-9 已完成");
    const text = await reply();
    expect(text).toContain("没有找到编号为 中央-99-9 的整改任务");
    expect(text).toContain("这条进展是关于哪项整改任务的");
    expect(await reportCount()).toBe(before + 1);
  });

  it("a report on another unit's item is refused and nothing is written", async () => {
    await t.bindAs("test", "li", "official2");
    const before = await reportCount();
    await t.say("li", "#中央-07-2 河道已清理");
    expect(await reply()).toContain("中央-07-2 由县水利局负责，您只能报送本单位的整改任务");
    expect(await reportCount()).toBe(before);
  });

  it("a malformed percentage keeps the report and says the progress was not updated", async () => {
    await t.say("zhang", "#中央-07-2 清淤完成160%");
    const text = await reply();
    expect(text).toContain("已记录进展");
    expect(text).toContain("无法识别进度“160%”");
    const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.progress).toBeNull();
  });

  it("a command without its argument shows how to use it", async () => {
    await t.say("zhang", "/查询");
    expect(await reply()).toMatch(/缺少.*\/查询/s);
  });

  it("an unknown command says so and points to help", async () => {
    await t.say("zhang", "/frobnicate");
    expect(await reply()).toContain("/帮助");
  });

  it("an unbound sender gets a polite explanation and nothing is written", async () => {
    const before = await reportCount();
    const audits = await t.ledger.db.auditEvent.count();
    await t.say("stranger", "#中央-07-2 已完成", { photos: [await jpeg()] });
    expect(await reply()).toContain("还没有绑定");
    expect(await reportCount()).toBe(before);
    expect(await t.ledger.db.auditEvent.count()).toBe(audits);
  });

  it("an unbound person chatting in a group is left alone", async () => {
    await t.say("stranger", "大家好，今天开会", { chat: t.group("g1") });
    expect(await t.replies()).toEqual([]);
  });

  it("applying for sign-off without evidence photos is refused", async () => {
    await t.say("zhang", "/申请销号 省-15");
    expect(await reply()).toContain("申请销号需要佐证材料");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } })).status).toBe("in_progress");
  });

  it("a coordinator cannot accept their own application (four eyes)", async () => {
    await t.say("wang", "#省-15 已截污纳管", { photos: [await jpeg({ seed: 7 })] });
    await t.say("wang", "/申请销号 省-15");
    await t.say("wang", "/销号 省-15");
    expect(await reply()).toContain("按“四眼原则”须由另一位督察整改办同志验收");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } })).status).toBe("awaiting_signoff");
  });

  it("an official cannot accept a sign-off", async () => {
    await t.say("zhang", "/销号 省-15");
    expect(await reply()).toContain("只有督察整改办");
  });

  it("an extension to a date in the past is refused and the deadline stays", async () => {
    const before = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    await t.say("wang", "/延期 中央-07-2 2020-01-01 汛期");
    expect(await reply()).toMatch(/2020-01-01/);
    const after = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(after.deadline).toBe(before.deadline);
    expect(await t.ledger.db.extension.count()).toBe(0);
  });

  it("a text of 10,000 characters is kept whole and the receipt stays short", async () => {
    const long = "清".repeat(10_000);
    await t.say("zhang", `#中央-07-2 ${long}`);
    const text = await reply();
    expect(text).toContain("已记录进展");
    expect(text.length).toBeLessThan(1_000);
    const stored = await t.ledger.db.report.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(stored.text).toBe(long);
  });

  it("a file that is neither a photo nor a document is not kept as evidence, and the text still is", async () => {
    await t.say("zhang", "#中央-07-2 附件见文档", { files: [{ bytes: new TextEncoder().encode("plain text, whatever its name says"), name: "说明.pdf", mime: "application/pdf" }] });
    const text = await reply();
    expect(text).toContain("“说明.pdf”不是可接收的佐证材料");
    expect(text).toContain("照片 0 张");
    expect(text).toContain("附件见文档");
  });

  it("a redelivered event changes nothing and is not answered twice", async () => {
    const before = await reportCount();
    const id = await t.say("zhang", "#中央-07-2 第二段完成");
    await t.say("zhang", "#中央-07-2 第二段完成", { eventId: id });
    expect((await t.replies()).length).toBe(1);
    expect(await reportCount()).toBe(before + 1);
  });
});
