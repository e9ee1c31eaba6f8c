import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainText, type OutboundMessage } from "../../src/core/chat";
import { dayOf } from "../../src/core/days";
import { DEFAULT_THRESHOLDS } from "../../src/core/lights";
import type { Role } from "../../src/core/types";
import { createWorkCalendar } from "../../src/core/workdays";
import { loadConfig, type Config } from "../../src/config";
import { digestCommand, previewDigest, type DigestSetting } from "../../src/bot/commands/digest";
import type { HandlerContext } from "../../src/bot/context";
import { createContext } from "../../src/bot/handler-context";
import { findChatBinding } from "../../src/ledger/inbox";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { silentLogger } from "../../src/log";
import { createScheduler } from "../../src/schedule/scheduler";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";
import { buildChat, buildItem, buildPerson, buildUnit } from "../support/ledger-builders";

const at = (local: string) => new Date(`${local}+08:00`);

describe.each(DB_KINDS)("the /digest command on %s", (kind) => {
  let database: TestDatabase;
  let ledger: Ledger;
  let config: Config;
  let events = 0;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
    config = loadConfig({ DATABASE_URL: database.url, DUBAN_DATA_DIR: database.dataDir, LOG_LEVEL: "silent" });
  });
  afterEach(async () => {
    await ledger.close();
    await database.drop();
  });

  /** Someone with these roles sends the command in the chat at that time; returns the replies. */
  async function send(setting: DigestSetting, who: { roles: Role[]; chatId: string; lang?: string }, now: Date): Promise<string[]> {
    const person = await buildPerson(ledger.db, { name: "周主任", roles: who.roles });
    const chat = await findChatBinding(ledger.session, "test", who.chatId);
    const eventKey = `test:e${++events}`;
    await ledger.tx(async (session) => {
      const ctx = createContext({
        session,
        event: { eventId: eventKey, chat: { platform: "test", chatId: who.chatId, direct: false }, sender: { userId: "u1" }, text: "", media: [], at: now },
        eventKey,
        person: { id: person.id, name: person.name, unitId: null, roles: who.roles, lang: who.lang ?? null },
        chat,
        now,
        today: dayOf(now, config.DUBAN_TZ),
        config,
        clock: { now: () => now },
        thresholds: DEFAULT_THRESHOLDS,
      });
      await digestCommand(ctx as HandlerContext, setting);
    });
    const replies = await ledger.db.outbox.findMany({ where: { key: { startsWith: `reply:${eventKey}:` } }, orderBy: { id: "asc" } });
    return replies.map((r) => plainText(JSON.parse(r.payload) as OutboundMessage));
  }

  const leadersChat = () => buildChat(ledger.db, { purpose: "leaders", chatId: "leaders", digestTime: "08:30" });

  it("refuses anyone but a coordinator or an admin", async () => {
    await leadersChat();
    const replies = await send({ action: "off" }, { roles: ["leader"], chatId: "leaders" }, at("2026-03-10T10:00:00"));
    expect(replies).toEqual(["只有督察整改办或管理员可以设置日报。"]);
    expect(await ledger.db.chat.findFirst({ select: { digestEnabled: true } })).toEqual({ digestEnabled: true });
  });

  it("explains how to bind a chat that is not a leaders' or coordinators' group", async () => {
    const unit = await buildUnit(ledger.db);
    await buildChat(ledger.db, { purpose: "unit", unitId: unit.id, chatId: "unit-group" });
    for (const chatId of ["unit-group", "unknown-group"]) {
      const [reply] = await send({ action: "on" }, { roles: ["coordinator"], chatId }, at("2026-03-10T10:00:00"));
      expect(reply).toContain("/设置群 领导");
    }
  });

  it("moves the digest to a new time, with an audit event saying who and what", async () => {
    const chat = await leadersChat();
    const replies = await send({ action: "on", time: "07:45" }, { roles: ["admin"], chatId: "leaders" }, at("2026-03-10T10:00:00"));
    expect(replies).toEqual(["已开启每日日报：每天 07:45 发送到本群。"]);
    expect(await ledger.db.chat.findUniqueOrThrow({ where: { id: chat.id } })).toMatchObject({ digestEnabled: true, digestTime: "07:45" });
    const audit = await ledger.db.auditEvent.findFirstOrThrow({ where: { action: "chat.digest_on" } });
    expect(audit.actor).toBe("周主任");
    expect(JSON.parse(audit.detail)).toMatchObject({ before: { digestTime: "08:30" }, after: { digestTime: "07:45" } });
  });

  it("/digest off stops the scheduled digest, and /digest on brings it back the next day", async () => {
    const chat = await leadersChat();
    await send({ action: "off" }, { roles: ["coordinator"], chatId: "leaders" }, at("2026-03-10T08:00:00"));
    const clock = { current: at("2026-03-10T09:00:00"), now() { return this.current; } };
    const scheduler = createScheduler({
      ledger, clock, config, log: silentLogger, calendar: createWorkCalendar(),
      runReminders: async () => ({ queued: 0 }), notify: () => {},
    });
    await scheduler.tick();
    expect(await ledger.db.outbox.count({ where: { key: { startsWith: "digest:" } } })).toBe(0);

    await send({ action: "on" }, { roles: ["coordinator"], chatId: "leaders" }, at("2026-03-10T21:00:00"));
    clock.current = at("2026-03-11T08:30:00");
    await scheduler.tick();
    const digests = await ledger.db.outbox.findMany({ where: { key: { startsWith: "digest:" } }, select: { key: true } });
    expect(digests).toEqual([{ key: `digest:${chat.id}:2026-03-11` }]);
  });

  it("/digest now replies with the digest at once, in the chat's language", async () => {
    await buildChat(ledger.db, { purpose: "coordinators", chatId: "office", lang: "en" });
    const unit = await buildUnit(ledger.db, { name: "住建局" });
    await buildItem(ledger.db, { code: "中央-01", leadUnitId: unit.id, deadline: "2026-03-01", status: "in_progress", personName: "张三" });
    const [reply] = await send({ action: "now" }, { roles: ["coordinator"], chatId: "office" }, at("2026-03-10T15:00:00"));
    expect(reply).toContain("📋 Rectification digest · Tue 10 Mar");
    expect(reply).toContain("中央-01 | 住建局 | 张三 | overdue 9 days");
  });

  it("previews exactly the text the scheduler sends at that time", async () => {
    const chat = await leadersChat();
    const unit = await buildUnit(ledger.db, { name: "住建局" });
    await buildItem(ledger.db, { code: "中央-01", leadUnitId: unit.id, deadline: "2026-03-12", status: "in_progress" });
    const when = at("2026-03-10T08:30:00");
    const preview = await previewDigest(ledger, config, chat.id, when);
    await createScheduler({
      ledger, clock: { now: () => when }, config, log: silentLogger, calendar: createWorkCalendar(),
      runReminders: async () => ({ queued: 0 }), notify: () => {},
    }).tick();
    const sent = await ledger.db.outbox.findUniqueOrThrow({ where: { key: `digest:${chat.id}:2026-03-10` } });
    expect(preview).toBe(plainText(JSON.parse(sent.payload) as OutboundMessage));
    expect(preview).toContain("中央-01｜住建局｜2天后到期");
  });
});
