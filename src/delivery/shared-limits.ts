/**
 * The rate limits several processes share through Redis, falling back to this process's
 * own when Redis fails: a Redis that is down or slow must cost delivery a second at
 * most, never the lease of every claimed row. A call that errs or takes longer than
 * timeoutMs is answered from memory, and Redis is not asked again for retryMs; an outage
 * is logged once when it starts and once when it ends.
 *
 * This process's own grants and pauses are always kept in memory too, and asked first:
 * a 429 learnt before an outage still holds during it, and the windows this process filled
 * while Redis was away still count once it is back. Those grants are handed to Redis then,
 * for the other processes to count as well. A grant Redis records after its answer timed
 * out is not used: the window just looks one fuller than it is, on the safe side.
 */
import type { Clock } from "../core/clock";
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { createMemoryLimiter, createRedisLimiter, isGrant, type Grant, type MemoryLimiter, type Refusal, type Window } from "./rate-limit";

export interface SharedLimiter {
  /** Answered in the same tick when from memory; a promise when Redis is asked. A grant's settle never throws. */
  takeAll(windows: Window[]): Grant | Refusal | Promise<Grant | Refusal>;
  pause(key: string, untilMs: number): Promise<void>;
  /** Where the limits are kept right now. */
  mode(): "shared" | "process";
}

export interface SharedLimiterOptions {
  timeoutMs?: number;
  retryMs?: number;
}

export function createSharedLimiter(redis: Redis | undefined, clock: Clock, log: Logger, opts: SharedLimiterOptions = {}): SharedLimiter {
  const local: MemoryLimiter = createMemoryLimiter(clock);
  if (!redis) return { takeAll: (w) => local.takeAllNow(w), pause: (k, u) => local.pause(k, u), mode: () => "process" };

  const timeoutMs = opts.timeoutMs ?? 500;
  const retryMs = opts.retryMs ?? 1_000;
  const shared = createRedisLimiter(redis, clock);
  let downSince: number | null = null;
  let retryAt = 0;

  // A connection still being made is asked (its queue answers soon); one that was lost is not.
  const lost = () => ["reconnecting", "close", "end"].includes(redis.status);
  const usable = () => !lost() && (downSince === null || Date.now() >= retryAt);
  const failed = (err: unknown) => {
    retryAt = Date.now() + retryMs;
    if (downSince !== null) return;
    downSince = Date.now();
    log.warn("redis unavailable: rate limits are kept by this process until it is back", { err });
  };
  const worked = () => {
    if (downSince === null) return;
    log.info("redis is back: rate limits are shared again", { afterMs: Date.now() - downSince });
    downSince = null;
    const now = clock.now().getTime();
    const live = unshared.splice(0).filter((g) => inWindow(g, now));
    void Promise.all(live.map((g) => withTimeout(shared.record(g.windows, g.at)))).catch(failed);
  };

  // Grants made from memory while Redis was away, until it is back.
  const unshared: { windows: Window[]; at: number }[] = [];
  const inWindow = (g: (typeof unshared)[number], now: number) => g.windows.some((w) => g.at > now - w.limit.perMs);
  const fromMemory = (windows: Window[]): Grant | Refusal => {
    const answer = local.takeAllNow(windows);
    if (!isGrant(answer)) return answer;
    const now = clock.now().getTime();
    const firstLive = unshared.findIndex((g) => inWindow(g, now));
    unshared.splice(0, firstLive < 0 ? unshared.length : firstLive);
    const grant = { windows, at: now };
    unshared.push(grant);
    return {
      settle: async (atMs) => {
        grant.at = Math.max(grant.at, atMs);
        await answer.settle(atMs);
      },
    };
  };

  async function withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    takeAll(windows) {
      if (!usable()) {
        if (lost()) failed(new Error(`redis connection is ${redis.status}`));
        return fromMemory(windows);
      }
      const refusal = local.refusalNow(windows);
      if (refusal) return refusal;
      return withTimeout(shared.takeAll(windows)).then(
        (answer): Grant | Refusal => {
          worked();
          if (!isGrant(answer)) return answer;
          const mine = local.record(windows);
          return {
            async settle(atMs) {
              await mine.settle(atMs);
              // Left unsettled in Redis (failing), the grant counts there from when it was taken.
              if (usable()) await withTimeout(answer.settle(atMs)).then(worked, failed);
            },
          };
        },
        (err: unknown) => {
          failed(err);
          return fromMemory(windows);
        },
      );
    },
    async pause(key, untilMs) {
      await local.pause(key, untilMs);
      if (!usable()) return;
      await withTimeout(shared.pause(key, untilMs)).then(worked, failed);
    },
    mode: () => (downSince === null ? "shared" : "process"),
  };
}
