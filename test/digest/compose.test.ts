import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainText } from "../../src/core/chat";
import { addDays, dayOf } from "../../src/core/days";
import type { ItemStatus } from "../../src/core/types";
import { DEFAULT_THRESHOLDS, viewItem, type ItemFacts } from "../../src/core/lights";
import { composeDigest } from "../../src/digest/compose";
import { renderDigest } from "../../src/digest/render";
import type { DigestData } from "../../src/digest/types";
import { factsAsOf, factsNow } from "../../src/digest/yesterday";
import type { ChangesSince } from "../../src/ledger/digest-items";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";
import { buildCase, buildItem, buildPerson, buildReport, buildUnit } from "../support/ledger-builders";

const TZ = "Asia/Shanghai";
const at = (local: string) => new Date(`${local}+08:00`);
/** Tuesday morning, digest time. */
const NOW = at("2026-03-10T08:30:00");
const compose = (ledger: Ledger, opts: { unitIds?: number[]; top?: number; itemTop?: number } = {}) =>
  composeDigest(ledger, { now: NOW, tz: TZ, thresholds: DEFAULT_THRESHOLDS, ...opts });
const codes = (entries: { code: string }[]) => entries.map((e) => e.code);

describe.each(DB_KINDS)("the daily digest on %s", (kind) => {
  let database: TestDatabase;
  let ledger: Ledger;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
    ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
  });
  afterEach(async () => {
    await ledger.close();
    await database.drop();
  });

  /** A small county: three units, a handful of items in every state, petition cases, photos. */
  async function county() {
    const db = ledger.db;
    const housing = await buildUnit(db, { name: "住建局" });
    const water = await buildUnit(db, { name: "水利局" });
    const transport = await buildUnit(db, { name: "交通局" });
    const zhang = await buildPerson(db, { name: "张三", unitId: housing.id });
    const zhao = await buildPerson(db, { name: "赵书记", roles: ["leader"] });
    const recently = at("2026-03-08T10:00:00");
    const item = (code: string, unitId: number, fields: Partial<Parameters<typeof buildItem>[1]>) =>
      buildItem(db, { code, leadUnitId: unitId, lastReportAt: recently, ...fields });

    await item("中央-01", housing.id, { deadline: "2026-02-28", status: "in_progress", personId: zhang.id });
    await item("中央-02", housing.id, { deadline: "2026-03-09", status: "in_progress", personName: "李四" });
    await item("长期-01", housing.id, { longTerm: true, reportPeriodDays: 30, deadline: "2025-12-31", status: "in_progress" });
    await item("长期-02", housing.id, { longTerm: true, reportPeriodDays: 30, lastReportAt: at("2026-01-10T10:00:00"), status: "in_progress" });
    const revived = await item("中央-06", housing.id, { deadline: "2026-09-30", status: "in_progress", lastReportAt: null });
    await buildReport(db, { itemId: revived.id, reporterId: zhang.id, at: at("2026-02-10T10:00:00") });
    await buildReport(db, { itemId: revived.id, reporterId: zhang.id, at: at("2026-03-10T08:00:00") });

    await item("省-01", water.id, {
      deadline: "2026-03-05", status: "awaiting_signoff", appliedAt: at("2026-03-06T16:00:00"), personName: "王五",
    });
    await item("省-02", water.id, { deadline: "2026-03-13", status: "in_progress" });

    await item("中央-03", transport.id, { deadline: "2026-06-30", status: "in_progress", lastReportAt: at("2026-02-01T10:00:00") });
    await item("中央-04", transport.id, { deadline: "2026-02-01", status: "signed_off", signedOffAt: at("2026-01-30T10:00:00") });
    await item("中央-05", transport.id, { deadline: "2026-05-01", status: "in_progress", returnCount: 2 });
    await item("中央-07", transport.id, { deadline: "2026-03-12", status: "not_started", assignedAt: at("2026-03-10T07:00:00"), lastReportAt: null });

    await buildCase(db, {
      caseNo: "X-2026-001", unitId: housing.id, assignedOn: "2026-03-01", batchDue: "2026-03-08", ownerLeader: "李县长",
      petitioner: { name: "王秘密", contact: "13900000000" },
    });
    await buildCase(db, { caseNo: "X-2026-002", unitId: water.id, assignedOn: "2026-03-05", batchDue: "2026-03-12", petitioner: { name: "钱隐私" } });
    await buildCase(db, { caseNo: "X-2026-003", unitId: water.id, assignedOn: "2026-03-05", batchDue: "2026-03-20" });
    await buildCase(db, { caseNo: "X-2026-004", unitId: water.id, assignedOn: "2026-02-01", batchDue: "2026-03-01", status: "handled" });
    await buildCase(db, { caseNo: "X-2026-005", unitId: transport.id, assignedOn: "2026-02-20", ownerLeaderId: zhao.id });

    const overdue = await db.item.findUniqueOrThrow({ where: { code: "中央-01" } });
    const silent = await db.item.findUniqueOrThrow({ where: { code: "中央-03" } });
    await buildReport(db, {
      itemId: overdue.id, reporterId: zhang.id, at: at("2026-03-09T15:00:00"),
      photos: [{ flags: "reused" }, { flags: "" }],
    });
    await buildReport(db, {
      itemId: silent.id, reporterId: zhang.id, at: at("2026-01-20T15:00:00"),
      photos: [{ flags: "reused,old", receivedAt: at("2026-03-09T23:59:00") }],
    });
    await buildReport(db, { itemId: overdue.id, reporterId: zhang.id, at: at("2026-03-10T07:00:00"), photos: [{ flags: "old" }] });
    return { housing, water, transport };
  }

  it("lists red items longest overdue first, with unit and person, and marks the newly red", async () => {
    await county();
    const digest = await compose(ledger);
    expect(digest.red.top.map((e) => [e.code, e.unit, e.person, e.overdueDays, e.newlyRed])).toEqual([
      ["中央-01", "住建局", "张三", 10, false],
      ["省-01", "水利局", "王五", 5, false],
      ["中央-02", "住建局", "李四", 1, true],
      ["中央-05", "交通局", null, 0, false],
    ]);
    expect(digest.red.top.find((e) => e.code === "中央-05")!.returnCount).toBe(2);
    expect(digest.red).toMatchObject({ count: 4, newly: 1 });
  });

  it("never counts a long-term item as overdue, only as silent for longer than its period", async () => {
    await county();
    const digest = await compose(ledger);
    const everywhere = [...digest.red.top, ...digest.dueSoon.top, ...digest.stale.top];
    expect(everywhere.filter((e) => e.code === "长期-01")).toEqual([]);
    expect(digest.stale.top.find((e) => e.code === "长期-02")).toMatchObject({ longTerm: true, overdueDays: 0, silentDays: 59 });
  });

  it("counts a long-term item reporting weekly as silent after a week, and never as overdue whatever its deadline column says", async () => {
    const unit = await buildUnit(ledger.db, { name: "林业局" });
    await buildItem(ledger.db, {
      code: "长期-周报", leadUnitId: unit.id, longTerm: true, reportPeriodDays: 7, status: "in_progress",
      deadline: "2025-12-31", lastReportAt: at("2026-03-01T10:00:00"),
    });
    const digest = await compose(ledger);
    expect(digest.stale.top.map((e) => [e.code, e.silentDays])).toEqual([["长期-周报", 9]]);
    expect(digest.units).toMatchObject([{ name: "林业局", today: { red: 0, yellow: 1, green: 0 } }]);
  });

  it("lists items due soon, silent items and items awaiting sign-off", async () => {
    await county();
    const digest = await compose(ledger);
    expect(digest.dueSoon.top.map((e) => [e.code, e.dueInDays])).toEqual([["中央-07", 2], ["省-02", 3]]);
    expect(codes(digest.stale.top)).toEqual(["长期-02", "中央-03"]);
    expect(digest.awaiting.top.map((e) => [e.code, e.waitingDays])).toEqual([["省-01", 4]]);
    expect([digest.dueSoon.count, digest.stale.count, digest.awaiting.count]).toEqual([2, 2, 1]);
  });

  it("counts every open item by light per unit, with yesterday's lights computed as of yesterday", async () => {
    const { housing, water, transport } = await county();
    const digest = await compose(ledger);
    const byUnit = Object.fromEntries(digest.units.map((u) => [u.unitId, [u.today, u.yesterday]]));
    // 中央-02 was due that day (yellow) and is overdue now; 中央-06 was silent 27 days and reported this morning.
    expect(byUnit[housing.id]).toEqual([{ red: 2, yellow: 1, green: 2 }, { red: 1, yellow: 3, green: 1 }]);
    expect(byUnit[water.id]).toEqual([{ red: 1, yellow: 1, green: 0 }, { red: 1, yellow: 1, green: 0 }]);
    // 中央-07 was assigned this morning: it was not there yesterday.
    expect(byUnit[transport.id]).toEqual([{ red: 1, yellow: 2, green: 0 }, { red: 1, yellow: 1, green: 0 }]);
    expect(digest.totals).toEqual({ today: { red: 4, yellow: 4, green: 2 }, yesterday: { red: 3, yellow: 5, green: 1 }, signedOff: 1 });
    expect(digest.units.map((u) => u.name)).toEqual(["住建局", "交通局", "水利局"]);
  });

  it("lists petition cases due within three days or overdue with unit and owning leader, never the petitioner", async () => {
    await county();
    const digest = await compose(ledger);
    expect(digest.cases.top.map((c) => [c.caseNo, c.unit, c.ownerLeader, c.dueInDays])).toEqual([
      ["X-2026-005", "交通局", "赵书记", -3],
      ["X-2026-001", "住建局", "李县长", -2],
      ["X-2026-002", "水利局", null, 2],
    ]);
    const shown = [JSON.stringify(digest), plainText(renderDigest(digest, "zh-CN")), plainText(renderDigest(digest, "en"))].join("\n");
    for (const secret of ["王秘密", "13900000000", "钱隐私"]) expect(shown).not.toContain(secret);
  });

  it("reports yesterday's flagged evidence photos and yesterday's reports and photos", async () => {
    await county();
    const digest = await compose(ledger);
    expect(digest.flags.top.map((f) => [f.itemCode, f.unit, f.flags])).toEqual([
      ["中央-01", "住建局", ["reused"]],
      ["中央-03", "交通局", ["reused", "old"]],
    ]);
    expect(digest.yesterday).toEqual({ day: "2026-03-09", reports: 1, photos: 3 });
  });

  it("takes an extension made since yesterday into account for yesterday's light", async () => {
    const { water } = await county();
    const db = ledger.db;
    const item = await db.item.findUniqueOrThrow({ where: { code: "省-02" } });
    const coordinator = await buildPerson(db, { roles: ["coordinator"] });
    const extendedAt = at("2026-03-10T08:00:00");
    await db.extension.create({ data: { itemId: item.id, fromDay: "2026-03-13", toDay: "2026-04-30", reason: "汛期", byId: coordinator.id, at: extendedAt } });
    await db.item.update({ where: { id: item.id }, data: { deadline: "2026-04-30", updatedAt: extendedAt } });
    const digest = await compose(ledger);
    expect(digest.units.find((u) => u.unitId === water.id)).toMatchObject({
      today: { red: 1, yellow: 0, green: 1 },
      yesterday: { red: 1, yellow: 1, green: 0 },
    });
  });

  it("narrows everything to the given units", async () => {
    const { water } = await county();
    const digest = await compose(ledger, { unitIds: [water.id] });
    expect(digest.units.map((u) => u.name)).toEqual(["水利局"]);
    expect(codes(digest.red.top)).toEqual(["省-01"]);
    expect(digest.cases.top.map((c) => c.caseNo)).toEqual(["X-2026-002"]);
    expect(digest.flags).toEqual({ count: 0, top: [] });
    expect(digest.yesterday).toMatchObject({ reports: 0, photos: 0 });
  });

  it("keeps the first entries of each section in its order and counts all of them", async () => {
    await county();
    const digest = await compose(ledger, { top: 2 });
    expect(codes(digest.red.top)).toEqual(["中央-01", "省-01"]);
    expect(digest.red.count).toBe(4);
    expect(codes(digest.stale.top)).toEqual(["长期-02", "中央-03"]);
    expect(digest.cases).toMatchObject({ count: 3, top: [{ caseNo: "X-2026-005" }, { caseNo: "X-2026-001" }] });
  });

  it("for the dashboard, lists no items but counts the same and keeps the cases", async () => {
    await county();
    const full = await compose(ledger, { top: 2 });
    const counts = await compose(ledger, { top: 2, itemTop: 0 });
    expect(full.red.top.length).toBeGreaterThan(0);
    const unlisted = (s: { count: number }) => ({ ...s, top: [] });
    expect(counts).toEqual({ ...full, red: unlisted(full.red), dueSoon: unlisted(full.dueSoon), stale: unlisted(full.stale), awaiting: unlisted(full.awaiting) });
    expect(counts.cases.top).toHaveLength(2);
  });

  it("agrees, unit by unit, with every item's light computed one by one", async () => {
    await randomCounty(ledger, 300);
    const digest = await compose(ledger);
    const expected = await bruteForce(ledger);
    expect(sorted(digest.units)).toEqual(expected.units);
    expect({
      red: digest.red.count, newly: digest.red.newly, dueSoon: digest.dueSoon.count, stale: digest.stale.count,
      awaiting: digest.awaiting.count, signedOff: digest.totals.signedOff,
    }).toEqual(expected.sections);
  });
});

