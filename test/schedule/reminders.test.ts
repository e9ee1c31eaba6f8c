import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainText, type OutboundMessage } from "../../src/core/chat";
import { createWorkCalendar } from "../../src/core/workdays";
import { loadConfig } from "../../src/config";
import { openLedger, type Db, type Ledger } from "../../src/ledger/db";
import { runReminders } from "../../src/schedule/reminders";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

const calendar = createWorkCalendar();
/** Tuesday March 10, 2026, at nine in the morning in Shanghai. */
const TUESDAY_9AM = "2026-03-10T09:00:00+08:00";

/** A county with one unit, its official, a leader and the unit's group, built row by row. */
async function county(db: Db) {
  const unit = await db.unit.create({ data: { name: "市住建局" } });
  const official = await db.person.create({
    data: { name: "张三", unitId: unit.id, roles: "official", identities: { create: { platform: "telegram", userId: "501" } } },
  });
  const leader = await db.person.create({
    data: { name: "李副县长", roles: "leader", identities: { create: { platform: "telegram", userId: "900" } } },
  });
  await db.chat.create({ data: { platform: "telegram", chatId: "-100", title: "住建局工作群", purpose: "unit", unitId: unit.id } });
  return {
    unit,
    official,
    leader,
    petitionCase: (caseNo: string, batchDue: string, petitioner?: { name: string; contact: string }) =>
      db.petitionCase.create({
        data: {
          caseNo, assignedOn: "2026-03-02", batchDue, summary: "小区旁工地夜间施工噪声扰民", unitId: unit.id,
          ownerLeaderId: leader.id, ownerLeader: leader.name,
          ...(petitioner ? { petitioner: { create: petitioner } } : {}),
        },
      }),
    item: (code: string, deadline: string) =>
      db.item.create({
        data: {
          code, source: "central", title: "建筑工地扬尘治理", leadUnitId: unit.id, personId: official.id,
          originalDeadline: deadline, deadline, status: "in_progress",
          assignedAt: new Date("2026-03-01T02:00:00Z"), lastReportAt: new Date("2026-03-09T02:00:00Z"),
        },
      }),
  };
}

