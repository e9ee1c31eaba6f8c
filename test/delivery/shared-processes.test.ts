import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/core/clock";
import { createDispatcher, type Dispatcher } from "../../src/delivery/dispatcher";
import type { Ledger } from "../../src/ledger/db";
import { createLogger, silentLogger, type Logger } from "../../src/log";
import { openRedis, type Redis } from "../../src/redis";
import { startOwnRedis } from "../support/redis-server";
import { createTestAdapter, PlatformError, type TestAdapter } from "../support/test-adapter";
import { group, onCleanup, queue, testLedgers, testRedis } from "./fixtures";

// The fake platform's documented limit, Slack's: one message per chat a second.
const PER_CHAT = { count: 1, perMs: 1_000 };

/** A platform that answers 429 to a chat's message arriving clearly inside its window, and notes when each arrived. */
function limitedPlatform(): { platform: TestAdapter; arrivals: Map<string, number[]>; refused: () => number } {
  const platform = createTestAdapter({ caps: { rate: { perChat: PER_CHAT, global: { count: 1_000, perMs: 1_000 } } } });
  const arrivals = new Map<string, number[]>();
  let refused = 0;
  platform.failWith((to) => {
    const now = Date.now();
    const times = arrivals.get(to.chatId) ?? [];
    // 10 % slack for timer jitter: a send 900 ms after the last is late by the clock, not by the bot.
    if (times.length > 0 && now - times.at(-1)! < PER_CHAT.perMs * 0.9) {
      refused++;
      return new PlatformError(429, { retryAfterMs: PER_CHAT.perMs });
    }
    arrivals.set(to.chatId, [...times, now]);
    return undefined;
  });
  return { platform, arrivals, refused: () => refused };
}

async function until(what: () => boolean, withinMs: number): Promise<number> {
  const start = Date.now();
  while (!what()) {
    if (Date.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

/** `logs`: each process's logger, or one for all. */
function startDispatchers(ledgers: Ledger[], platform: TestAdapter, redis: (Redis | undefined)[], logs: Logger | Logger[] = silentLogger): Dispatcher[] {
  const logOf = (i: number) => (Array.isArray(logs) ? logs[i]! : logs);
  const dispatchers = ledgers.map((ledger, i) => createDispatcher({ ledger, adapters: [platform], clock: systemClock, log: logOf(i), redis: redis[i] }));
  for (const d of dispatchers) d.start(200);
  onCleanup(async () => {
    await Promise.all(dispatchers.map((d) => d.stop()));
  });
  return dispatchers;
}

describe("two bot processes sharing PostgreSQL and Redis", () => {
  it("deliver to each chat at the platform's per-chat limit, within 10 %, and never over it", async () => {
    const ledgers = await testLedgers("postgres", 2);
    const { platform, arrivals, refused } = limitedPlatform();
    const chats = ["A", "B", "C", "D"];
    const perChat = 8;
    for (let n = 1; n <= perChat; n++) for (const chat of chats) await queue(ledgers[0]!, systemClock, `${chat}${n}`, group(chat), `${chat}${n}`);

    startDispatchers(ledgers, platform, testRedis(2).connections);
    await until(() => platform.sent.length === chats.length * perChat, 20_000);

    const limitPerSecond = (PER_CHAT.count * 1_000) / PER_CHAT.perMs;
    for (const chat of chats) {
      // The steady pace: from each chat's second message on. Before it, the two processes
      // are starting up (first connections, Redis loading the limiter's script), and the
      // first gap is the one that carries it.
      const times = arrivals.get(chat)!.slice(1);
      expect(times).toHaveLength(perChat - 1);
      const rate = ((times.length - 1) * 1_000) / (times.at(-1)! - times[0]!);
      expect(rate).toBeGreaterThanOrEqual(limitPerSecond * 0.9);
      expect(rate).toBeLessThanOrEqual(limitPerSecond);
      expect(platform.sent.filter((s) => s.to.chatId === chat).map((s) => s.text)).toEqual(Array.from({ length: perChat }, (_, i) => `${chat}${i + 1}`));
    }
    expect(refused()).toBe(0);
  });

  it("keep sending within a couple of seconds when Redis dies, and when it comes back", async () => {
    const own = await startOwnRedis();
    onCleanup(() => own.kill());
    const ledgers = await testLedgers("postgres", 2);
    const { platform } = limitedPlatform();
    const connections = ledgers.map(() => openRedis(own.url, "duban-test:")!);
    onCleanup(async () => connections.forEach((c) => c.disconnect()));
    const lines: string[][] = ledgers.map(() => []);
    const dispatchers = startDispatchers(ledgers, platform, connections, lines.map((own) => createLogger("warn", (l) => own.push(l))));
    let n = 0;
    const sendSome = async () => {
      const before = platform.sent.length;
      for (const chat of ["A", "B"]) await queue(ledgers[n % 2]!, systemClock, `m${++n}`, group(chat), `m${n}`);
      dispatchers.forEach((d) => d.notify());
      // "A couple of seconds, not minutes": the bound leaves room for a loaded test machine.
      return until(() => platform.sent.length === before + 2, 3_000);
    };

    await sendSome();
    await own.kill();
    await new Promise((r) => setTimeout(r, 300));
    await sendSome();
    await new Promise((r) => setTimeout(r, 2_000));
    await sendSome();
    await own.start();
    await sendSome();

    expect(platform.sent).toHaveLength(8);
    // One warning per process for the outage, not one per message (a process that sent
    // nothing while Redis was away had nothing to warn of).
    const warnings = lines.map((own) => own.filter((l) => l.includes("redis unavailable")).length);
    for (const n of warnings) expect(n).toBeLessThanOrEqual(1);
    expect(warnings.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });
});
