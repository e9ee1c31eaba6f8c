/**
 * Sliding-window rate limits: at most `count` grants in any `perMs` window. A sliding
 * log rather than a fixed window, because platforms count messages over any window
 * (a fixed window lets 2×count through around a boundary).
 *
 * Two implementations behind one interface: in memory for a single process, and in
 * Redis (one sorted set per key, updated by a Lua script so the check and the grant
 * are atomic) when several bot processes share a platform's limits. Time comes from
 * the caller's Clock so that tests can move it; processes sharing Redis are assumed
 * to keep their clocks in step (NTP): a skew of d ms shifts the window by d ms.
 */
import { randomBytes } from "node:crypto";
import type { RateLimit } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Redis } from "../redis";

export interface RateLimiter {
  /** Records a grant and returns 0 when one more is allowed now; otherwise records nothing and returns the ms to wait. */
  take(key: string, limit: RateLimit): Promise<number>;
}

export interface MemoryLimiter extends RateLimiter {
  /** take(), answered in the same tick, so that a caller can act on a grant before anything else runs. */
  takeNow(key: string, limit: RateLimit): number;
}

export function createMemoryLimiter(clock: Clock): MemoryLimiter {
  const grants = new Map<string, number[]>();
  const takeNow = (key: string, limit: RateLimit): number => {
    const now = clock.now().getTime();
    const live = (grants.get(key) ?? []).filter((t) => t > now - limit.perMs);
    grants.set(key, live);
    if (live.length < limit.count) {
      live.push(now);
      return 0;
    }
    return Math.max(1, live[0]! + limit.perMs - now);
  };
  return { takeNow, take: async (key, limit) => takeNow(key, limit) };
}

// KEYS[1] the window's sorted set; ARGV: now (ms), count, perMs, a unique member.
// Grants at or before now - perMs have left the window; the oldest live grant says
// when a slot frees up.
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local per = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - per)
if redis.call('ZCARD', KEYS[1]) < count then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], per)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + per - now)
`;

/** Keys land under the connection's keyPrefix, as `rate:<key>`. */
export function createRedisLimiter(redis: Redis, clock: Clock): RateLimiter {
  // Members must be unique even when two processes grant in the same millisecond.
  const self = randomBytes(6).toString("hex");
  let seq = 0;
  return {
    async take(key, limit) {
      const now = clock.now().getTime();
      const member = `${now}:${self}:${seq++}`;
      const wait = await redis.eval(TAKE_SCRIPT, 1, `rate:${key}`, now, limit.count, limit.perMs, member);
      return Number(wait);
    },
  };
}
