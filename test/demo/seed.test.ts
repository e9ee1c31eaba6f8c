/**
 * The demo's invented county: enough of every kind of thing that each flow in DOMAIN.md
 * can be tried, and never written where a real ledger lives.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseDeadline } from "../../src/core/petition";
import { addDays, dayOf } from "../../src/core/days";
import { demoEnv } from "../../src/demo/env";
import { demoPeople, seedDemo } from "../../src/demo/seed";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { demoLedgerState } from "../../src/ledger/demo";
import { seedCounty } from "../support/county";
import { plainText, type OutboundMessage } from "../../src/core/chat";
import { itemHistory } from "../../src/ledger/history";
import { createTestDatabase, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

const tz = "Asia/Shanghai";
const now = new Date();
const today = dayOf(now, tz);

let database: TestDatabase;
let ledger: Ledger;
beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
  expect(await demoLedgerState(ledger.session)).toBe("empty");
  await seedDemo(ledger, { now, tz, dataDir: database.dataDir, maxPhotoBytes: 20 * 1024 * 1024 });
});
afterAll(async () => {
  await ledger.close();
  await database.drop();
});

describe("the demo ledger", () => {
  it("has thirty-odd items in every state, counted from today", async () => {
    const items = await ledger.db.item.findMany({ include: { _count: { select: { photos: true } } } });
    expect(items.length).toBeGreaterThanOrEqual(30);
    const statuses = new Set(items.map((i) => i.status));
    for (const s of ["not_started", "in_progress", "awaiting_signoff", "signed_off", "reopened"]) expect(statuses).toContain(s);
    const open = items.filter((i) => i.status !== "signed_off");
    expect(open.filter((i) => i.deadline && i.deadline < today).length).toBeGreaterThanOrEqual(3);
    expect(open.filter((i) => i.deadline && i.deadline >= today && i.deadline <= addDays(today, 7)).length).toBeGreaterThanOrEqual(3);
    expect(items.filter((i) => i.longTerm && i.deadline === null).length).toBeGreaterThanOrEqual(2);
    expect(items.some((i) => i.returnCount >= 2)).toBe(true);
    expect(items.some((i) => i.deadline !== i.originalDeadline)).toBe(true);
    for (const i of items.filter((x) => x.status === "awaiting_signoff")) {
      expect(i._count.photos).toBeGreaterThan(0);
      expect(i.appliedById).not.toBeNull();
    }
    for (const i of items.filter((x) => x.status === "signed_off")) {
      expect(i.signedOffById).not.toBe(i.appliedById);
      expect(i.lookbackDue).not.toBeNull();
    }
  });

  it("has real evidence photos, reports from yesterday, and photos the checks flag", async () => {
    const photos = await ledger.db.photo.findMany();
    expect(photos.length).toBeGreaterThan(30);
    expect(photos.every((p) => p.phash && p.mime === "image/jpeg")).toBe(true);
    expect(photos.map((p) => p.flags)).toEqual(expect.arrayContaining(["reused", "old"]));
    const yesterday = await ledger.db.report.findMany({ where: { at: { gte: new Date(now.getTime() - 2 * 86_400_000) } } });
    expect(yesterday.length).toBeGreaterThan(0);
  });

  it("holds the pending applications in the office's room, with their photos and a 查看详情 that shows the history's photos", async () => {
    const notices = await ledger.db.outbox.findMany({ where: { key: { startsWith: "demo:application:" } } });
    expect(notices.length).toBeGreaterThanOrEqual(2);
    for (const row of notices) {
      const message = JSON.parse(row.payload) as OutboundMessage;
      expect(row.chatId).toBe("office");
      expect(plainText(message)).toContain("销号申请：");
      expect(message.images!.length).toBeGreaterThan(0);
      const details = message.buttons!.flat().find((b) => b.label === "查看详情")!;
      const code = /^history:(.+):0$/.exec(details.data)![1]!;
      const item = await ledger.db.item.findUniqueOrThrow({ where: { code } });
      const { entries } = await itemHistory(ledger.session, item.id, { page: 0, limit: 8 });
      expect(entries.flatMap((e) => (e.kind === "report" ? e.photos : [])).length).toBeGreaterThan(0);
      expect(entries.map((e) => e.kind)).toContain("applied");
    }
  });

  it("has a dozen petition cases, some due within days, each petitioner kept apart", async () => {
    const cases = await ledger.db.petitionCase.findMany({ include: { petitioner: true } });
    expect(cases).toHaveLength(12);
    const due = cases.map((c) => caseDeadline(c)?.day).filter((d): d is string => d !== undefined);
    expect(due.filter((d) => d >= today && d <= addDays(today, 3)).length).toBeGreaterThanOrEqual(3);
    expect(due.some((d) => d < today)).toBe(true);
    expect(cases.every((c) => c.petitioner?.name)).toBe(true);
    expect(cases.some((c) => c.repeats !== "")).toBe(true);
  });

  it("has web rooms for the leaders, the office and a unit, and offers one person of each role", async () => {
    const rooms = await ledger.db.chat.findMany({ where: { platform: "web" } });
    expect(rooms.map((r) => r.purpose).sort()).toEqual(["coordinators", "leaders", "unit"]);
    const people = await demoPeople(ledger, "zh-CN");
    const labels = people.map((p) => p.label).join(" ");
    for (const role of ["责任人", "督察整改办", "领导"]) expect(labels).toContain(role);
  });

  it("knows its own database again, and refuses one it did not fill", async () => {
    expect(await demoLedgerState(ledger.session)).toBe("demo");
    const real = await createTestDatabase("sqlite");
    const realLedger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: real.url });
    await seedCounty(realLedger, now);
    expect(await demoLedgerState(realLedger.session)).toBe("other");
    await realLedger.close();
    await real.drop();
  });
});

describe("where the demo keeps its data", () => {
  it("never in the database DATABASE_URL names", () => {
    const prepared = demoEnv({ DATABASE_URL: "file:/srv/duban/duban.db", DUBAN_DATA_DIR: "/srv/duban" });
    expect(prepared).toEqual({ ok: true, env: expect.objectContaining({ DATABASE_URL: "", DUBAN_DATA_DIR: "./data/demo" }) });
  });

  it("refuses to run beside a PostgreSQL DATABASE_URL unless it is given a database of its own", () => {
    const refused = demoEnv({ DATABASE_URL: "postgres://duban@db/duban" });
    expect(refused.ok).toBe(false);
    const own = demoEnv({ DATABASE_URL: "postgres://duban@db/duban", DEMO_DATABASE_URL: "postgres://duban@db/duban_demo" });
    expect(own).toEqual({ ok: true, env: expect.objectContaining({ DATABASE_URL: "postgres://duban@db/duban_demo" }) });
  });
});
