import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { isTransient } from "../../src/bot/failures";
import { Prisma, openLedger } from "../../src/ledger/db";
import { listFailedEvents } from "../../src/ledger/failed-events";
import { DB_KINDS, TEST_AUDIT_KEY } from "../support/databases";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";
import { buggyRoute, POISON, type BuggyRoute } from "../support/poison";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(db: (typeof DB_KINDS)[number], bug: BuggyRoute): Promise<TestDuban> {
  const duban = await startTestDuban({ db, route: bug.route });
  await duban.bindAs("test", "zhang", "official");
  await duban.ledger.db.chat.create({ data: { platform: "test", chatId: "office", purpose: "coordinators", title: "督察整改办工作群" } });
  return duban;
}

async function cli(duban: TestDuban, ...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    env: { DATABASE_URL: duban.database.url, DUBAN_DATA_DIR: duban.database.dataDir, DUBAN_LANG: "zh-CN", LOG_LEVEL: "silent" },
    clock: duban.clock,
    stdout: (c) => void (out += typeof c === "string" ? c : new TextDecoder().decode(c)),
    stderr: (c) => void (err += c),
    tty: null,
  });
  return { code, out, err };
}

const sentTo = (duban: TestDuban, chatId: string) => duban.chat.sent.filter((s) => s.to.chatId === chatId).map((s) => s.text);

describe.each(DB_KINDS)("a message the bot fails on, every time, on %s", (db) => {
  it("is tried three times, recorded as failed, apologised for, and the next message goes through", async () => {
    const bug = buggyRoute();
    t = await start(db, bug);
    await t.say("zhang", `#中央-07-2 ${POISON} 河道清淤完成60%`, { photos: [await jpeg()] });
    await t.say("zhang", "#中央-07-2 河道清淤完成70%");
    const replies = await t.replies();

    expect(bug.fired()).toBe(3);
    expect(replies[0]).toBe("抱歉，这条消息没能处理，已记录并通知管理员。");
    expect(replies.join("\n")).toContain("已记录进展：中央-07-2");
    expect(await t.ledger.db.report.count()).toBe(1);
    const [failed] = await listFailedEvents(t.ledger);
    expect(failed).toMatchObject({ platform: "test", chatId: "dm-zhang", attempts: 3, status: "failed" });
    expect(failed!.error).toContain("TypeError: Cannot read properties of undefined");
    expect(sentTo(t, "office").join()).toContain(`失败记录 #${failed!.id}`);
    expect(sentTo(t, "office").join()).not.toContain("河道清淤");
    expect(await t.ledger.db.auditEvent.count({ where: { action: "inbound.failed" } })).toBe(1);
  });

  it("is not tried again when the platform delivers it again", async () => {
    const bug = buggyRoute();
    t = await start(db, bug);
    const eventId = await t.say("zhang", `${POISON} 中央-07-2 进展`);
    await t.say("zhang", `${POISON} 中央-07-2 进展`, { eventId });
    expect(bug.fired()).toBe(3);
    await t.deliverAll();
    expect(sentTo(t, "dm-zhang")).toEqual(["抱歉，这条消息没能处理，已记录并通知管理员。"]);
  });

  it("is replayed by an admin once fixed, with its photo, and only once", async () => {
    const bug = buggyRoute();
    t = await start(db, bug);
    await t.say("zhang", `#中央-07-2 ${POISON} 河道清淤完成60%`, { photos: [await jpeg()] });
    await t.replies();
    const [failed] = await listFailedEvents(t.ledger);

    const status = await cli(t, "status");
    expect(status.out).toContain("处理失败的消息：1 条");
    expect(status.out).toContain(`#${failed!.id}`);
    // Replayed while the bug is still there: it fails again and stays on the list.
    expect(await t.duban.replay(failed!.id, "admin")).toMatchObject({ state: "failed_again" });
    expect(await listFailedEvents(t.ledger, { status: "failed" })).toMatchObject([{ id: failed!.id, attempts: 4 }]);

    bug.fix();
    expect(await cli(t, "inbound", "retry", String(failed!.id))).toMatchObject({ code: 0, out: `失败记录 #${failed!.id} 已重新处理，回复已排队发送。\n` });
    expect((await t.replies()).join()).toContain("已记录进展：中央-07-2");
    const report = await t.ledger.db.report.findFirstOrThrow({ include: { photos: true } });
    expect(report.percent).toBe(60);
    expect(report.photos).toHaveLength(1);
    expect(await cli(t, "inbound", "retry", String(failed!.id))).toMatchObject({ code: 1, err: `失败记录 #${failed!.id} 已经重新处理过了。\n` });
    expect(await t.ledger.db.report.count()).toBe(1);
    expect((await cli(t, "inbound", "list")).out).toBe("没有处理失败的消息。\n");
    expect(await t.ledger.db.auditEvent.count({ where: { action: { in: ["inbound.replayed", "inbound.replay_failed"] } } })).toBe(2);
  });
});

describe("failures that are the world's, not the message's", () => {
  it("a database that cannot be reached is transient: the message is held, not recorded as failed", async () => {
    const unreachable = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: "postgres://postgres@127.0.0.1:1/nowhere", migrate: false });
    const err = await unreachable.db.unit.count().then(() => null, (e: unknown) => e);
    await unreachable.close().catch(() => undefined);
    expect(err).not.toBeNull();
    expect(isTransient(err)).toBe(true);
  });

  it("a transient error is thrown back to the receiver and leaves nothing behind", async () => {
    const busy = new Prisma.PrismaClientKnownRequestError("Operations timed out after 5000ms", { code: "P1008", clientVersion: "6.19.3" });
    let calls = 0;
    t = await startTestDuban({ route: async () => { calls++; throw busy; } });
    await t.bindAs("test", "zhang", "official");
    await expect(t.say("zhang", "#中央-07-2 河道清淤完成60%")).rejects.toBe(busy);
    expect(calls).toBe(1);
    expect(await t.ledger.db.failedEvent.count()).toBe(0);
    expect(await t.ledger.db.processedEvent.count()).toBe(0);
  });

  it("a bug is not transient", () => {
    expect(isTransient(new TypeError("x is undefined"))).toBe(false);
    expect(isTransient(new Prisma.PrismaClientValidationError("Argument `id`: Invalid value", { clientVersion: "6.19.3" }))).toBe(false);
  });
});

describe("button data is checked before use", () => {
  it.each(["pick:abc:1", "pick:1", "pick:99999999999:1", "accept:", "frobnicate:1", "status"])("%j is answered as a stale button", async (data) => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "", { action: data });
    expect(await t.replies()).toEqual(["此按钮已失效，请重新发送命令。"]);
    expect(await t.ledger.db.failedEvent.count()).toBe(0);
  });
});
