import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
beforeAll(async () => {
  // Wednesday 2 December 2026, 10:00 in Shanghai.
  t = await startTestDuban({ now: "2026-12-02T02:00:00Z" });
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "wang", "coordinator");
  await t.bindAs("test", "alice", "coordinator2");
  await t.ledger.db.person.update({ where: { id: t.county.people.coordinator2.id }, data: { lang: "en" } });
});
afterAll(() => t.close());

const said = async () => (await t.replies()).join("\n");
const supplied = () => t.ledger.db.holidayYear.findMany();
const audits = () => t.ledger.db.auditEvent.findMany({ where: { action: "holidays_supplied" }, orderBy: { id: "asc" } });
const JSON_MIME = "application/json";
const file = (content: unknown, name = "2027.json") => ({
  bytes: new TextEncoder().encode(typeof content === "string" ? content : JSON.stringify(content)),
  name,
  mime: JSON_MIME,
});

describe("a coordinator supplies next year's holidays in chat", () => {
  it("/节假日 2026 shows the package's year: its holiday periods and make-up working days", async () => {
    await t.say("wang", "/节假日 2026");
    const text = await said();
    expect(text).toContain("2026年节假日安排");
    expect(text).toContain("来源：chinese-days 软件包");
    expect(text).toContain("10-01~10-07");
    expect(text).toContain("调休上班：");
  });

  it("/节假日 without a year shows 2027 as missing, with the command and the file format to supply it", async () => {
    await t.say("wang", "/节假日");
    const text = await said();
    expect(text).toContain("2027年的节假日安排还没有录入");
    expect(text).toContain("/节假日 2027 休");
    expect(text).toContain('"holidays"');
  });

  it("an official is refused and nothing is kept", async () => {
    await t.say("zhang", "/节假日 2027 休 2027-01-01");
    expect(await said()).toContain("只有督察整改办");
    expect(await supplied()).toEqual([]);
  });

  it("a schedule with mistakes is refused with every mistake named, and nothing is kept", async () => {
    await t.say("wang", "/节假日 2027 休 2027-01-01 2026-10-01 班 2027-02-15 2027-01-01");
    const text = await said();
    expect(text).toContain("有误，未录入");
    expect(text).toContain("2026-10-01 不在 2027 年内");
    expect(text).toContain("2027-02-15 不是周六或周日");
    expect(text).toContain("2027-01-01 既写在“休”里又写在“班”里");
    expect(await supplied()).toEqual([]);
    expect(await audits()).toEqual([]);
  });

  it("days typed before 休 or 班, a backwards run and a wrong year are each explained", async () => {
    await t.say("wang", "/节假日 2027 2027-01-01");
    expect(await said()).toContain("前面缺少“休”或“班”");
    await t.say("wang", "/节假日 2027 休 2027-02-12~2027-02-06");
    expect(await said()).toContain("日期范围“2027-02-12~2027-02-06”不对");
    await t.say("wang", "/节假日 明年 休 2027-01-01");
    expect(await said()).toContain("“明年”不是年份");
    await t.say("wang", "/节假日 2027 休 2027-02-30");
    expect(await said()).toContain("看不懂日期“2027-02-30”");
    expect(await supplied()).toEqual([]);
  });

  it("typed with full-width characters, ranges and dates without a year, it is kept, audited and summarised", async () => {
    await t.say("wang", "／节假日　２０２７　休　2027-01-01至2027-01-03，2月6日～2月12日　班　２０２７－０２－１４");
    const text = await said();
    expect(text).toContain("已录入2027年节假日安排");
    // Saturday 13 February is off as well: the run reads as the notice would.
    expect(text).toContain("放假：01-01~01-03、02-06~02-13");
    expect(text).toContain("调休上班：02-14");
    const [row] = await supplied();
    expect(row).toMatchObject({ year: 2027, byId: t.county.people.coordinator.id });
    expect(JSON.parse(row!.schedule)).toEqual({
      year: 2027,
      holidays: ["2027-01-01", "2027-01-02", "2027-01-03", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"],
      workdays: ["2027-02-14"],
    });
    const [audit] = await audits();
    expect(audit).toMatchObject({ actor: "王主任" });
    expect(JSON.parse(audit!.detail)).toMatchObject({ year: 2027, holidays: 10, workdays: 1, via: "chat", previous: null });
  });

  it("/节假日 2027 now shows who supplied it", async () => {
    await t.say("wang", "/holidays 2027");
    const text = await said();
    expect(text).toContain("来源：王主任 于 2026-12-02 10:00 在聊天中录入");
    expect(text).toContain("02-06~02-13");
  });

  it("the same schedule again changes nothing", async () => {
    await t.say("wang", "/节假日 2027 休 2027-01-01~2027-01-03 2027-02-06~2027-02-12 班 2027-02-14");
    expect(await said()).toContain("完全相同，没有改动");
    expect(await audits()).toHaveLength(1);
  });

  it("a schedule file sent with /holidays as its caption replaces it, in English for an English speaker, and the audit keeps the previous one", async () => {
    await t.say("alice", "/holidays", {
      files: [file({ year: 2027, holidays: ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09"], workdays: ["2027-02-20"] })],
    });
    const text = await said();
    expect(text).toContain("The 2027 holiday schedule is updated");
    expect(text).toContain("Make-up working days: 02-20");
    expect(JSON.parse((await supplied())[0]!.schedule).workdays).toEqual(["2027-02-20"]);
    const last = (await audits()).at(-1)!;
    expect(JSON.parse(last.detail)).toMatchObject({
      year: 2027, via: "file", name: "2027.json",
      previous: { by: "王主任", schedule: { workdays: ["2027-02-14"] } },
    });
    expect(await t.ledger.db.photo.count()).toBe(0);
  });

  it("a broken file, a file for another year than the caption and a file with typed days are refused", async () => {
    await t.say("wang", "/节假日", { files: [file("{ year: 2028", "2028.json")] });
    expect(await said()).toContain("“2028.json”不是有效的 JSON");
    await t.say("wang", "/节假日 2029", { files: [file({ year: 2028, holidays: ["2028-01-01"], workdays: [] })] });
    expect(await said()).toContain("说明里写的是 2029 年，文件里是 2028 年");
    await t.say("wang", "/节假日 2028 休 2028-01-01", { files: [file({ year: 2028, holidays: ["2028-01-01"], workdays: [] })] });
    expect(await said()).toContain("请二选一");
    await t.say("alice", "/holidays", { files: [file({ year: 2028, holidays: [], workdays: ["2028-01-03"] })] });
    const english = await said();
    expect(english).toContain("a year always has public holidays");
    expect(english).toContain("2028-01-03 is not a Saturday or Sunday");
    expect((await supplied()).map((r) => r.year)).toEqual([2027]);
  });

  it("a year also given as a file in the data directory says the chat's schedule takes precedence", async () => {
    mkdirSync(join(t.config.dataDir, "calendar"), { recursive: true });
    writeFileSync(join(t.config.dataDir, "calendar", "2027.json"), JSON.stringify({ year: 2027, holidays: ["2027-01-01"], workdays: [] }));
    await t.say("wang", "/节假日 2027");
    const text = await said();
    expect(text).toContain("在聊天中录入");
    expect(text).toContain("数据目录中的 calendar/2027.json 不再使用：聊天中录入的安排优先");
    writeFileSync(join(t.config.dataDir, "calendar", "2028.json"), JSON.stringify({ year: 2028, holidays: ["2028-01-03"], workdays: [] }));
    await t.say("wang", "/节假日 2028");
    const fromFile = await said();
    expect(fromFile).toContain("来源：数据目录文件 calendar/2028.json");
    expect(fromFile).toContain("放假：01-01~01-03");
    expect(fromFile).not.toContain(t.config.dataDir);
  });

  it("/帮助 lists /节假日 for a coordinator", async () => {
    await t.say("wang", "/帮助");
    expect(await said()).toContain("/节假日 [年份]");
  });
});