function sorted(units: DigestData["units"]) {
  return [...units].sort((a, b) => a.unitId - b.unitId).map((u) => ({ unitId: u.unitId, today: u.today, yesterday: u.yesterday, counts: u.counts }));
}

/** Items in every state, with deadlines and reports spread around the digest's day. */
async function randomCounty(ledger: Ledger, count: number) {
  // mulberry32: a seeded generator, so a failure can be replayed.
  let state = 7;
  const random = (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
  const units = [];
  for (let i = 0; i < 6; i++) units.push(await buildUnit(ledger.db));
  const reporter = await buildPerson(ledger.db);
  const coordinator = await buildPerson(ledger.db, { roles: ["coordinator"] });
  const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
  const statuses = ["not_started", "in_progress", "awaiting_signoff", "signed_off", "reopened"];
  for (let i = 0; i < count; i++) {
    const longTerm = random(5) === 0;
    const assignedAt = hoursBefore(random(60 * 24));
    const status = statuses[random(statuses.length)];
    const item = await buildItem(ledger.db, {
      leadUnitId: units[random(units.length)].id,
      status,
      longTerm,
      reportPeriodDays: longTerm && random(2) ? 3 + random(40) : null,
      deadline: longTerm && random(4) > 0 ? null : addDays("2026-03-10", random(50) - 10),
      assignedAt,
      returnCount: random(6) === 0 ? 2 : random(2),
      signedOffAt: status === "signed_off" ? new Date(NOW.getTime() - random(48) * 3_600_000) : null,
      appliedAt: status === "awaiting_signoff" ? new Date(NOW.getTime() - random(48) * 3_600_000) : null,
    });
    // Most items have reports: the latest within the last two days for some, around the stale
    // threshold (where yesterday and today differ) for others; half of them an earlier one too.
    if (random(4) > 0) {
      const latest = random(4) === 0 ? random(48) : random(3) === 0 ? (12 + random(4)) * 24 + random(24) : random(40 * 24);
      for (const hours of random(2) ? [latest, latest + 1 + random(20 * 24)] : [latest]) {
        if (hoursBefore(hours) > assignedAt) await buildReport(ledger.db, { itemId: item.id, reporterId: reporter.id, at: hoursBefore(hours) });
      }
    }
    // Some deadlines moved within the last two days.
    if (item.deadline && random(10) === 0) {
      const toDay = addDays(item.deadline, 5 + random(30));
      const at = hoursBefore(random(48));
      await ledger.db.extension.create({ data: { itemId: item.id, fromDay: item.deadline, toDay, reason: "测试", byId: coordinator.id, at } });
      // Now and then moved twice: yesterday's deadline is the one before the first move.
      const again = random(2) ? addDays(toDay, 10) : null;
      if (again) await ledger.db.extension.create({ data: { itemId: item.id, fromDay: toDay, toDay: again, reason: "测试", byId: coordinator.id, at: NOW } });
      await ledger.db.item.update({ where: { id: item.id }, data: { deadline: again ?? toDay, updatedAt: at } });
    }
  }
}

async function bruteForce(ledger: Ledger) {
  const items = (await ledger.db.item.findMany()).map((i) => ({ ...i, status: i.status as ItemStatus }));
  const asOf = new Date(NOW.getTime() - 86_400_000);
  const changes: ChangesSince = { asOf, deadlineBefore: new Map(), reportBefore: new Map() };
  for (const e of await ledger.db.extension.findMany({ where: { at: { gt: asOf } }, orderBy: [{ at: "asc" }, { id: "asc" }] })) {
    if (!changes.deadlineBefore.has(e.itemId)) changes.deadlineBefore.set(e.itemId, e.fromDay);
  }
  for (const r of await ledger.db.report.findMany({ where: { at: { lte: asOf } } })) {
    const latest = changes.reportBefore.get(r.itemId!);
    if (!latest || latest < r.at) changes.reportBefore.set(r.itemId!, r.at);
  }
  const view = (facts: ItemFacts, day: string) => viewItem(facts, day, (d) => dayOf(d, TZ), DEFAULT_THRESHOLDS);
  const perUnit = new Map<number, { unitId: number; today: Record<string, number>; yesterday: Record<string, number>; counts: Record<string, number> }>();
  const sections = { red: 0, newly: 0, dueSoon: 0, stale: 0, awaiting: 0, signedOff: 0 };
  for (const item of items) {
    let u = perUnit.get(item.leadUnitId);
    if (!u) perUnit.set(item.leadUnitId, (u = { unitId: item.leadUnitId, today: { red: 0, yellow: 0, green: 0 }, yesterday: { red: 0, yellow: 0, green: 0 },
      counts: { open: 0, overdue: 0, dueSoon: 0, stale: 0, awaiting: 0, signedOff: 0 } }));
    const now = view(factsNow(item), "2026-03-10");
    const before = factsAsOf(item, changes);
    const then = before && view(before, "2026-03-09");
    if (then && !then.signedOff) u.yesterday[then.light]++;
    if (now.signedOff) {
      sections.signedOff++;
      u.counts.signedOff!++;
      continue;
    }
    u.today[now.light]++;
    u.counts.open!++;
    if (now.overdue) u.counts.overdue!++;
    if (now.dueSoon) u.counts.dueSoon!++;
    if (now.stale) u.counts.stale!++;
    if (item.status === "awaiting_signoff") u.counts.awaiting!++;
    if (now.light === "red") sections.red++;
    if (now.light === "red" && then?.light !== "red") sections.newly++;
    if (now.dueSoon) sections.dueSoon++;
    if (now.stale && now.light !== "red") sections.stale++;
    if (item.status === "awaiting_signoff") sections.awaiting++;
  }
  return { units: [...perUnit.values()].sort((a, b) => a.unitId - b.unitId), sections };
}
