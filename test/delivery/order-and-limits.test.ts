import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../../src/core/chat";
import { createDispatcher } from "../../src/delivery/dispatcher";
import { silentLogger } from "../../src/log";
import { DB_KINDS } from "../support/databases";
import { createTestAdapter, PlatformError } from "../support/test-adapter";
import { group, manualClock, queue, rowOf, testLedger } from "./fixtures";

const textOf = (msg: OutboundMessage) => (msg.blocks[0] as { text: string }).text;

describe.each(DB_KINDS)("order and pace on %s", (kind) => {
  it("keeps a chat's messages in order while an earlier one is being retried, and other chats go on", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    let firstFails = 2;
    adapter.failWith((to, msg) => (textOf(msg) === "A1" && firstFails-- > 0 ? new PlatformError(503) : undefined));
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger });
    for (const n of [1, 2, 3, 4]) await queue(ledger, clock, `a${n}`, group("A"), `A${n}`);
    await queue(ledger, clock, "b1", group("B"), "B1");

    expect(await dispatcher.runOnce()).toBe(1);
    expect(adapter.sent.map((s) => s.text)).toEqual(["B1"]);

    for (let i = 0; i < 2; i++) {
      clock.set((await rowOf(ledger, "a1")).notBefore);
      await dispatcher.runOnce();
    }

    expect(adapter.sent.map((s) => s.text)).toEqual(["B1", "A1", "A2", "A3", "A4"]);
  });

  it("goes past a chat's failed message to the next one", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    adapter.failNext(1, new PlatformError(403));
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger });
    await queue(ledger, clock, "a1", group("A"), "A1");
    await queue(ledger, clock, "a2", group("A"), "A2");

    expect(await dispatcher.runOnce()).toBe(1);
    expect(adapter.sent.map((s) => s.text)).toEqual(["A2"]);
    expect((await rowOf(ledger, "a1")).status).toBe("failed");
  });

  it("holds a chat's later messages behind one that is not due yet", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger });
    await queue(ledger, clock, "receipt", group("A"), "回执", new Date(clock.now().getTime() + 2_000));
    await queue(ledger, clock, "notice", group("A"), "通知");

    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(2_000);
    expect(await dispatcher.runOnce()).toBe(2);
    expect(adapter.sent.map((s) => s.text)).toEqual(["回执", "通知"]);
  });

  it("never sends a chat more than its per-chat limit, and sends the rest when the window moves on", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter({
      caps: { rate: { perChat: { count: 2, perMs: 60_000 }, global: { count: 100, perMs: 1_000 } } },
    });
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger });
    for (const n of [1, 2, 3, 4, 5]) await queue(ledger, clock, `a${n}`, group("A"), `A${n}`);
    await queue(ledger, clock, "b1", group("B"), "B1");

    // Chats go side by side: only each chat's own order is kept.
    const sentTo = (chat: string) => adapter.sent.filter((s) => s.to.chatId === chat).map((s) => s.text);
    expect(await dispatcher.runOnce()).toBe(3);
    expect([sentTo("A"), sentTo("B")]).toEqual([["A1", "A2"], ["B1"]]);
    clock.advance(30_000);
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(32_000);
    expect(await dispatcher.runOnce()).toBe(2);
    expect([sentTo("A"), sentTo("B")]).toEqual([["A1", "A2", "A3", "A4"], ["B1"]]);
    expect((await rowOf(ledger, "a5")).attempts).toBe(0);
  });

  it("never sends more than the platform-wide limit, waiting for the next slot, oldest messages first", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter({
      caps: { rate: { perChat: { count: 20, perMs: 60_000 }, global: { count: 3, perMs: 1_000 } } },
    });
    const sentAt: number[] = [];
    adapter.failWith(() => void sentAt.push(clock.now().getTime()));
    const sleep = async (ms: number) => clock.advance(ms);
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger, sleep });
    for (const chat of ["A", "B", "C", "D", "E", "F", "G"]) await queue(ledger, clock, chat, group(chat), chat);

    expect(await dispatcher.runOnce()).toBe(7);

    expect(adapter.sent.map((s) => s.text)).toEqual(["A", "B", "C", "D", "E", "F", "G"]);
    const start = sentAt[0]!;
    // The bot keeps the platform-wide window 2 % longer than the platform does.
    expect(sentAt.map((t) => t - start)).toEqual([0, 0, 0, 1_020, 1_020, 1_020, 2_040]);
  });

  it("holds a chat for the retry-after of a 429, while other chats go on", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    adapter.failWith((to) => (to.chatId === "A" && adapter.sent.length === 0 ? new PlatformError(429, { retryAfterMs: 30_000 }) : undefined));
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger });
    await queue(ledger, clock, "a1", group("A"), "A1");
    await queue(ledger, clock, "a2", group("A"), "A2");
    await queue(ledger, clock, "b1", group("B"), "B1");

    expect(await dispatcher.runOnce()).toBe(1);
    expect(adapter.sent.map((s) => s.text)).toEqual(["B1"]);
    expect(await rowOf(ledger, "a1")).toMatchObject({ status: "pending", lastError: "429 too many requests" });

    clock.advance(29_999);
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(1);
    expect(await dispatcher.runOnce()).toBe(2);
    expect(adapter.sent.map((s) => s.text)).toEqual(["B1", "A1", "A2"]);
  });

  it("holds every chat of the platform when the 429 is for the whole bot", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    const adapter = createTestAdapter();
    adapter.failNext(1, new PlatformError(429, { retryAfterMs: 10_000, global: true }));
    const dispatcher = createDispatcher({ ledger, adapters: [adapter], clock, log: silentLogger });
    await queue(ledger, clock, "a1", group("A"), "A1");
    await queue(ledger, clock, "b1", group("B"), "B1");

    // A1 meets the 429; B1 may already have gone out in the same round.
    const early = await dispatcher.runOnce();
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(5_000);
    await queue(ledger, clock, "c1", group("C"), "C1");
    expect(await dispatcher.runOnce()).toBe(0);
    clock.advance(5_000);
    expect(early + (await dispatcher.runOnce())).toBe(3);
    expect(adapter.sent.map((s) => s.text).sort()).toEqual(["A1", "B1", "C1"]);
  });
});
