/** SQLite's "database is locked": another connection holds the write lock for a moment. */

const TRIES = 8;
const FIRST_WAIT_MS = 50;

export function isBusy(err: unknown, depth = 0): boolean {
  if (depth > 5 || err === null || typeof err !== "object") return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  // Prisma reports SQLITE_BUSY as P1008 (operation timed out).
  if (code === "P1008" || code === "SQLITE_BUSY" || code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_LOCKED") return true;
  if (typeof message === "string" && /database is locked|SQLITE_BUSY|Socket timeout/.test(message)) return true;
  return isBusy((err as { cause?: unknown }).cause, depth + 1);
}

/** Runs fn again while SQLite answers busy, waiting 50 ms, 100 ms, … (about 6 s in all), then lets the error through. */
export async function retryWhileBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= TRIES || !isBusy(err)) throw err;
      await new Promise((r) => setTimeout(r, FIRST_WAIT_MS * 2 ** (attempt - 1)));
    }
  }
}
