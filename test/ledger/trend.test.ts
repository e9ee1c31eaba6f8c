/**
 * The weekly trend is read from the audit trail and the items' own moments, never typed
 * in: an item counts as open from its first audit event, overdue from the day after its
 * deadline, and signed off from its sign-off.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Ledger } from "../../src/ledger/db";
import { weeklyTrend } from "../../src/ledger/trend";
import { DB_KINDS, useLedger } from "../support/databases";
import { buildItem, buildUnit } from "../support/ledger-builders";

const at = (local: string) => new Date(`${local}+08:00`);
const TZ = "Asia/Shanghai";

describe.each(DB_KINDS)("the weekly trend on %s", (kind) => {
  const open = useLedger(kind);
  let ledger: Ledger;
  beforeEach(async () => {
    ledger = await open();
  });

  async function itemCreated(fields: Parameters<typeof buildItem>[1], createdAt: Date) {
    const item = await buildItem(ledger.db, { ...fields, assignedAt: createdAt });
    await ledger.db.auditEvent.create({ data: { at: createdAt, actor: "cli", action: "item.created", itemId: item.id, detail: "{}" } });
    return item;
  }

  it("counts each week's open, overdue and signed-off items from the trail, per unit when asked", async () => {
    const water = await buildUnit(ledger.db, { name: "县水利局" });
    const roads = await buildUnit(ledger.db, { name: "县交通局" });
    // Week of Mon 11-02 … Sun 11-08: two items come in.
    await itemCreated({ leadUnitId: water.id, deadline: "2026-11-10" }, at("2026-11-03T09:00:00"));
    await itemCreated({ leadUnitId: water.id, deadline: "2026-12-31", status: "signed_off", signedOffAt: at("2026-11-18T10:00:00") }, at("2026-11-04T09:00:00"));
    // Week of 11-16: one more, long-term (never overdue).
    await itemCreated({ leadUnitId: roads.id, longTerm: true, reportPeriodDays: 30 }, at("2026-11-17T09:00:00"));

    const weeks = await weeklyTrend(ledger, { now: at("2026-11-25T10:00:00"), tz: TZ });
    expect(weeks).toEqual([
      { weekEnd: "2026-11-08", open: 2, overdue: 0, signedOff: 0 },
      { weekEnd: "2026-11-15", open: 2, overdue: 1, signedOff: 0 },
      { weekEnd: "2026-11-22", open: 2, overdue: 1, signedOff: 1 },
      { weekEnd: "2026-11-25", open: 2, overdue: 1, signedOff: 1 },
    ]);
    const lastTwo = await weeklyTrend(ledger, { now: at("2026-11-25T10:00:00"), tz: TZ, lastWeeks: 2 });
    expect(lastTwo).toEqual(weeks.slice(-2));
    const roadsOnly = await weeklyTrend(ledger, { now: at("2026-11-25T10:00:00"), tz: TZ, unitIds: [roads.id] });
    expect(roadsOnly).toEqual([
      { weekEnd: "2026-11-22", open: 1, overdue: 0, signedOff: 0 },
      { weekEnd: "2026-11-25", open: 1, overdue: 0, signedOff: 0 },
    ]);
  });

  it("starts with the week of the import for items assigned long before it, signed off ones counted from the import", async () => {
    const water = await buildUnit(ledger.db, { name: "县水利局" });
    // Assigned in the spring, imported on Wed 11-11: the trend begins with the import's week.
    for (const [fields, assignedAt] of [
      [{ deadline: "2026-06-30" }, at("2026-03-02T09:00:00")],
      [{ deadline: "2026-05-31", status: "signed_off", signedOffAt: at("2026-06-10T10:00:00") }, at("2026-03-05T09:00:00")],
    ] as const) {
      const item = await buildItem(ledger.db, { leadUnitId: water.id, ...fields, assignedAt });
      await ledger.db.auditEvent.create({ data: { at: at("2026-11-11T15:00:00"), actor: "import", action: "item.imported", itemId: item.id, detail: "{}" } });
    }

    const weeks = await weeklyTrend(ledger, { now: at("2026-11-17T10:00:00"), tz: TZ });
    expect(weeks).toEqual([
      { weekEnd: "2026-11-15", open: 1, overdue: 1, signedOff: 1 },
      { weekEnd: "2026-11-17", open: 1, overdue: 1, signedOff: 1 },
    ]);
  });

  it("counts a sign-off later undone as signed off for the weeks it stood, and open (and overdue) again after", async () => {
    const water = await buildUnit(ledger.db, { name: "县水利局" });
    const event = (itemId: number, action: string, when: Date) => ledger.db.auditEvent.create({ data: { at: when, actor: "office", action, itemId, detail: "{}" } });
    // Signed off in the week of 11-09, reopened in the week of 11-16; deadline passed on 11-12.
    const reopened = await itemCreated({ leadUnitId: water.id, deadline: "2026-11-12", status: "reopened" }, at("2026-11-03T09:00:00"));
    await event(reopened.id, "item.signed_off", at("2026-11-10T10:00:00"));
    await event(reopened.id, "item.reopened", at("2026-11-17T10:00:00"));
    // Signed off in the week of 11-02, its look-back failed in the week of 11-09, signed off again in the week of 11-16.
    const again = await itemCreated({ leadUnitId: water.id, deadline: "2026-12-31", status: "signed_off", signedOffAt: at("2026-11-18T10:00:00") }, at("2026-11-02T09:00:00"));
    await event(again.id, "item.signed_off", at("2026-11-04T10:00:00"));
    await event(again.id, "item.lookback_failed", at("2026-11-11T10:00:00"));
    await event(again.id, "item.signed_off", at("2026-11-18T10:00:00"));

    expect(await weeklyTrend(ledger, { now: at("2026-11-25T10:00:00"), tz: TZ })).toEqual([
      { weekEnd: "2026-11-08", open: 1, overdue: 0, signedOff: 1 },
      { weekEnd: "2026-11-15", open: 1, overdue: 0, signedOff: 1 },
      { weekEnd: "2026-11-22", open: 1, overdue: 1, signedOff: 1 },
      { weekEnd: "2026-11-25", open: 1, overdue: 1, signedOff: 1 },
    ]);
  });

  it("is empty for a ledger with no items", async () => {
    expect(await weeklyTrend(ledger, { now: at("2026-11-25T10:00:00"), tz: TZ })).toEqual([]);
  });
});
