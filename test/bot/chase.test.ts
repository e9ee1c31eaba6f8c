import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban();
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "li", "official2");
  await t.bindAs("test", "wang", "coordinator");
  await t.bindAs("test", "liu", "leader");
  await t.ledger.db.chat.create({ data: { platform: "test", chatId: "water", purpose: "unit", unitId: t.county.units.water } });
  await t.ledger.db.chat.create({ data: { platform: "test", chatId: "housing", purpose: "unit", unitId: t.county.units.housing } });
});
afterAll(() => t.close());

const reply = async () => (await t.replies()).join("\n");
/** Everything a chat was sent so far (a person is written to directly at their user id). */
const seenIn = (chatId: string) => t.chat.sent.filter((s) => s.to.chatId === chatId).map((s) => s.text).join("\n");

describe("/催办: the office and leaders chase a unit", () => {
  it("an official may not chase", async () => {
    await t.say("zhang", "/催办 省-15");
    expect(await reply()).toContain("只有督察整改办和领导可以催办");
    expect(await t.ledger.db.chase.count()).toBe(0);
  });

  it("a 期限 in the past is refused", async () => {
    await t.say("wang", "/催办 省-15 尽快整改 2026-11-01");
    expect(await reply()).toContain("2026-11-01 已经过去了");
  });

  it("an unknown unit is refused; an unknown code gets the nearest", async () => {
    await t.say("wang", "/催办 宇宙局");
    expect(await reply()).toContain("没有找到单位“宇宙局”");
    await t.say("wang", "/催办 省-16");
    expect(await reply()).toContain("您是不是要找：省-15");
  });

  it("chases an item: recorded, audited, sent to the unit group and the person, and shown on the item", async () => {
    await t.say("wang", "/催办 省-15 本周内报送整改方案 12月1日");
    expect(await reply()).toContain("已督办 省-15（县水利局）");
    const chase = await t.ledger.db.chase.findFirstOrThrow();
    expect(chase).toMatchObject({ request: "本周内报送整改方案", dueDay: "2026-12-01", byName: "王主任", answeredAt: null });
    expect(await t.ledger.db.auditEvent.count({ where: { action: "item.chased" } })).toBe(1);
    expect(seenIn("water")).toContain("📣 督办：省-15 污水直排整治（县水利局）\n王主任要求：本周内报送整改方案，期限 2026-12-01");
    await t.say("liu", "/查询 省-15");
    expect(await reply()).toContain("已催办 1 次，最近 11月25日，未回复");
    await t.say("liu", "/进展 省-15");
    expect(await reply()).toContain("王主任 催办：本周内报送整改方案（期限 2026-12-01）");
  });

  it("the unit's next report answers it, and the chaser is told", async () => {
    await t.say("zhang", "#省-15 已制定整改方案，正在施工", { chat: { platform: "test", chatId: "water", direct: false } });
    expect(await reply()).toContain("本条已作为对督办的回复");
    expect((await t.ledger.db.chase.findFirstOrThrow()).answeredAt).not.toBeNull();
    expect(seenIn("wang")).toContain("✅ 县水利局已报送 省-15 的进展，回复了您 2026-11-25 10:00 的催办：已制定整改方案，正在施工");
    await t.say("liu", "/查询 省-15");
    expect(await reply()).toContain("已催办 1 次，最近 11月25日，已回复");
  });

  it("/催办 <单位> chases all of the unit's overdue items in one message", async () => {
    await t.say("liu", "/催办 水利局 请加快进度");
    expect(await reply()).toContain("已督办县水利局的 1 项逾期任务");
    expect(seenIn("water")).toContain("📣 督办：县水利局有 1 项逾期整改任务");
    expect(await t.ledger.db.chase.count({ where: { byName: "刘县长" } })).toBe(1);
  });

  it("a unit with nothing overdue is not chased", async () => {
    await t.say("wang", "/催办 住建局");
    expect(await reply()).toContain("县住房和城乡建设局没有逾期的整改任务，无需催办");
  });

  it("in quiet hours the notice waits for the morning", async () => {
    t.clock.set("2026-11-25T14:00:00Z"); // 22:00 in Shanghai
    await t.say("wang", "/催办 中央-03");
    expect(await reply()).toContain("现在是休息时间，通知将于 2026-11-26 08:00 发出");
    expect(seenIn("housing")).not.toContain("📣 督办：中央-03");
    t.clock.set("2026-11-26T00:01:00Z");
    await t.deliverAll();
    expect(seenIn("housing")).toContain("📣 督办：中央-03");
    t.clock.set("2026-11-26T02:00:00Z");
  });
});

describe("/批示: leaders' instructions", () => {
  it("someone who is not a leader may not", async () => {
    await t.say("wang", "/批示 中央-03 请抓紧");
    expect(await reply()).toContain("只有领导可以作出批示");
  });

  it("needs its words", async () => {
    await t.say("liu", "/批示 中央-03");
    expect(await reply()).toContain("缺少内容");
  });

  it("a leader's #编号 内容 is an instruction, sent to the unit group, in the history", async () => {
    await t.say("liu", "#中央-03 请住建局本周内报送整改方案");
    expect(await reply()).toContain("已记录对 中央-03 的批示，并转县住房和城乡建设局落实");
    expect(await t.ledger.db.report.count({ where: { text: { contains: "请住建局" } } })).toBe(0);
    expect((await t.ledger.db.instruction.findFirstOrThrow()).text).toBe("请住建局本周内报送整改方案");
    expect(seenIn("housing")).toContain("📝 领导批示：中央-03 建筑工地扬尘治理\n刘县长：请住建局本周内报送整改方案");
    expect(seenIn("li")).toContain("📝 领导批示：中央-03");
    await t.say("wang", "/进展 中央-03");
    expect(await reply()).toContain("刘县长 批示：请住建局本周内报送整改方案");
  });

  it("the unit's next report is its follow-up, and the leader is told", async () => {
    await t.say("li", "#中央-03 整改方案已报送");
    expect(await reply()).toContain("本条已作为落实领导批示的情况报送");
    expect((await t.ledger.db.instruction.findFirstOrThrow()).followedUpAt).not.toBeNull();
    expect(seenIn("liu")).toContain("✅ 县住房和城乡建设局报送了 中央-03 落实批示的情况：整改方案已报送");
  });

  it("/批示 on an unknown code gets the nearest", async () => {
    await t.say("liu", "/批示 中央3 加快");
    expect(await reply()).toContain("您是不是要找：中央-03");
  });
});

describe("the digest", () => {
  it("shows chases unanswered past their 期限 and the new instructions", async () => {
    await t.say("wang", "/催办 中央-07-2 报送清淤方量 11月27日");
    await t.replies();
    t.clock.set("2026-11-28T02:00:00Z");
    await t.say("liu", "/批示 风险-危废-003 规范贮存台账");
    await t.replies();
    await t.ledger.db.chat.create({ data: { platform: "test", chatId: "leaders", purpose: "leaders" } });
    await t.say("wang", "/日报 现在", { chat: t.group("leaders") });
    const text = await reply();
    expect(text).toContain("📣 催办未回复 1 项");
    expect(text).toContain("中央-07-2｜县水利局｜王主任催办，期限 2026-11-27");
    expect(text).toContain("📝 新批示 1 条");
    expect(text).toContain("风险-危废-003｜县水利局｜刘县长：规范贮存台账");
  });
});
