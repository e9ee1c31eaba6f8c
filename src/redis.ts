/**
 * Optional Redis: a fast pre-filter shared by several bot processes (seen event ids,
 * locks, rate-limit buckets). Correctness never depends on it: the ledger decides.
 */
import type { Redis } from "ioredis";
import { lazily } from "./lazy";
import { silentLogger, type Logger } from "./log";

export type { Redis };

const ioredis = lazily<typeof import("ioredis")>("ioredis");

/** A lost connection is logged once, when it is lost, and once when it is back; the commands that fail meanwhile are their callers' to handle. */
export function openRedis(url: string | undefined, prefix: string, log: Logger = silentLogger): Redis | undefined {
  if (!url) return undefined;
  const redis = new (ioredis().Redis)(url, { keyPrefix: prefix, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  let lost = false;
  redis.on("error", (err: unknown) => {
    if (lost) return;
    lost = true;
    log.warn("redis connection lost; the ledger decides meanwhile", { err });
  });
  redis.on("ready", () => {
    if (!lost) return;
    lost = false;
    log.info("redis connection is back");
  });
  return redis;
}

/**
 * A Redis answer, or `fallback` after ms: a command to a Redis that is down waits in the
 * client's queue, and nothing on a hot path may wait for it.
 */
export async function withinMs<T>(command: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([command.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}
