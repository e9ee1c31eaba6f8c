/**
 * Receiving before processing. An adapter's sink resolves once the event is written to
 * the inbox (one insert), and the adapter answers the platform then: however slow the
 * processing, an event the platform was told we have is in the database. Processing
 * follows from the inbox row under a lease renewed while it runs; the rows of a process
 * that died (or failed on the database) are taken over by a sweep in any process once
 * their lease runs out. The pipeline's own event id makes a second processing a no-op,
 * and its poison handling turns an event that keeps failing by itself into a dead letter.
 */
import type { InboundEvent } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Platform } from "../core/types";
import type { Ledger } from "../ledger/db";
import { abandonedEvents, deferEvent, forgetEvents, receiveEvent, renewLease, takeOverEvent } from "../ledger/inbox-events";
import type { Logger } from "../log";

export interface InboxDeps {
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  /** The pipeline: throws when the world failed (the event is tried again later), returns otherwise. */
  process(event: InboundEvent): Promise<void>;
  /** How long a row stays this process's without a renewal; a dead process's rows wait this long. */
  leaseMs: number;
  /** How often abandoned rows are looked for. */
  sweepMs: number;
  /** The event is in the inbox, this long after it reached the bot: the platform may be answered. */
  onRecorded?(platform: Platform, seconds: number): void;
}

export interface Inbox {
  /** The adapters' sink: resolves once the event is recorded; processing goes on behind. */
  receive(event: InboundEvent): Promise<void>;
  /** Recorded and processed before it resolves (in-process chats, tests, the bench). */
  handle(event: InboundEvent): Promise<void>;
  start(): void;
  /** Stops sweeping and waits for the events being processed. */
  stop(): Promise<void>;
}

const SWEEP_BATCH = 32;
/**
 * Processed rows are deleted together a moment later: one statement for many events, and
 * none on an event's own path. A row whose delete a crash lost is taken over by a sweep and
 * processed as the no-op it is (the event id is in ProcessedEvent).
 */
const FORGET_MS = 20;
const FORGET_BATCH = 256;

export function createInbox(deps: InboxDeps): Inbox {
  const session = deps.ledger.session;
  const inflight = new Set<Promise<void>>();
  const leaseFrom = () => new Date(deps.clock.now().getTime() + deps.leaseMs);
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping = false;
  const processed = new Set<string>();
  let forgetTimer: NodeJS.Timeout | undefined;

  function forgetProcessed(): void {
    clearTimeout(forgetTimer);
    forgetTimer = undefined;
    if (processed.size === 0) return;
    const keys = [...processed];
    processed.clear();
    track(forgetEvents(session, keys).catch((err) => deps.log.warn("processed inbox rows not deleted; a sweep will", { events: keys.length, err })));
  }

  function forget(eventKey: string): void {
    processed.add(eventKey);
    if (processed.size >= FORGET_BATCH) forgetProcessed();
    else if (!forgetTimer) {
      forgetTimer = setTimeout(forgetProcessed, FORGET_MS);
      forgetTimer.unref();
    }
  }

  async function record(event: InboundEvent): Promise<{ eventKey: string; fresh: boolean }> {
    const started = performance.now();
    const eventKey = `${event.chat.platform}:${event.eventId}`;
    const fresh = await receiveEvent(session, { eventKey, event, at: deps.clock.now(), leaseUntil: leaseFrom() });
    deps.onRecorded?.(event.chat.platform, (performance.now() - started) / 1000);
    return { eventKey, fresh };
  }

  /** Processes a row this process holds; a failure leaves it for a later sweep. */
  async function work(eventKey: string, event: InboundEvent, rethrow: boolean): Promise<void> {
    const renewal = setInterval(() => {
      renewLease(session, eventKey, leaseFrom()).catch((err) => deps.log.warn("inbox lease renewal failed", { eventKey, err }));
    }, Math.max(1, Math.floor(deps.leaseMs / 3)));
    renewal.unref();
    try {
      await deps.process(event);
      clearInterval(renewal);
      forget(eventKey);
    } catch (err) {
      clearInterval(renewal);
      deps.log.warn("inbound event left in the inbox for a later try", { eventKey, err });
      // The lease's length again before another try: the database may still be down.
      await deferEvent(session, eventKey, leaseFrom()).catch(() => {});
      if (rethrow) throw err;
    }
  }

  function track(p: Promise<void>): void {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }

  async function sweep(): Promise<void> {
    if (sweeping) return;
    sweeping = true;
    try {
      const now = deps.clock.now();
      for (const eventKey of await abandonedEvents(session, now, SWEEP_BATCH)) {
        const event = await takeOverEvent(session, eventKey, now, leaseFrom());
        if (!event) continue;
        deps.log.info("inbound event taken over from the inbox", { eventKey });
        track(work(eventKey, event, false));
      }
    } catch (err) {
      deps.log.warn("inbox sweep failed", { err });
    } finally {
      sweeping = false;
    }
  }

  return {
    async receive(event) {
      const { eventKey, fresh } = await record(event);
      // A redelivery of a row still waiting: its holder, or the sweep, processes it.
      if (fresh) track(work(eventKey, event, false).catch(() => {}));
    },
    async handle(event) {
      const { eventKey } = await record(event);
      await work(eventKey, event, true);
    },
    start() {
      sweeper ??= setInterval(() => void sweep(), deps.sweepMs);
      sweeper.unref();
      void sweep();
    },
    async stop() {
      clearInterval(sweeper);
      sweeper = undefined;
      while (sweeping || inflight.size > 0 || processed.size > 0) {
        await Promise.allSettled([...inflight]);
        forgetProcessed();
        if (sweeping) await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
