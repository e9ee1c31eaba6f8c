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
 * Platforms count a message when it arrives, which trails its grant by however long the
 * way there took (queued work, a busy machine, the network). So once the platform has
 * answered, the grant is settled at the answer's time, which no arrival is later than:
 * the next grant its window waits for is then counted from there, and a send slow on its
 * way cannot land inside the platform's window of the one after it.
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

/** A grant in every window of a takeAll(). */
export interface Grant {
  /** The platform answered at atMs (ms since epoch): the grant counts from then (never from earlier). */
  settle(atMs: number): Promise<void>;
}

export const isGrant = (answer: Grant | Refusal): answer is Grant => "settle" in answer;
const waitFor = (answer: Grant | Refusal) => (isGrant(answer) ? 0 : answer.wait);

export interface RateLimiter {
  /** Records a grant and returns 0 when one more is allowed now; otherwise records nothing and returns the ms to wait. */
  take(key: string, limit: RateLimit): Promise<number>;
  /** Grants in every window at once, or in none: the grant, or the first window that refused. */
  takeAll(windows: Window[]): Promise<Grant | Refusal>;
  /** No grants under this key until untilMs (ms since epoch); an earlier pause never shortens a later one. */
  pause(key: string, untilMs: number): Promise<void>;
}

export interface MemoryLimiter extends RateLimiter {
  /** takeAll(), answered in the same tick, so that a caller can act on a grant before anything else runs. */
  takeAllNow(windows: Window[]): Grant | Refusal;
  /** The first window that would refuse now, or null; records nothing. */
  refusalNow(windows: Window[]): Refusal | null;
  /** Records a grant in every window, whatever they hold (one granted elsewhere, as by the shared limits). */
  record(windows: Window[]): Grant;
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
  // Each window's grants stay in time order: its first is the one a full window waits for.
  const insert = (key: string, at: number) => {
    const live = grants.get(key) ?? [];
    const later = live.findIndex((t) => t > at);
    live.splice(later < 0 ? live.length : later, 0, at);
    grants.set(key, live);
  };
  const refusalNow = (windows: Window[]): Refusal | null => {
    const now = clock.now().getTime();
    for (const [index, window] of windows.entries()) {
      const wait = waitOf(window, now);
      if (wait > 0) return { index, wait };
    }
    return null;
  };
  const record = (windows: Window[]): Grant => {
    const now = clock.now().getTime();
    for (const { key } of windows) insert(key, now);
    return {
      settle: async (atMs) => {
        if (atMs <= now) return;
        for (const { key } of windows) {
          const live = grants.get(key) ?? [];
          const at = live.lastIndexOf(now);
          if (at < 0) continue;
          live.splice(at, 1);
          insert(key, atMs);
        }
      },
    };
  };
  const takeAllNow = (windows: Window[]): Grant | Refusal => refusalNow(windows) ?? record(windows);
  return {
    takeAllNow,
    refusalNow,
    record,
    takeAll: async (windows) => takeAllNow(windows),
    take: async (key, limit) => waitFor(takeAllNow([{ key, limit }])),
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

// KEYS: a grant's sorted sets. ARGV: the grant's member, its time (ms), then perMs per key.
// Puts the grant at that time, never earlier than it was (a grant that has left its window
// comes back, counted from then), and keeps each set alive a window longer.
const RECORD_SCRIPT = `
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'GT', ARGV[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 + i]))
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

export interface RedisLimiter extends RateLimiter {
  /** Records a grant made elsewhere at atMs (by a process while Redis was away), whatever the windows hold. */
  record(windows: Window[], atMs: number): Promise<void>;
}

/** Keys land under the connection's keyPrefix, as `rate:<key>` and `pause:<key>`. */
export function createRedisLimiter(redis: Redis, clock: Clock): RedisLimiter {
  // Members must be unique even when two processes grant in the same millisecond.
  const self = randomBytes(6).toString("hex");
  let seq = 0;
  const memberAt = (now: number) => `${now}:${self}:${seq++}`;
  const put = async (windows: Window[], member: string, atMs: number) => {
    await redis.eval(RECORD_SCRIPT, windows.length, ...windows.map((w) => `rate:${w.key}`), member, atMs, ...windows.map((w) => w.limit.perMs));
  };
  const takeAll = async (windows: Window[]): Promise<Grant | Refusal> => {
    const now = clock.now().getTime();
    const member = memberAt(now);
    const keys = [...windows.map((w) => `rate:${w.key}`), ...windows.map((w) => `pause:${w.key}`)];
    const args = windows.flatMap((w) => [w.limit.count, w.limit.perMs]);
    const answer = (await redis.eval(TAKE_ALL_SCRIPT, keys.length, ...keys, now, member, ...args)) as number | [number, number];
    if (Array.isArray(answer)) return { index: Number(answer[0]) - 1, wait: Number(answer[1]) };
    return { settle: async (atMs) => (atMs > now ? put(windows, member, atMs) : undefined) };
  };
  return {
    takeAll,
    record: (windows, atMs) => put(windows, memberAt(atMs), atMs),
    take: async (key, limit) => waitFor(await takeAll([{ key, limit }])),
    async pause(key, untilMs) {
      await redis.eval(PAUSE_SCRIPT, 1, `pause:${key}`, untilMs, clock.now().getTime());
    },
  };
}
