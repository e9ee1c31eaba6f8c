import { afterEach, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function applyFor(t: TestDuban, code: string, seed: number): Promise<void> {
  await t.say("zhang", `#${code} 整改完成100%`, { photos: [await jpeg({ seed })] });
  await t.say("zhang", `/申请销号 ${code} 已全部完成`);
  await t.replies();
}

describe("look-backs aimed at risk", () => {
  it("an item closed on its deadline day with measures easy to undo is looked back at sooner than a calm one", async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "wang", "coordinator");
    // 2026-11-25 is the test clock's day in Shanghai.
    await t.ledger.db.item.update({ where: { code: "中央-07-2" }, data: { deadline: "2026-11-25", measures: "对裸露土方覆土并遮盖" } });
    await t.ledger.db.item.update({ where: { code: "省-15" }, data: { deadline: "2026-12-31", measures: "建设截污管网" } });

    await applyFor(t, "省-15", 71);
    await t.say("wang", "/销号 省-15");
    expect((await t.replies()).join("\n")).toContain("回头看计划于 2027-05-24 前开展");

    await applyFor(t, "中央-07-2", 72);
    await t.say("wang", "/销号 中央-07-2");
    expect((await t.replies()).join("\n")).toContain("在整改时限当天申请销号");
    await t.say("wang", "/销号 中央-07-2 确认");
    expect((await t.replies()).join("\n")).toContain("回头看计划于 2027-01-24 前开展");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).lookbackDue).toBe("2027-01-24");
  });
});
