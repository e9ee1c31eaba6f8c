import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban();
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "wang", "coordinator");
  await t.bindAs("test", "zhao", "coordinator2");
  await t.bindAs("test", "liu", "leader");
});
afterAll(() => t.close());

const reply = async () => (await t.replies()).join("\n");

describe("reading the ledger", () => {
  it("/我的 lists the official's own items first, red first, then the unit's others, each saying who leads", async () => {
    await t.say("zhang", "/我的");
    const text = await reply();
    expect(text).toContain("我负责的整改任务（1）");
    expect(text).toContain("本单位牵头或配合的其他任务（3）");
    expect(text.indexOf("中央-07-2")).toBeLessThan(text.indexOf("本单位牵头或配合的其他任务"));
    expect(text).toContain("🔴逾期 省-15 污水直排整治 · 本单位牵头 · 2026-11-15（逾期10天）");
    expect(text).toContain("中央-03 建筑工地扬尘治理 · 本单位配合（县住房和城乡建设局牵头）");
    const unitList = text.slice(text.indexOf("本单位牵头或配合的其他任务"));
    expect(unitList.indexOf("🔴逾期 省-15")).toBeLessThan(unitList.search(/🟡|🟢/u));
  });

  it("/overdue in English lists the overdue items for a leader county-wide", async () => {
    await t.say("liu", "/lang en");
    await t.replies();
    await t.say("liu", "/overdue");
    const text = await reply();
    expect(text).toContain("Overdue items (1)");
    expect(text).toContain("省-15");
    await t.say("liu", "/语言 中文");
    await t.replies();
  });

  it("/临期 lists what is due within seven days", async () => {
    await t.say("wang", "/临期");
    const text = await reply();
    expect(text).toContain("中央-03");
    expect(text).not.toContain("中央-07-2");
  });

  it("/单位 finds a unit by its alias and summarises its lights", async () => {
    await t.say("liu", "/单位 水利局");
    const text = await reply();
    expect(text).toContain("县水利局");
    expect(text).toMatch(/🔴 1/);
  });

  it("/单位 with an unknown name says so", async () => {
    await t.say("liu", "/单位 宇宙局");
    expect(await reply()).toContain("没有找到单位“宇宙局”");
  });

  it("/信访 shows a petition case without the petitioner", async () => {
    await t.say("liu", `/信访 ${t.county.caseNo}`);
    const text = await reply();
    expect(text).toContain("D2026-001");
    expect(text).toContain("包案领导：刘县长");
    expect(text).toContain("督察组要求");
    expect(text).not.toContain(t.county.petitionerName);
    expect(text).not.toContain("13800001111");
  });

  it("/帮助 shows an official the reporting commands but not the office's", async () => {
    await t.say("zhang", "/帮助");
    const text = await reply();
    expect(text).toContain("/申请销号");
    expect(text).not.toContain("/延期");
  });
});

describe("steering the ledger", () => {
  it("an extension moves the deadline, keeps the original and is audited", async () => {
    await t.say("wang", "/延期 中央-03 2027-02-28 冬季停工");
    expect(await reply()).toContain("由 2026-11-30 延期至 2027-02-28");
    const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-03" } });
    expect(item.deadline).toBe("2027-02-28");
    expect(item.originalDeadline).toBe("2026-11-30");
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: item.id, action: "item.extended" } });
    expect(JSON.parse(audit.detail)).toMatchObject({ reason: "冬季停工" });
    expect(audit.actorId).toBe(t.county.people.coordinator.id);
  });

  it("a failed look-back reopens a signed-off item and the next report continues it", async () => {
    await t.say("zhang", "#中央-07-2 清淤完成100%", { photos: [await jpeg({ seed: 9 })] });
    await t.say("zhang", "/申请销号 中央-07-2");
    await t.say("zhao", "/销号 中央-07-2");
    await t.replies();
    await t.say("wang", "/回头看 中央-07-2 不通过 河道又有淤积");
    expect(await reply()).toContain("回头看未通过");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).status).toBe("reopened");
    await t.say("zhang", "#中央-07-2 二次清淤开始");
    await t.replies();
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).status).toBe("in_progress");
  });

  it("a coordinator invites a person in a direct chat and the code binds them once", async () => {
    await t.say("wang", "/邀请 孙六 住建局 责任人");
    const text = await reply();
    const code = /绑定码：([A-Z0-9]{8})/.exec(text)![1]!;
    await t.say("sun", `/绑定 ${code}`);
    expect(await reply()).toContain("绑定成功！孙六");
    await t.say("someone-else", `/绑定 ${code}`);
    expect(await reply()).toContain("已经用过了");
  });

  it("a bind code is never shown in a group", async () => {
    await t.say("wang", "/邀请 周七 住建局", { chat: t.group("office") });
    expect(await reply()).toContain("请在与我的私聊中发送 /邀请");
  });

  it("a coordinator binds a group to a unit and applications are announced in the office's group", async () => {
    await t.say("wang", "/设置群 督察办", { chat: t.group("office") });
    expect(await reply()).toContain("本群已设置为：督察整改办群");
    await t.say("zhang", "#省-15 截污完成100%", { photos: [await jpeg({ seed: 11 })] });
    await t.say("zhang", "/申请销号 省-15");
    await t.replies();
    const notice = t.chat.sent.find((s) => s.to.chatId === "office" && s.text.includes("销号申请：省-15"));
    expect(notice?.msg.buttons?.flat().map((b) => b.data)).toContain("accept:省-15");
  });

  it("the accept button in the office's group signs the item off", async () => {
    await t.say("zhao", "", { action: "accept:省-15", chat: t.group("office") });
    expect(await reply()).toContain("省-15 污水直排整治 已验收销号");
  });

  it("a petition case is handled by its unit and disclosed by the office", async () => {
    await t.say("zhang", `/办结 ${t.county.caseNo} 属实 已责令养殖场停产整改`);
    expect(await reply()).toContain("已办结（属实）");
    await t.say("zhang", `/公开 ${t.county.caseNo}`);
    expect(await reply()).toContain("只有督察整改办");
    await t.say("wang", `/公开 ${t.county.caseNo}`);
    expect(await reply()).toContain("已标记为公开");
  });
});
