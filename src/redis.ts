/**
 * Optional Redis: a fast pre-filter shared by several bot processes (seen event ids,
 * locks, rate-limit buckets). Correctness never depends on it: the ledger decides.
 */
import { Redis } from "ioredis";

export type { Redis };

export function openRedis(url: string | undefined, prefix: string): Redis | undefined {
  if (!url) return undefined;
  return new Redis(url, { keyPrefix: prefix, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
}
