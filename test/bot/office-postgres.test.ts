/** The office's records on PostgreSQL: the chases and instructions migration, search and units by part of a name. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban({ db: "postgres" });
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "wang", "coordinator");
  await t.bindAs("test", "liu", "leader");
});
afterAll(() => t.close());

const reply = async () => (await t.replies()).join("\n");

it("a chase and an instruction are recorded and answered by the unit's report", async () => {
  await t.say("wang", "/催办 省-15 报送整改方案 12月1日");
  expect(await reply()).toContain("已督办 省-15");
  await t.say("liu", "#省-15 请水利局加快整改");
  expect(await reply()).toContain("已记录对 省-15 的批示");
  await t.say("zhang", "#省-15 整改方案已制定");
  const receipt = await reply();
  expect(receipt).toContain("本条已作为对督办的回复");
  expect(receipt).toContain("本条已作为落实领导批示的情况报送");
  expect(await t.ledger.db.chase.count({ where: { answeredAt: { not: null } } })).toBe(1);
  expect(await t.ledger.db.instruction.count({ where: { followedUpAt: { not: null } } })).toBe(1);
});

it("keywords, a loose code and part of a unit's name find what they mean", async () => {
  await t.say("zhang", "/查询 扬尘");
  expect(await reply()).toContain("中央-03 建筑工地扬尘治理");
  await t.say("zhang", "/查询 中央3");
  expect(await reply()).toContain("您是不是要找：中央-03");
  await t.say("liu", "/单位 住房");
  expect(await reply()).toContain("县住房和城乡建设局");
});
