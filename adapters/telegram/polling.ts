/**
 * Long polling with our own getUpdates loop on grammY's Api rather than bot.start():
 * bot.start advances its offset past an update whose middleware threw, so Telegram would
 * consider it delivered and a failed ledger write would lose it. Here the offset moves past
 * an update only after the sink returned; if the sink throws, the loop backs off and asks
 * again from the same offset, and Telegram hands the update over again.
 */
import { GrammyError, type Api } from "grammy";
import type { Logger } from "../../src/log";

export interface PollingOptions {
  api: Api;
  /** Hands one raw update to the bot; throws when it could not be taken. */
  handle(update: unknown): Promise<void>;
  log: Logger;
  /** Seconds Telegram holds a getUpdates call open when there is nothing to deliver. */
  timeoutSec: number;
  /** First pause after a failure; doubles with every further failure, up to a minute. */
  retryDelayMs: number;
}

export interface Receiver {
  /** Finishes the update in hand, then stops. */
  stop(): Promise<void>;
}

const MAX_DELAY_MS = 60_000;
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

export async function startPolling(opts: PollingOptions): Promise<Receiver> {
  // A webhook left set by an earlier run would make every getUpdates fail with 409.
  await opts.api.deleteWebhook({ drop_pending_updates: false });
  const abort = new AbortController();
  let running = true;
  // Counted apart: a sink that keeps failing must back off even though getUpdates works.
  let pollFailures = 0;
  let sinkFailures = 0;
  const backoff = (err: unknown, failures: number) => pause(delayAfter(err, failures, opts.retryDelayMs), abort.signal);

  const loop = (async () => {
    let offset = 0;
    while (running) {
      let updates: { update_id: number }[];
      try {
        updates = await opts.api.getUpdates(
          { offset, timeout: opts.timeoutSec, allowed_updates: [...ALLOWED_UPDATES] },
          // grammY types its signal parameter with the abort-controller polyfill; Node's is compatible.
          abort.signal as Parameters<Api["getUpdates"]>[1],
        );
      } catch (err) {
        if (!running) break;
        opts.log.warn("telegram: getUpdates failed", { err, failures: ++pollFailures });
        await backoff(err, pollFailures);
        continue;
      }
      pollFailures = 0;
      for (const update of updates) {
        if (!running) break;
        try {
          await opts.handle(update);
        } catch (err) {
          opts.log.error("telegram: update not taken, it will be fetched again", { updateId: update.update_id, err });
          await backoff(err, ++sinkFailures);
          break;
        }
        sinkFailures = 0;
        // Never backwards: an update delivered again keeps its old, smaller id.
        offset = Math.max(offset, update.update_id + 1);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      abort.abort();
      await loop;
    },
  };
}

function delayAfter(err: unknown, failures: number, baseMs: number): number {
  if (err instanceof GrammyError && err.error_code === 429 && err.parameters.retry_after !== undefined) {
    return err.parameters.retry_after * 1000;
  }
  return Math.min(MAX_DELAY_MS, baseMs * 2 ** (failures - 1));
}

/** A sleep that ends early when the receiver stops. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
