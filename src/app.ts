/**
 * Wiring: ledger → pipeline → dispatcher → scheduler, around whichever adapters are
 * configured. main.ts and the demo start this; tests start it with the test adapter.
 */
import type { ChatAdapter, InboundEvent } from "./core/chat";
import { systemClock, type Clock } from "./core/clock";
import type { Thresholds } from "./core/lights";
import { createWorkCalendar, type WorkCalendar } from "./core/workdays";
import { ratesOf, thresholdsOf, type Config } from "./config";
import { createPipeline, type ReplayOutcome, type Route } from "./bot/pipeline";
import { createDispatcher, type Dispatcher } from "./delivery/dispatcher";
import { openLedger, type Ledger } from "./ledger/db";
import { silentLogger, type Logger } from "./log";
import type { Redis } from "./redis";
import { loadYearSchedules } from "./schedule/calendar-files";
import { runReminders } from "./schedule/reminders";
import { createScheduler, type Scheduler } from "./schedule/scheduler";

export interface DubanOptions {
  config: Config;
  adapters: ChatAdapter[];
  clock?: Clock;
  log?: Logger;
  /** An open ledger to use; otherwise one is opened from config.databaseUrl (and closed on stop). */
  ledger?: Ledger;
  redis?: Redis;
  /** The event router; tests pass one with a deliberate bug (one bad event must not block the next). */
  route?: Route;
}

export interface Duban {
  config: Config;
  ledger: Ledger;
  calendar: WorkCalendar;
  thresholds: Thresholds;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  /** The inbound pipeline: every adapter's sink. */
  handle(event: InboundEvent): Promise<void>;
  /** Run a failed event (dead letter) through the pipeline again. */
  replay(id: number, by: string): Promise<ReplayOutcome>;
  /** Start receiving, sending and scheduling. */
  start(): Promise<void>;
  /** Stop receiving, finish in-flight work, close what it opened. */
  stop(): Promise<void>;
}

export async function createDuban(opts: DubanOptions): Promise<Duban> {
  const { config, adapters } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  // A broken calendar file stops the start: deadlines counted on a guess are worse than none.
  const calendar = createWorkCalendar(loadYearSchedules(config.dataDir));
  const ledger = opts.ledger ?? (await openLedger({ databaseUrl: config.databaseUrl }));
  const thresholds = thresholdsOf(config);
  const dispatcher = createDispatcher({ ledger, adapters, clock, log, redis: opts.redis, lang: config.DUBAN_LANG, rates: ratesOf(config) });
  const notify = () => dispatcher.notify();
  const { handle, replay } = createPipeline({ ledger, clock, config, log, adapters, thresholds, redis: opts.redis, notify, route: opts.route });
  const scheduler = createScheduler({ ledger, clock, config, log, redis: opts.redis, calendar, runReminders, notify });

  return {
    config,
    ledger,
    calendar,
    thresholds,
    dispatcher,
    scheduler,
    handle,
    replay,
    async start() {
      // Together: one platform slow to answer at start must not hold up the others.
      await Promise.all(adapters.map((adapter) => adapter.start(handle)));
      dispatcher.start();
      await scheduler.start();
    },
    async stop() {
      for (const adapter of adapters) await adapter.stop().catch((err) => log.error("adapter stop failed", { platform: adapter.platform, err }));
      await scheduler.stop();
      await dispatcher.stop();
      if (!opts.ledger) await ledger.close();
    },
  };
}
