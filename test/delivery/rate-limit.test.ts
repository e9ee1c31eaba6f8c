import { describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { RateLimit } from "../../src/core/chat";
import type { Clock } from "../../src/core/clock";
import { createMemoryLimiter, createRedisLimiter, isGrant, type Grant, type RateLimiter } from "../../src/delivery/rate-limit";
import { manualClock, onCleanup, REDIS_URL, testRedis } from "./fixtures";

type Make = (clock: Clock, processes: number) => RateLimiter[];
const kinds: [string, Make][] = [
  ["in memory", (clock) => [createMemoryLimiter(clock)]],
  ["in Redis", (clock, processes) => testRedis(processes).connections.map((redis) => createRedisLimiter(redis, clock))],
];

/** Deterministic, so a failure can be replayed. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The most grants found in any window of limit.perMs. */
function busiestWindow(grants: number[], limit: RateLimit): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= limit.perMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe.each(kinds)("the rate limiter %s", (_name, make) => {
  it("grants count sends in a window, then says how long until the oldest leaves it", async () => {
    const clock = manualClock();
    const [limiter] = make(clock, 1);
    const limit = { count: 3, perMs: 1_000 };

    expect([await limiter!.take("telegram", limit), await limiter!.take("telegram", limit), await limiter!.take("telegram", limit)]).toEqual([0, 0, 0]);
    expect(await limiter!.take("telegram", limit)).toBe(1_000);
    clock.advance(400);
    expect(await limiter!.take("telegram", limit)).toBe(600);
    clock.advance(600);
    expect(await limiter!.take("telegram", limit)).toBe(0);
  });

  it("counts each chat on its own", async () => {
    const clock = manualClock();
    const [limiter] = make(clock, 1);
    const limit = { count: 1, perMs: 60_000 };

    expect(await limiter!.take("telegram:-100", limit)).toBe(0);
    expect(await limiter!.take("telegram:-100", limit)).toBeGreaterThan(0);
    expect(await limiter!.take("telegram:-200", limit)).toBe(0);
  });

  it("never grants more than count in any window, however the sends come, and keeps granting", async () => {
    const clock = manualClock();
    const limiters = make(clock, 3);
    const limit = { count: 5, perMs: 1_000 };
    const random = seeded(7);
    const grants: number[] = [];

    for (let step = 0; step < 300; step++) {
      clock.advance(Math.floor(random() * 120));
      const burst = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => limiters[i % limiters.length]!);
      const waits = await Promise.all(burst.map((l) => l.take("slack", limit)));
      for (const wait of waits) if (wait === 0) grants.push(clock.now().getTime());
    }

    expect(busiestWindow(grants, limit)).toBe(limit.count);
    // About 18 s of demand well above the limit: close to 5 per second got through.
    expect(grants.length).toBeGreaterThan(80);
  });
});

describe("the rate limiter in Redis", () => {
  it("is shared by several bot processes", async () => {
    const clock = manualClock();
    const [one, two] = testRedis(2).connections.map((redis) => createRedisLimiter(redis, clock));
    const limit = { count: 2, perMs: 1_000 };

    expect(await one!.take("telegram", limit)).toBe(0);
    expect(await two!.take("telegram", limit)).toBe(0);
    expect(await one!.take("telegram", limit)).toBe(1_000);
    expect(await two!.take("telegram", limit)).toBe(1_000);
  });

  it("keeps its keys under the connection's prefix, expiring with the window", async () => {
    const clock = manualClock();
    const { keyPrefix, connections } = testRedis(1);
    await createRedisLimiter(connections[0]!, clock).take("telegram:-100", { count: 20, perMs: 60_000 });

    const plain = new Redis(REDIS_URL);
    onCleanup(async () => plain.disconnect());
    const ttl = await plain.pttl(`${keyPrefix}rate:telegram:-100`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

/** The first send's grant, which a fresh limiter always gives. */
async function firstGrant(limiter: RateLimiter, windows: Parameters<RateLimiter["takeAll"]>[0]): Promise<Grant> {
  const grant = await limiter.takeAll(windows);
  if (!isGrant(grant)) throw new Error("the first send is granted");
  return grant;
}

describe.each(kinds)("a send's two windows, %s", (_name, make) => {
  const chat = { key: "slack:C1", limit: { count: 1, perMs: 1_000 } };
  const platform = { key: "slack", limit: { count: 2, perMs: 1_000 } };

  it("are granted together or not at all: a chat at its limit costs no platform token", async () => {
    const clock = manualClock();
    const [limiter] = make(clock, 1);

    expect(isGrant(await limiter!.takeAll([chat, platform]))).toBe(true);
    expect(await limiter!.takeAll([chat, platform])).toEqual({ index: 0, wait: 1_000 });
    expect(await limiter!.takeAll([chat, platform])).toEqual({ index: 0, wait: 1_000 });
    // The refused sends took nothing from the platform: one more chat still gets its slot.
    expect(isGrant(await limiter!.takeAll([{ ...chat, key: "slack:C2" }, platform]))).toBe(true);
    expect(await limiter!.takeAll([{ ...chat, key: "slack:C3" }, platform])).toEqual({ index: 1, wait: 1_000 });
  });

  it("wait out a pause (a 429's Retry-After) as if the window were full", async () => {
    const clock = manualClock();
    const [limiter] = make(clock, 1);
    const now = clock.now().getTime();

    await limiter!.pause("slack", now + 5_000);
    await limiter!.pause("slack", now + 2_000);
    expect(await limiter!.takeAll([chat, platform])).toEqual({ index: 1, wait: 5_000 });
    clock.advance(5_000);
    expect(isGrant(await limiter!.takeAll([chat, platform]))).toBe(true);
  });

  it("count a grant from the platform's answer once it is settled, so a slow send never crowds the next", async () => {
    const clock = manualClock();
    const [limiter] = make(clock, 1);
    const grant = await firstGrant(limiter!, [chat, platform]);
    // The platform answered 300 ms later: its window is counted from then.
    clock.advance(300);
    await grant.settle(clock.now().getTime());
    clock.advance(700);
    expect(await limiter!.takeAll([chat, platform])).toEqual({ index: 0, wait: 300 });
    clock.advance(300);
    expect(isGrant(await limiter!.takeAll([chat, platform]))).toBe(true);
  });

  it("never move a grant earlier than it was taken", async () => {
    const clock = manualClock();
    const [limiter] = make(clock, 1);
    const grant = await firstGrant(limiter!, [chat, platform]);
    await grant.settle(clock.now().getTime() - 500);
    clock.advance(600);
    expect(await limiter!.takeAll([chat, platform])).toEqual({ index: 0, wait: 400 });
  });
});

describe("a pause in Redis", () => {
  it("is seen by every process sharing the limits", async () => {
    const clock = manualClock();
    const [one, two] = testRedis(2).connections.map((redis) => createRedisLimiter(redis, clock));

    await one!.pause("slack:C1", clock.now().getTime() + 3_000);
    expect(await two!.take("slack:C1", { count: 10, perMs: 1_000 })).toBe(3_000);
  });
});
