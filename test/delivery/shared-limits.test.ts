import { describe, expect, it } from "vitest";
import { isGrant, type Grant, type Refusal } from "../../src/delivery/rate-limit";
import { createSharedLimiter } from "../../src/delivery/shared-limits";
import { silentLogger } from "../../src/log";
import { openRedis } from "../../src/redis";
import { startOwnRedis } from "../support/redis-server";
import { manualClock, onCleanup } from "./fixtures";

const chat = { key: "slack:C1", limit: { count: 1, perMs: 1_000 } };
const platform = { key: "slack", limit: { count: 50, perMs: 1_000 } };

async function take(limiter: ReturnType<typeof createSharedLimiter>): Promise<Grant | Refusal> {
  return limiter.takeAll([chat, platform]);
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("rate limits shared through Redis", () => {
  it("still count the sends a process made while Redis was away, in every process, once it is back", async () => {
    const own = await startOwnRedis();
    onCleanup(() => own.kill());
    const clock = manualClock();
    const [one, two] = [0, 1].map(() => openRedis(own.url, "duban-test:")!);
    onCleanup(async () => [one, two].forEach((c) => c!.disconnect()));
    const first = createSharedLimiter(one, clock, silentLogger, { retryMs: 10 });
    const second = createSharedLimiter(two, clock, silentLogger, { retryMs: 10 });
    expect(isGrant(await take(first))).toBe(true);
    clock.advance(1_000);

    await own.kill();
    await until(async () => one!.status !== "ready", 2_000);
    // Redis is away: the first process sends on its own count.
    expect(isGrant(await take(first))).toBe(true);
    expect(first.mode()).toBe("process");

    await own.start();
    await until(async () => one!.status === "ready" && two!.status === "ready", 5_000);
    await new Promise((r) => setTimeout(r, 20));
    // The first process knows its own send, and tells Redis of it on its first call there.
    expect(await take(first)).toEqual({ index: 0, wait: 1_000 });
    await first.takeAll([{ key: "slack:C2", limit: chat.limit }, platform]);
    expect(first.mode()).toBe("shared");
    await until(async () => (await two!.zcard("rate:slack:C1")) > 0, 2_000);
    // The other process sees it too: the chat's window is full, though Redis was empty when it came back.
    expect(await take(second)).toEqual({ index: 0, wait: 1_000 });
  });
});
