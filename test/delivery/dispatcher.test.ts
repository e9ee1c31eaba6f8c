import { describe, expect, it, vi } from "vitest";
import { createDispatcher, type DispatcherDeps } from "../../src/delivery/dispatcher";
import { outboxHealth } from "../../src/ledger/outbox";
import { silentLogger } from "../../src/log";
import { systemClock } from "../../src/core/clock";
import { DB_KINDS } from "../support/databases";
import { createTestAdapter, PlatformError, type TestAdapter } from "../support/test-adapter";
import { group, manualClock, onCleanup, queue, rowOf, testLedger, textMessage, type ManualClock } from "./fixtures";
import type { Ledger } from "../../src/ledger/db";

function dispatcherFor(ledger: Ledger, adapter: TestAdapter, clock: ManualClock, extra: Partial<DispatcherDeps> = {}) {
  return createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger, ...extra });
}

/** Moves the clock to when the row may be tried again. */
async function untilRetry(ledger: Ledger, clock: ManualClock, key: string) {
  clock.set((await rowOf(ledger, key)).notBefore);
}

describe.each(DB_KINDS)("delivering the outbox on %s", (kind) => {
  it("sends a queued message once and marks it sent with the platform's message id", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    const dispatcher = dispatcherFor(ledger, adapter, clock);
    await queue(ledger, clock, "receipt:report:1", group("g1"), "已收到 中央-07-2 的进展");

    expect(await dispatcher.runOnce()).toBe(1);
    expect(await dispatcher.runOnce()).toBe(0);

    expect(adapter.sent.map((s) => [s.to.chatId, s.text])).toEqual([["g1", "已收到 中央-07-2 的进展"]]);
    const row = await rowOf(ledger, "receipt:report:1");
    expect(row).toMatchObject({ status: "sent", messageId: adapter.sent[0]!.messageId, attempts: 1, leaseUntil: null });
    expect(row.sentAt).toEqual(clock.now());
  });

  it("waits for a message's notBefore", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    const dispatcher = dispatcherFor(ledger, adapter, clock);
    await queue(ledger, clock, "receipt:report:2", group("g1"), "已收到 3 张照片", new Date(clock.now().getTime() + 1_500));

    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(1_500);
    expect(await dispatcher.runOnce()).toBe(1);
  });

  it("remembers what a sent message was about, so a reply to it is understood", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    await queue(ledger, clock, "remind:7", group("g1"), textMessage("中央-07-2 还有 3 天到期", { about: { itemCode: "中央-07-2" } }));
    await queue(ledger, clock, "digest:1", group("g1"), "今日台账");

    await dispatcherFor(ledger, adapter, clock).runOnce();

    const remembered = await ledger.db.botMessage.findMany();
    expect(remembered).toEqual([
      { platform: "test", chatId: "g1", messageId: adapter.sent[0]!.messageId, itemCode: "中央-07-2", caseNo: null, at: clock.now() },
    ]);
  });

  it("edits the earlier message where the platform can, and sends a new one where it cannot", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const editing = createTestAdapter({ platform: "telegram" });
    const plain = createTestAdapter({ platform: "web", caps: { editMessages: false } });
    const dispatcher = createDispatcher({ ledger, adapters: [editing, plain], clock, log: silentLogger });
    const update = textMessage("已收到 4 张照片", { edit: "41" });
    await queue(ledger, clock, "receipt:tg", { platform: "telegram", chatId: "t1", direct: false }, update);
    await queue(ledger, clock, "receipt:web", { platform: "web", chatId: "w1", direct: false }, update);

    expect(await dispatcher.runOnce()).toBe(2);

    expect(editing.sent[0]).toMatchObject({ messageId: "41", msg: { edit: "41" } });
    expect(plain.sent[0]!.msg.edit).toBeUndefined();
    expect(plain.sent[0]!.messageId).not.toBe("41");
  });

  it("delivers once, later, through a platform that fails twice and then recovers", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    adapter.failNext(2);
    const dispatcher = dispatcherFor(ledger, adapter, clock);
    await queue(ledger, clock, "notice:1", group("g1"), "请于 12 月 1 日前报送进展");

    expect(await dispatcher.runOnce()).toBe(0);
    const first = await rowOf(ledger, "notice:1");
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    expect(first.notBefore.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(await dispatcher.runOnce()).toBe(0);

    await untilRetry(ledger, clock, "notice:1");
    expect(await dispatcher.runOnce()).toBe(0);
    const second = await rowOf(ledger, "notice:1");
    expect(second.attempts).toBe(2);

    await untilRetry(ledger, clock, "notice:1");
    expect(await dispatcher.runOnce()).toBe(1);
    expect(adapter.sent).toHaveLength(1);
    expect(await rowOf(ledger, "notice:1")).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("backs off longer after each failure, never beyond ten minutes", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    adapter.failNext(12);
    const dispatcher = dispatcherFor(ledger, adapter, clock, { maxAttempts: 20 });
    await queue(ledger, clock, "notice:2", group("g1"), "请报送进展");

    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      await dispatcher.runOnce();
      const row = await rowOf(ledger, "notice:2");
      waits.push(row.notBefore.getTime() - clock.now().getTime());
      clock.set(row.notBefore);
    }
    expect(waits[5]!).toBeGreaterThan(waits[0]! * 4);
    expect(Math.max(...waits)).toBeLessThanOrEqual(10 * 60_000);
    expect(waits[11]!).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it("marks a message the platform refuses (400) as failed after one try, and admins see it", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    adapter.failNext(1, new PlatformError(400));
    const dispatcher = dispatcherFor(ledger, adapter, clock);
    await queue(ledger, clock, "notice:bad", group("g9"), "这条消息会被拒绝");
    await queue(ledger, clock, "notice:ok", group("g1"), "这条正常");

    expect(await dispatcher.runOnce()).toBe(1);
    clock.advance(60 * 60_000);
    expect(await dispatcher.runOnce()).toBe(0);

    expect(await rowOf(ledger, "notice:bad")).toMatchObject({ status: "failed", attempts: 1 });
    const health = await outboxHealth(ledger.session, clock.now());
    expect(health).toMatchObject({ pending: 0, failed: 1, oldestPendingAt: null });
    expect(health.failedRecent).toEqual([
      { id: expect.any(Number), key: "notice:bad", platform: "test", chatId: "g9", lastError: "HTTP 400" },
    ]);
  });

  it("gives up as failed after maxAttempts", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    adapter.failNext(100);
    const dispatcher = dispatcherFor(ledger, adapter, clock, { maxAttempts: 3 });
    await queue(ledger, clock, "notice:3", group("g1"), "平台一直不可用");

    for (let i = 0; i < 5; i++) {
      await dispatcher.runOnce();
      await untilRetry(ledger, clock, "notice:3");
    }

    expect(await rowOf(ledger, "notice:3")).toMatchObject({ status: "failed", attempts: 3, lastError: "HTTP 500" });
    expect(adapter.sent).toEqual([]);
    expect((await outboxHealth(ledger.session, clock.now())).failed).toBe(1);
  });

  it("shows admins what is still waiting, and since when", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const queuedAt = clock.now();
    await queue(ledger, clock, "notice:4", group("g1"), "第一条");
    clock.advance(60_000);
    await queue(ledger, clock, "notice:5", group("g2"), "第二条", new Date(clock.now().getTime() + 60_000));

    expect(await outboxHealth(ledger.session, clock.now())).toEqual({
      pending: 2, sending: 0, failed: 0, oldestPendingAt: queuedAt, oldestDueAt: queuedAt, stuck: 0, failedRecent: [],
    });
  });

  it("resends a message whose sender died mid-send, once its lease has run out", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    const dispatcher = dispatcherFor(ledger, adapter, clock, { leaseMs: 60_000 });
    await queue(ledger, clock, "notice:6", group("g1"), "发送中进程退出");
    // Another process claimed it and died: the row is left 'sending' under its lease.
    await ledger.db.outbox.update({
      where: { key: "notice:6" },
      data: { status: "sending", attempts: 1, leaseUntil: new Date(clock.now().getTime() + 60_000) },
    });

    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(60_001);
    expect(await dispatcher.runOnce()).toBe(1);

    expect(adapter.sent.map((s) => s.text)).toEqual(["发送中进程退出"]);
    expect(await rowOf(ledger, "notice:6")).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("takes over a dead sender's chat as soon as its lease runs out, while another chat is still streaming", async () => {
    const ledger = await testLedger(kind);
    const adapter = createTestAdapter({ caps: { rate: { perChat: { count: 1, perMs: 250 }, global: { count: 100, perMs: 1_000 } } } });
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock: systemClock, log: silentLogger, leaseMs: 20_000 });
    // Chat A has three seconds of messages at its limit, which it sends one after another.
    for (let n = 1; n <= 12; n++) await queue(ledger, systemClock, `a${n}`, group("A"), `A${n}`);
    await queue(ledger, systemClock, "b1", group("B"), "B1");
    // Chat B's head was claimed by a process that died: its lease runs out half a second from now.
    await ledger.db.outbox.update({ where: { key: "b1" }, data: { status: "sending", attempts: 1, leaseUntil: new Date(Date.now() + 500) } });

    expect(await dispatcher.runOnce()).toBe(13);
    const order = adapter.sent.map((s) => s.text);
    expect(order.indexOf("B1")).toBeLessThan(order.indexOf("A12"));
    expect(order.indexOf("B1")).toBeGreaterThan(order.indexOf("A1"));
  });

  it("runs in the background and looks at once when notified", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const sentKeys: string[] = [];
    const adapter = createTestAdapter();
    const dispatcher = dispatcherFor(ledger, adapter, clock, { onSent: (s) => sentKeys.push(s.key) });
    dispatcher.start(24 * 60 * 60_000);
    onCleanup(() => dispatcher.stop());

    await queue(ledger, clock, "notice:7", group("g1"), "后台发送");
    dispatcher.notify();

    await vi.waitFor(() => expect(sentKeys).toEqual(["notice:7"]), { timeout: 10_000 });
    await dispatcher.stop();
    expect(adapter.sent).toHaveLength(1);
  });
});
