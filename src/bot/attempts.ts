/**
 * Slows down guessing of short secrets (bind codes), per whoever guesses: a few free
 * failures, then each further attempt must wait a delay that doubles with every failure.
 * Keys are chosen by the caller (a platform identity, a client address), so a guesser
 * only ever slows themselves and never locks anyone else out.
 *
 * Kept in the memory of one process: with several bot processes each limits on its own,
 * which multiplies a guesser's rate by the number of processes but keeps the limit free of
 * Redis and the database. Forgotten after a restart, which an attacker cannot cause.
 */

export interface AttemptLimit {
  /** Failures allowed before attempts are held back. */
  free: number;
  /** The wait after the first failure beyond `free`; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one (and after any wait has passed). */
  forgetAfterMs: number;
}

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number; firstRefusal: boolean };

export interface Attempts {
  /** Whether `key` may try now; a refusal says how long to wait and whether it is the first since the last failure. */
  check(key: string, now: Date): Verdict;
  failed(key: string, now: Date): void;
  /** A success clears the key: a person who finally types the right code starts afresh. */
  succeeded(key: string): void;
}

interface Tally {
  failures: number;
  lastAt: number;
  told: boolean;
}

const SWEEP_EVERY_MS = 60_000;

export function createAttempts(limit: AttemptLimit): Attempts {
  const keys = new Map<string, Tally>();
  let sweptAt = 0;

  const waitOf = (r: Tally) =>
    r.failures < limit.free ? 0 : Math.min(limit.firstDelayMs * 2 ** (r.failures - limit.free), limit.maxDelayMs);
  const forgotten = (r: Tally, now: number) => now - r.lastAt >= Math.max(limit.forgetAfterMs, waitOf(r));

  const current = (key: string, now: number): Tally | undefined => {
    const r = keys.get(key);
    if (r && forgotten(r, now)) {
      keys.delete(key);
      return undefined;
    }
    return r;
  };

  return {
    check(key, now) {
      const r = current(key, now.getTime());
      const retryAfterMs = r ? r.lastAt + waitOf(r) - now.getTime() : 0;
      if (!r || retryAfterMs <= 0) return { ok: true };
      const firstRefusal = !r.told;
      r.told = true;
      return { ok: false, retryAfterMs, firstRefusal };
    },
    failed(key, now) {
      const at = now.getTime();
      // Bounded memory under a flood of keys: expired records go at most once a minute.
      if (at - sweptAt >= SWEEP_EVERY_MS) {
        sweptAt = at;
        for (const [k, r] of keys) if (forgotten(r, at)) keys.delete(k);
      }
      const r = current(key, at);
      if (r) Object.assign(r, { failures: r.failures + 1, lastAt: at, told: false });
      else keys.set(key, { failures: 1, lastAt: at, told: false });
    },
    succeeded(key) {
      keys.delete(key);
    },
  };
}
