import { afterEach, describe, expect, it } from "vitest";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const unitGroupOfWater = async (t: TestDuban) =>
  t.ledger.db.chat.create({
    data: { platform: "test", chatId: "water-group", purpose: "unit", unitId: t.county.units.water, createdAt: t.clock.now() },
  });

describe("the monthly call for long-term items", () => {
  it("asks each unit's group once, on the first working day of the month, for its long-term items' report", async () => {
    // Tuesday 1 December 2026, 09:30 in Shanghai: the month's first working day.
    t = await startTestDuban({ now: "2026-12-01T01:30:00Z" });
    await unitGroupOfWater(t);
    await t.duban.scheduler.tick();
    await t.duban.scheduler.tick();
    await t.deliverAll();
    const calls = t.chat.sent.filter((s) => s.to.chatId === "water-group" && s.text.includes("长期坚持类任务"));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.text).toContain("2026-12");
    expect(calls[0]!.text).toContain("风险-危废-003 危废贮存库规范化");
    expect(calls[0]!.text).not.toContain("中央-07-2");
  });

  it("waits for the first working day when the month begins on a weekend", async () => {
    // Sunday 1 November 2026: nothing; Monday 2 November: the call.
    t = await startTestDuban({ now: "2026-11-01T02:00:00Z" });
    await unitGroupOfWater(t);
    await t.duban.scheduler.tick();
    await t.deliverAll();
    expect(t.chat.sent.filter((s) => s.text.includes("长期坚持类任务"))).toHaveLength(0);
    t.clock.set("2026-11-02T02:00:00Z");
    await t.duban.scheduler.tick();
    await t.deliverAll();
    expect(t.chat.sent.filter((s) => s.text.includes("长期坚持类任务"))).toHaveLength(1);
  });
});
