/**
 * Sliding-window rate limits: at most `count` grants in any `perMs` window. A sliding
 * log rather than a fixed window, because platforms count messages over any window
 * (a fixed window lets 2×count through around a boundary).
 *
 * A send needs two grants, its chat's and its platform's. takeAll() checks every
 * window and grants all or none, so a chat at its limit never costs a platform token
 * (a platform token taken for a send its chat then refused would buy no message). A
 * pause (a 429's Retry-After) counts as a full window until it ends; in Redis it is
 * seen by every process sharing the limits.
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

export interface Window {
  key: string;
  limit: RateLimit;
}

/** Which window refused (its index in the list) and the ms until it may grant. */
export interface Refusal {
  index: number;
  wait: number;
}

export interface RateLimiter {
  /** Records a grant and returns 0 when one more is allowed now; otherwise records nothing and returns the ms to wait. */
  take(key: string, limit: RateLimit): Promise<number>;
  /** Grants in every window at once, or in none: null when granted, else the first window that refused. */
  takeAll(windows: Window[]): Promise<Refusal | null>;
  /** No grants under this key until untilMs (ms since epoch); an earlier pause never shortens a later one. */
  pause(key: string, untilMs: number): Promise<void>;
}

export interface MemoryLimiter extends RateLimiter {
  /** takeAll(), answered in the same tick, so that a caller can act on a grant before anything else runs. */
  takeAllNow(windows: Window[]): Refusal | null;
}

export function createMemoryLimiter(clock: Clock): MemoryLimiter {
  const grants = new Map<string, number[]>();
  const pausedUntil = new Map<string, number>();
  const waitOf = ({ key, limit }: Window, now: number): number => {
    const paused = (pausedUntil.get(key) ?? 0) - now;
    if (paused > 0) return paused;
    const live = (grants.get(key) ?? []).filter((t) => t > now - limit.perMs);
    grants.set(key, live);
    return live.length < limit.count ? 0 : Math.max(1, live[0]! + limit.perMs - now);
  };
  const takeAllNow = (windows: Window[]): Refusal | null => {
    const now = clock.now().getTime();
    for (const [index, window] of windows.entries()) {
      const wait = waitOf(window, now);
      if (wait > 0) return { index, wait };
    }
    for (const { key } of windows) grants.get(key)!.push(now);
    return null;
  };
  return {
    takeAllNow,
    takeAll: async (windows) => takeAllNow(windows),
    take: async (key, limit) => takeAllNow([{ key, limit }])?.wait ?? 0,
    pause: async (key, untilMs) => void pausedUntil.set(key, Math.max(untilMs, pausedUntil.get(key) ?? 0)),
  };
}

// KEYS: per window its sorted set, then its pause key. ARGV: now (ms), a unique member,
// then count and perMs per window. Grants at or before now - perMs have left the
// window; the oldest live grant says when a slot frees up. Answers 0 when every window
// granted, else {index (1-based), wait}.
const TAKE_ALL_SCRIPT = `
local now = tonumber(ARGV[1])
local n = #KEYS / 2
for i = 1, n do
  local paused = tonumber(redis.call('GET', KEYS[n + i]) or '0')
  if paused > now then return {i, paused - now} end
  local count = tonumber(ARGV[1 + 2 * i])
  local per = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - per)
  if redis.call('ZCARD', KEYS[i]) >= count then
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    return {i, math.max(1, tonumber(oldest[2]) + per - now)}
  end
end
for i = 1, n do
  redis.call('ZADD', KEYS[i], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 + 2 * i]))
end
return 0
`;

// KEYS[1] the pause key; ARGV: until (ms), now (ms). Keeps the later of two pauses.
const PAUSE_SCRIPT = `
local until_ms = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > current and until_ms > now then
  redis.call('SET', KEYS[1], until_ms, 'PX', until_ms - now)
end
return 0
`;

/** Keys land under the connection's keyPrefix, as `rate:<key>` and `pause:<key>`. */
export function createRedisLimiter(redis: Redis, clock: Clock): RateLimiter {
  // Members must be unique even when two processes grant in the same millisecond.
  const self = randomBytes(6).toString("hex");
  let seq = 0;
  const takeAll = async (windows: Window[]): Promise<Refusal | null> => {
    const now = clock.now().getTime();
    const member = `${now}:${self}:${seq++}`;
    const keys = [...windows.map((w) => `rate:${w.key}`), ...windows.map((w) => `pause:${w.key}`)];
    const args = windows.flatMap((w) => [w.limit.count, w.limit.perMs]);
    const answer = (await redis.eval(TAKE_ALL_SCRIPT, keys.length, ...keys, now, member, ...args)) as number | [number, number];
    if (!Array.isArray(answer)) return null;
    return { index: Number(answer[0]) - 1, wait: Number(answer[1]) };
  };
  return {
    takeAll,
    take: async (key, limit) => (await takeAll([{ key, limit }]))?.wait ?? 0,
    async pause(key, untilMs) {
      await redis.eval(PAUSE_SCRIPT, 1, `pause:${key}`, untilMs, clock.now().getTime());
    },
  };
}