describe.each(DB_KINDS)("the reminder run on %s", (kind) => {
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

  const run = (at: string) =>
    runReminders({
      ledger,
      clock: { now: () => new Date(at) },
      config: loadConfig({ DATABASE_URL: database.url, DUBAN_DATA_DIR: database.dataDir }),
      calendar,
    });

  async function outbox() {
    const rows = await ledger.db.outbox.findMany({ orderBy: { id: "asc" } });
    return rows.map((r) => {
      const message = JSON.parse(r.payload) as OutboundMessage;
      return { chatId: r.chatId, direct: r.direct, message, text: plainText(message) };
    });
  }

  it("a case 3 days before its deadline reminds the unit's group and its official once, even when run twice", async () => {
    const c = await county(ledger.db);
    await c.petitionCase("DC2026-031", "2026-03-13");

    expect(await run(TUESDAY_9AM)).toEqual({ queued: 2 });
    expect(await run("2026-03-10T11:00:00+08:00")).toEqual({ queued: 0 });

    const sent = await outbox();
    expect(sent.map((m) => [m.chatId, m.direct])).toEqual([["-100", false], ["501", true]]);
    expect(sent[0]!.text).toContain("信访件 DC2026-031｜市住建局｜交办时限 2026-03-13｜3天后到期");
    expect(sent[0]!.message.about).toEqual({ caseNo: "DC2026-031" });
  });

  it("an overdue case goes to the owning leader too", async () => {
    const c = await county(ledger.db);
    await c.petitionCase("DC2026-007", "2026-03-08");

    expect(await run(TUESDAY_9AM)).toEqual({ queued: 3 });
    const toLeader = (await outbox()).find((m) => m.chatId === "900");
    expect(toLeader?.direct).toBe(true);
    expect(toLeader?.text).toContain("DC2026-007｜市住建局｜交办时限 2026-03-08｜逾期2天");
  });

  it("a case not yet due sends nothing to anyone", async () => {
    const c = await county(ledger.db);
    await c.petitionCase("DC2026-040", "2026-03-12");

    expect(await run(TUESDAY_9AM)).toEqual({ queued: 0 });
  });

  it("in quiet hours nothing is sent", async () => {
    const c = await county(ledger.db);
    await c.petitionCase("DC2026-007", "2026-03-08");

    expect(await run("2026-03-10T22:00:00+08:00")).toEqual({ queued: 0 });
    expect(await outbox()).toEqual([]);
  });

  it("on a public holiday nothing is sent", async () => {
    const c = await county(ledger.db);
    await c.petitionCase("DC2026-007", "2026-03-08");

    expect(await run("2026-04-06T09:00:00+08:00")).toEqual({ queued: 0 });
  });

  it("a petitioner's name and contact appear in no message", async () => {
    const c = await county(ledger.db);
    await c.petitionCase("DC2026-007", "2026-03-08", { name: "王秀英", contact: "13800001111" });

    expect(await run(TUESDAY_9AM)).toEqual({ queued: 3 });
    const sent = await outbox();
    for (const m of sent) {
      expect(JSON.stringify(m.message)).not.toContain("王秀英");
      expect(JSON.stringify(m.message)).not.toContain("13800001111");
    }
  });

  it("one message per recipient lists all their entries, the overdue first", async () => {
    const c = await county(ledger.db);
    await c.item("中央-07-2", "2026-03-17");
    await c.petitionCase("DC2026-007", "2026-03-08");

    expect(await run(TUESDAY_9AM)).toEqual({ queued: 3 });
    const toGroup = (await outbox()).find((m) => m.chatId === "-100")!;
    expect(toGroup.message.blocks).toEqual([
      { type: "heading", text: "⏰ 督办提醒：2项需要关注" },
      {
        type: "list",
        items: [
          "信访件 DC2026-007｜市住建局｜交办时限 2026-03-08｜逾期2天",
          "中央-07-2 建筑工地扬尘治理｜市住建局｜整改时限 2026-03-17｜7天后到期",
        ],
      },
    ]);
    expect(toGroup.message.about).toBeUndefined();
  });

  it("an item due in 7 days reminds the lead unit's group and the responsible person, not the leader", async () => {
    const c = await county(ledger.db);
    await c.item("中央-07-2", "2026-03-17");

    expect(await run(TUESDAY_9AM)).toEqual({ queued: 2 });
    const sent = await outbox();
    expect(sent.map((m) => m.chatId)).toEqual(["-100", "501"]);
    expect(sent[1]!.message.about).toEqual({ itemCode: "中央-07-2" });
  });

  it("a group with reminders switched off is skipped, and an English group is reminded in English", async () => {
    const c = await county(ledger.db);
    await ledger.db.chat.update({ where: { platform_chatId: { platform: "telegram", chatId: "-100" } }, data: { remindersEnabled: false } });
    await ledger.db.chat.create({ data: { platform: "slack", chatId: "C42", purpose: "unit", unitId: c.unit.id, lang: "en" } });
    await c.item("中央-07-2", "2026-03-10");

    expect(await run(TUESDAY_9AM)).toEqual({ queued: 2 });
    const sent = await outbox();
    expect(sent.map((m) => m.chatId)).toEqual(["C42", "501"]);
    expect(sent[0]!.text).toContain("中央-07-2 建筑工地扬尘治理 | 市住建局 | deadline 2026-03-10 | due today");
  });

  describe("in 2027, a year the package has no holidays for", () => {
    /** A case assigned on Christmas 2026 and not yet accepted: 15 calendar days later is Saturday 9 January. */
    const caseOfChristmas = async (c: Awaited<ReturnType<typeof county>>) =>
      ledger.db.petitionCase.create({
        data: { caseNo: "DC2026-120", assignedOn: "2026-12-25", summary: "河道采砂扬尘", unitId: c.unit.id, ownerLeaderId: c.leader.id, ownerLeader: c.leader.name },
      });

    it("a weekday still gets its reminders, the statutory deadline counted in calendar days, each message saying the schedule is missing", async () => {
      const c = await county(ledger.db);
      await caseOfChristmas(c);

      // Wednesday 6 January 2027: three days before the acceptance deadline.
      expect(await run("2027-01-06T09:00:00+08:00")).toEqual({ queued: 2 });
      const [toGroup] = await outbox();
      expect(toGroup!.text).toContain("信访件 DC2026-120｜市住建局｜受理时限 2027-01-09｜3天后到期");
      expect(toGroup!.text).toContain("注：2027年节假日安排尚未录入，提醒暂按周一至周五发送，请督察整改办用 /节假日 2027 录入。");
    });

    it("Friday speaks for the weekend, as in a year with data, and an English group reads the note in English", async () => {
      const c = await county(ledger.db);
      await ledger.db.chat.update({ where: { platform_chatId: { platform: "telegram", chatId: "-100" } }, data: { lang: "en" } });
      await caseOfChristmas(c);

      // Friday 8 January: the deadline is tomorrow, Saturday, when no reminder goes out.
      expect(await run("2027-01-08T09:00:00+08:00")).toEqual({ queued: 2 });
      const [toGroup] = await outbox();
      expect(toGroup!.text).toContain("DC2026-120 | 市住建局 | acceptance deadline 2027-01-09 | due in 1 day");
      expect(toGroup!.text).toContain("Note: the 2027 holiday schedule is missing, so reminders go out Monday to Friday.");
      expect(await run("2027-01-09T09:00:00+08:00")).toEqual({ queued: 0 });
    });

    it("once the year is supplied the note is gone", async () => {
      const c = await county(ledger.db);
      await caseOfChristmas(c);
      const with2027 = createWorkCalendar([{ year: 2027, holidays: ["2027-01-01"], workdays: [] }]);
      await runReminders({
        ledger, clock: { now: () => new Date("2027-01-06T09:00:00+08:00") },
        config: loadConfig({ DATABASE_URL: database.url, DUBAN_DATA_DIR: database.dataDir }), calendar: with2027,
      });
      const [toGroup] = await outbox();
      expect(toGroup!.text).toContain("受理时限 2027-01-09");
      expect(toGroup!.text).not.toContain("节假日安排尚未录入");
    });
  });
});
