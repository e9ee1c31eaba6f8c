import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainText, type OutboundMessage } from "../../src/core/chat";
import { createWorkCalendar } from "../../src/core/workdays";
import { loadConfig, type Config } from "../../src/config";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { createLogger, silentLogger } from "../../src/log";
import { openRedis, type Redis } from "../../src/redis";
import { runReminders } from "../../src/schedule/reminders";
import { ABANDONED_AFTER_MS, claimRun, finishRun } from "../../src/ledger/scheduled-runs";
import { createScheduler, type SchedulerDeps } from "../../src/schedule/scheduler";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";
import { buildChat, buildItem, buildPerson, buildUnit } from "../support/ledger-builders";

const at = (local: string) => new Date(`${local}+08:00`);

describe.each(DB_KINDS)("the scheduler on %s", (kind) => {
  let database: TestDatabase;
  let config: Config;
  const ledgers: Ledger[] = [];
  const redises: Redis[] = [];
  let ledger: Ledger;
  let clock: { current: Date; now(): Date };
  let reminderRuns: string[];
  let wakeUps: number;

  const open = async () => {
    const l = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
    ledgers.push(l);
    return l;
  };
  const scheduler = (over: Partial<SchedulerDeps> = {}) =>
    createScheduler({
      ledger, clock, config, log: silentLogger, calendar: createWorkCalendar(),
      runReminders: async (deps) => {
        reminderRuns.push(deps.clock.now().toISOString());
        return runReminders(deps);
      },
      notify: () => void wakeUps++,
      ...over,
    });
  const outbox = () => ledger.db.outbox.findMany({ orderBy: { id: "asc" } });
  const digestKeys = async () => (await outbox()).map((o) => o.key).filter((k) => k.startsWith("digest:"));

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    config = loadConfig({ DATABASE_URL: database.url, DUBAN_DATA_DIR: database.dataDir, LOG_LEVEL: "silent" });
    ledger = await open();
    clock = { current: at("2026-03-10T07:00:00"), now() { return this.current; } };
    reminderRuns = [];
    wakeUps = 0;
  });
  afterEach(async () => {
    for (const r of redises.splice(0)) r.disconnect();
    for (const l of ledgers.splice(0)) await l.close();
    await database.drop();
  });

  it("sends a leaders' chat its digest once at its time, and a restarted scheduler does not send it again", async () => {
    const chat = await buildChat(ledger.db, { purpose: "leaders", digestTime: "08:30", platform: "telegram", chatId: "-200" });
    const first = scheduler();
    clock.current = at("2026-03-10T08:29:00");
    await first.tick();
    expect(await outbox()).toEqual([]);

    clock.current = at("2026-03-10T08:30:00");
    await first.tick();
    clock.current = at("2026-03-10T08:31:00");
    await first.tick();
    const [sent] = await outbox();
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`]);
    expect(sent).toMatchObject({ platform: "telegram", chatId: "-200", direct: false });
    expect(plainText(JSON.parse(sent.payload) as OutboundMessage)).toContain("📋 督察整改日报 · 3月10日 周二");
    expect(wakeUps).toBe(1);

    await ledger.close();
    ledger = await open();
    clock.current = at("2026-03-10T08:45:00");
    await scheduler().tick();
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`]);
    expect(await ledger.db.scheduledRun.count({ where: { key: { startsWith: "digest:" } } })).toBe(1);
  });

  it("catches up a digest missed while the bot was down, but does not send yesterday's after midnight", async () => {
    const chat = await buildChat(ledger.db, { purpose: "leaders", digestTime: "08:30" });
    const s = scheduler();
    clock.current = at("2026-03-10T07:00:00");
    await s.tick();
    clock.current = at("2026-03-10T10:00:00");
    await s.tick();
    await s.tick();
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`]);

    clock.current = at("2026-03-11T00:05:00");
    await s.tick();
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`]);
    clock.current = at("2026-03-11T08:30:00");
    await s.tick();
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`, `digest:${chat.id}:2026-03-11`]);
  });

  it("sends nothing to a chat with its digest switched off, nor to a unit's group", async () => {
    const unit = await buildUnit(ledger.db);
    await buildChat(ledger.db, { purpose: "leaders", digestEnabled: false });
    await buildChat(ledger.db, { purpose: "unit", unitId: unit.id });
    clock.current = at("2026-03-10T12:00:00");
    await scheduler().tick();
    expect(await digestKeys()).toEqual([]);
  });

  // Two processes on one SQLite file wait on each other's lock; within one test process that
  // wait would block the very event loop the lock holder needs, so this runs on PostgreSQL.
  it.runIf(kind === "postgres")("sends each digest once when two bot processes on one database tick at the same moment", async () => {
    const chats = [];
    for (let i = 0; i < 3; i++) chats.push(await buildChat(ledger.db, { purpose: i === 2 ? "coordinators" : "leaders", digestTime: "08:30" }));
    const a = scheduler();
    const b = scheduler({ ledger: await open() });
    clock.current = at("2026-03-10T08:30:00");
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect((await digestKeys()).sort()).toEqual(chats.map((c) => `digest:${c.id}:2026-03-10`).sort());
    expect(await ledger.db.scheduledRun.count()).toBe(3);
  });

  it("with Redis in front, sends each digest once and leaves the pre-claim for the day", async () => {
    const prefix = `duban-test:${randomBytes(4).toString("hex")}:`;
    const redisA = openRedis("redis://127.0.0.1:6379", prefix)!;
    const redisB = openRedis("redis://127.0.0.1:6379", prefix)!;
    redises.push(redisA, redisB);
    const chat = await buildChat(ledger.db, { purpose: "leaders", digestTime: "08:30" });
    const a = scheduler({ redis: redisA });
    const b = scheduler({ ledger: await open(), redis: redisB });
    clock.current = at("2026-03-10T09:00:00");
    await Promise.all([a.tick(), b.tick()]);
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`]);
    expect(await redisA.exists(`run:digest:${chat.id}:2026-03-10`)).toBe(1);
    await redisA.del(`run:digest:${chat.id}:2026-03-10`);
    await b.tick();
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`]);
  });

  it("runs the reminders once on a working day from the reminder time, and not on a public holiday", async () => {
    const unit = await buildUnit(ledger.db, { name: "住建局" });
    const official = await buildPerson(ledger.db, { unitId: unit.id, identity: { platform: "telegram", userId: "501" } });
    await buildChat(ledger.db, { purpose: "unit", unitId: unit.id, platform: "telegram", chatId: "-100" });
    await buildItem(ledger.db, { code: "中央-01", leadUnitId: unit.id, personId: official.id, deadline: "2026-03-01", status: "in_progress" });
    const s = scheduler();
    clock.current = at("2026-03-10T08:59:00");
    await s.tick();
    expect(reminderRuns).toEqual([]);
    for (const time of ["09:00", "09:01", "15:00"]) {
      clock.current = at(`2026-03-10T${time}:00`);
      await s.tick();
    }
    expect(reminderRuns).toEqual([at("2026-03-10T09:00:00").toISOString()]);
    expect(await ledger.db.scheduledRun.findUnique({ where: { key: "reminders:2026-03-10" } })).toMatchObject({ doneAt: expect.any(Date) });
    expect((await outbox()).filter((o) => o.key.startsWith("remind:")).length).toBeGreaterThan(0);
    expect(wakeUps).toBe(1);

    clock.current = at("2026-10-01T09:00:00");
    await s.tick();
    expect(reminderRuns).toHaveLength(1);
  });

  it("in a year without holiday data still runs the reminders Monday to Friday, and logs that once a day, not every minute", async () => {
    const lines: string[] = [];
    const s = scheduler({ log: createLogger("warn", (l) => lines.push(l)) });
    for (const time of ["09:00", "09:01", "09:02"]) {
      clock.current = at(`2031-03-10T${time}:00`);
      await s.tick();
    }
    expect(reminderRuns).toEqual([at("2031-03-10T09:00:00").toISOString()]);
    expect(lines.filter((l) => l.includes("no holiday schedule"))).toHaveLength(1);
    expect(lines.find((l) => l.includes("no holiday schedule"))).toContain("2031");

    clock.current = at("2031-03-15T09:00:00");
    await s.tick();
    expect(reminderRuns).toHaveLength(1);
  });

  it("starts with a catch-up tick and stops cleanly", async () => {
    const chat = await buildChat(ledger.db, { purpose: "leaders", digestTime: "08:30" });
    clock.current = at("2026-03-10T11:00:00");
    const s = scheduler();
    await s.start();
    await s.stop();
    expect(await digestKeys()).toEqual([`digest:${chat.id}:2026-03-10`]);
  });

  it("lets a run be claimed once, and taken over only when its process died before finishing", async () => {
    const now = at("2026-03-10T09:00:00");
    const later = (ms: number) => new Date(now.getTime() + ms);
    expect(await claimRun(ledger.session, "reminders:2026-03-10", now)).toBe(true);
    expect(await claimRun(ledger.session, "reminders:2026-03-10", later(60_000))).toBe(false);
    expect(await claimRun(ledger.session, "reminders:2026-03-10", later(ABANDONED_AFTER_MS + 1))).toBe(true);
    expect(await claimRun(ledger.session, "reminders:2026-03-10", later(ABANDONED_AFTER_MS + 2))).toBe(false);
    await finishRun(ledger.session, "reminders:2026-03-10", later(ABANDONED_AFTER_MS + 3));
    expect(await claimRun(ledger.session, "reminders:2026-03-10", later(10 * ABANDONED_AFTER_MS))).toBe(false);
  });
});
