import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban();
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "liu", "leader");
  // Enough sand-dredging items for three pages, and a second water unit for "/单位 水利".
  for (let n = 1; n <= 23; n++) {
    await t.ledger.db.item.create({
      data: {
        code: `省-采砂-${String(n).padStart(2, "0")}`, source: "provincial", title: `河段${n}非法采砂整治`,
        leadUnitId: t.county.units.water, deadline: "2027-06-30", originalDeadline: "2027-06-30",
      },
    });
  }
  await t.ledger.db.item.create({
    data: { code: "中央-09", source: "central", title: "砂石码头扬尘", place: "青龙镇石门村河段", leadUnitId: t.county.units.water },
  });
  await t.ledger.db.item.create({
    data: { code: "中央-04", source: "central", title: "饮用水源地保护", measures: "清理一级保护区内违建", leadUnitId: t.county.units.water },
  });
  const works = await t.ledger.db.unit.create({ data: { name: "县水利工程管理所" } });
  await t.ledger.db.unitAlias.create({ data: { alias: "县水利工程管理所", unitId: works.id } });
});
afterAll(() => t.close());

const last = () => t.chat.sent.at(-1)!;
const reply = async () => (await t.replies()).join("\n");

describe("finding items by what people remember", () => {
  it("/查询 with a keyword lists the items whose title, problem or measures contain it, ten a page", async () => {
    await t.say("zhang", "/查询 采砂");
    const text = await reply();
    expect(text).toContain("包含“采砂”的整改任务（23） · 第 1/3 页");
    expect(text).toContain("省-采砂-01");
    expect(text).not.toContain("省-采砂-11");
    expect(last().msg.buttons?.flat().map((b) => b.label)).toEqual(["下一页 ▶"]);
  });

  it("下一页 turns to the next page, which offers both ways", async () => {
    await t.say("zhang", "/查询 采砂");
    await t.replies();
    await t.say("zhang", "", { action: last().msg.buttons![0]![0]!.data });
    const text = await reply();
    expect(text).toContain("第 2/3 页");
    expect(text).toContain("省-采砂-11");
    expect(text).not.toContain("省-采砂-01 ");
    expect(last().msg.buttons?.flat().map((b) => b.label)).toEqual(["◀ 上一页", "下一页 ▶"]);
  });

  it("measures are searched too, and /search is the English name", async () => {
    await t.say("zhang", "/search 违建");
    expect(await reply()).toContain("中央-04 饮用水源地保护");
  });

  it("places are searched too, and the item's history says where it is", async () => {
    await t.say("zhang", "/查询 石门村");
    expect(await reply()).toContain("中央-09 砂石码头扬尘");
    await t.say("zhang", "/进展 中央-09");
    expect(await reply()).toContain("📍 地点：青龙镇石门村河段");
  });

  it("a keyword nothing contains says so", async () => {
    await t.say("zhang", "/查询 核电站");
    expect(await reply()).toContain("没有找到包含“核电站”的整改任务");
  });

  it("a page that does not exist is refused, not an empty list", async () => {
    await t.say("zhang", "", { action: "find:9:采砂" });
    expect(await reply()).toContain("没有第 10 页（共 3 页）");
  });
});

describe("a code that does not exist", () => {
  it("中央—04 (a Chinese keyboard's dash) is the same code and shows the item", async () => {
    await t.say("zhang", "/查询 中央—04");
    expect(await reply()).toContain("中央-04 饮用水源地保护");
  });

  for (const typed of ["中央04", "中央-4"]) {
    it(`/查询 ${typed} asks 您是不是要找：中央-04, with a button that shows it`, async () => {
      await t.say("zhang", `/查询 ${typed}`);
      expect(await reply()).toContain("您是不是要找：中央-04");
      const button = last().msg.buttons!.flat()[0]!;
      expect(button.label).toBe("中央-04");
      await t.say("zhang", "", { action: button.data });
      expect(await reply()).toContain("中央-04 饮用水源地保护");
    });
  }

  it("a code one slip away gets the nearest codes", async () => {
    await t.say("zhang", "/查询 中央-07-3");
    expect(await reply()).toMatch(/您是不是要找：中央-07-2/);
  });

  it("a report on #中央-4 is kept and names the code it probably meant", async () => {
    await t.say("zhang", "#中央-4 已拆除两处违建");
    expect(await reply()).toContain("您是不是要找：中央-04");
  });

  it("a code far from any is answered as unknown", async () => {
    await t.say("zhang", "/查询 市-99-9");
    expect(await reply()).toContain("没有找到编号为 市-99-9 的整改任务");
  });
});

describe("typed without the slash", () => {
  it("查询 中央-04 is answered as the query, not filed as a report", async () => {
    await t.say("zhang", "查询 中央-04");
    const text = await reply();
    expect(text).toContain("中央-04 饮用水源地保护");
    expect(text).not.toContain("已记录进展");
    expect(await t.ledger.db.report.count({ where: { text: { contains: "查询" } } })).toBe(0);
  });

  it("a report that merely opens with 查询 stays a report", async () => {
    await t.say("zhang", "#中央-07-2 查询了河道沿线，清淤完成60%");
    expect(await reply()).toContain("已记录进展");
  });
});

describe("units by part of their name", () => {
  it("/单位 水利 asks which unit when several match, a button each", async () => {
    await t.say("liu", "/单位 水利");
    expect(await reply()).toContain("有几个单位与“水利”相符：县水利局、县水利工程管理所");
    const labels = last().msg.buttons!.flat().map((b) => b.label);
    expect(labels).toEqual(["县水利局", "县水利工程管理所"]);
    expect(labels).not.toContain("县住房和城乡建设局");
  });

  it("a part that only one unit has finds it", async () => {
    await t.say("liu", "/单位 住房");
    expect(await reply()).toContain("县住房和城乡建设局");
  });

  it("the unit's button opens its summary", async () => {
    await t.say("liu", "", { action: "/unit 县水利局" });
    expect(await reply()).toMatch(/未销号：🔴/);
  });

  it("/逾期 with part of a name narrows to that unit", async () => {
    await t.say("liu", "/逾期 住建");
    expect(await reply()).toContain("没有逾期的整改任务");
  });

  it("a name no unit has says so", async () => {
    await t.say("liu", "/单位 宇宙局");
    expect(await reply()).toContain("没有找到单位“宇宙局”");
  });
});
