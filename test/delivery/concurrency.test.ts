import { describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/delivery/dispatcher";
import { silentLogger } from "../../src/log";
import { createTestAdapter } from "../support/test-adapter";
import { group, manualClock, queue, testLedgers, testRedis } from "./fixtures";

// Several processes share a database only on PostgreSQL; SQLite is the one-process setup.
describe("two bot processes on one PostgreSQL database", () => {
  it("send every message exactly once, each chat's in order", async () => {
    // Two connections, as two processes would have; one platform that sees both.
    const [first, second] = await testLedgers("postgres", 2);
    const clock = manualClock();
    const platform = createTestAdapter();
    const chats = ["A", "B", "C", "D", "E", "F"];
    for (let n = 1; n <= 10; n++) {
      for (const chat of chats) await queue(first!, clock, `${chat}${n}`, group(chat), `${chat}${n}`);
    }
    const dispatchers = [first!, second!].map((ledger) =>
      createDispatcher({ ledger, adapters: [platform], clock, log: silentLogger }),
    );

    const sentBy = await Promise.all(dispatchers.map((d) => d.runOnce()));

    expect(sentBy[0]! + sentBy[1]!).toBe(60);
    const texts = platform.sent.map((s) => s.text);
    expect(new Set(texts).size).toBe(60);
    for (const chat of chats) {
      const inChat = platform.sent.filter((s) => s.to.chatId === chat).map((s) => s.text);
      expect(inChat).toEqual(Array.from({ length: 10 }, (_, i) => `${chat}${i + 1}`));
    }
    expect(await first!.db.outbox.count({ where: { status: "sent" } })).toBe(60);
  });

  it("share one platform limit through Redis", async () => {
    const [first, second] = await testLedgers("postgres", 2);
    const clock = manualClock();
    const platform = createTestAdapter({
      caps: { rate: { perChat: { count: 20, perMs: 60_000 }, global: { count: 3, perMs: 60_000 } } },
    });
    for (const chat of ["A", "B", "C", "D", "E", "F", "G", "H"]) await queue(first!, clock, chat, group(chat), chat);
    const { connections } = testRedis(2);
    const dispatchers = [first!, second!].map((ledger, i) =>
      createDispatcher({ ledger, adapters: [platform], clock, log: silentLogger, redis: connections[i] }),
    );

    await Promise.all(dispatchers.map((d) => d.runOnce()));
    expect(platform.sent).toHaveLength(3);
    // The platform's minute, and the bot's headroom on it (2 %).
    clock.advance(61_200);
    await Promise.all(dispatchers.map((d) => d.runOnce()));
    expect(platform.sent).toHaveLength(6);
    expect(new Set(platform.sent.map((s) => s.text)).size).toBe(6);
  });
});
