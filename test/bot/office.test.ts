import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban();
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "li", "official2");
  await t.bindAs("test", "wang", "coordinator");
  await t.bindAs("test", "liu", "leader");
  for (const [chatId, unitId] of [["water", t.county.units.water], ["housing", t.county.units.housing]] as const) {
    await t.ledger.db.chat.create({ data: { platform: "test", chatId, purpose: "unit", unitId } });
  }
});
afterAll(() => t.close());

const reply = async () => (await t.replies()).join("\n");
/** What a chat was sent since the start, as text (a person is written to directly at their user id). */
const seenIn = (chatId: string) => t.chat.sent.filter((s) => s.to.chatId === chatId).map((s) => s.text).join("\n");
const item = (code: string) => t.ledger.db.item.findUniqueOrThrow({ where: { code }, include: { cooperating: true } });

describe("/转办: the office moves an item to another lead unit", () => {
  it("needs a reason", async () => {
    await t.say("wang", "/转办 中央-07-2 住建局");
    expect(await reply()).toContain("缺少原因");
  });

  it("refuses an unknown unit", async () => {
    await t.say("wang", "/转办 中央-07-2 宇宙局 职责调整");
    expect(await reply()).toContain("没有找到单位“宇宙局”");
  });

  it("is the office's alone", async () => {
    await t.say("zhang", "/转办 中央-07-2 住建局 职责调整");
    expect(await reply()).toContain("只有督察整改办（协调人）可以使用这个命令");
    expect((await item("中央-07-2")).leadUnitId).toBe(t.county.units.water);
  });

  it("moves the item, tells both unit groups and the old responsible person, and is audited and in the history", async () => {
    await t.say("wang", "/转办 中央-07-2 住建局 河道清淤由城建部门实施");
    expect(await reply()).toContain("由县水利局转至县住房和城乡建设局牵头");
    const moved = await item("中央-07-2");
    expect(moved.leadUnitId).toBe(t.county.units.housing);
    expect(moved.personName).toBeNull();
    expect(seenIn("water")).toContain("🔀 转办：中央-07-2");
    expect(seenIn("housing")).toContain("🔀 转办：中央-07-2");
    expect(seenIn("zhang")).toContain("🔀 转办：中央-07-2");
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: moved.id, action: "item.transferred" } });
    expect(JSON.parse(audit.detail)).toMatchObject({ leadUnit: ["县水利局", "县住房和城乡建设局"], reason: "河道清淤由城建部门实施" });
    await t.say("wang", "/进展 中央-07-2");
    expect(await reply()).toContain("王主任 转办：县水利局 → 县住房和城乡建设局，原因：河道清淤由城建部门实施");
  });

  it("to the unit that already leads says so", async () => {
    await t.say("wang", "/转办 中央-07-2 住建局 再转一次");
    expect(await reply()).toContain("已由县住房和城乡建设局牵头，无需转办");
  });
});

describe("/指派: the office names the responsible person", () => {
  it("refuses a person nobody knows", async () => {
    await t.say("wang", "/指派 中央-07-2 孙悟空");
    expect(await reply()).toContain("台账中没有名为“孙悟空”的人员");
  });

  it("refuses a person of another unit", async () => {
    await t.say("wang", "/指派 中央-07-2 张三");
    expect(await reply()).toContain("张三 是县水利局的人员，不属于 中央-07-2 的牵头单位县住房和城乡建设局");
  });

  it("names the lead unit's person, who is told directly, and the history shows it", async () => {
    await t.say("wang", "/指派 中央-07-2 李四");
    expect(await reply()).toContain("中央-07-2 河道清淤 的责任人：李四（县住房和城乡建设局）");
    expect((await item("中央-07-2")).personName).toBe("李四");
    expect(seenIn("li")).toContain("👤 中央-07-2");
    expect(seenIn("housing")).toContain("👤 中央-07-2");
    expect(await t.ledger.db.auditEvent.count({ where: { action: "item.person_assigned" } })).toBe(1);
    await t.say("wang", "/进展 中央-07-2");
    expect(await reply()).toContain("王主任 指派责任人 李四");
  });

  it("a leader may not", async () => {
    await t.say("liu", "/指派 中央-07-2 李四");
    expect(await reply()).toContain("只有督察整改办");
  });
});

describe("/配合: the office sets the cooperating units", () => {
  it("refuses the lead unit as its own cooperator", async () => {
    await t.say("wang", "/配合 中央-03 住建局");
    expect(await reply()).toContain("县住房和城乡建设局是 中央-03 的牵头单位，不能同时作为配合单位");
  });

  it("sets them, tells the groups and is in the history", async () => {
    await t.say("wang", "/配合 中央-03 生态环境局、水利局");
    expect(await reply()).toContain("中央-03 建筑工地扬尘治理 的配合单位：市生态环境局、县水利局");
    expect((await item("中央-03")).cooperating.map((c) => c.unitId).sort()).toEqual([t.county.units.water, t.county.units.ecology].sort());
    expect(seenIn("water")).toContain("🤝 中央-03");
    await t.say("wang", "/进展 中央-03");
    expect(await reply()).toContain("设定配合单位：市生态环境局、县水利局");
  });

  it("无 clears them", async () => {
    await t.say("wang", "/配合 中央-03 无");
    expect(await reply()).toContain("的配合单位：无");
    expect((await item("中央-03")).cooperating).toEqual([]);
  });

  it("an unknown item gets the nearest codes", async () => {
    await t.say("wang", "/配合 中央-3 水利局");
    expect(await reply()).toContain("您是不是要找：中央-03");
  });
});

describe("/设置群 where it belongs", () => {
  it("in a direct chat is refused with how to do it, and binds nothing", async () => {
    await t.say("wang", "/设置群 领导");
    expect(await reply()).toContain("私聊不能设置为群。请先把我拉进要设置的群");
    expect(await t.ledger.db.chat.count({ where: { purpose: "leaders" } })).toBe(0);
  });
});

describe("/帮助 lists the office's commands to whom they are for", () => {
  it("a coordinator sees /转办 /指派 /配合 /催办", async () => {
    await t.say("wang", "/帮助");
    const text = await reply();
    for (const c of ["/转办", "/指派", "/配合", "/催办"]) expect(text).toContain(c);
  });

  it("a leader sees /催办 and /批示 but not /转办, in English too", async () => {
    await t.say("liu", "/帮助");
    const text = await reply();
    expect(text).toContain("/批示 <编号> <内容>");
    expect(text).toContain("/催办");
    expect(text).not.toContain("/转办");
    await t.say("liu", "/lang en");
    await t.replies();
    await t.say("liu", "/help");
    const en = await reply();
    expect(en).toContain("/instruct <code> <text>");
    expect(en).toContain("/search");
    await t.say("liu", "/语言 中文");
    await t.replies();
  });
});
