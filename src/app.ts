/**
 * Wiring: ledger → pipeline → dispatcher → scheduler, around whichever adapters are
 * configured. main.ts and the demo start this; tests start it with the test adapter.
 */
import { configuredAuditKey } from "./secret";
import type { ChatAdapter, InboundEvent } from "./core/chat";
import { systemClock, type Clock } from "./core/clock";
import type { Thresholds } from "./core/lights";
import { createWorkCalendar, type WorkCalendar } from "./core/workdays";
import { ratesOf, thresholdsOf, type Config } from "./config";
import { createInbox } from "./bot/inbox";
import { createPipeline, type ReplayOutcome, type Route } from "./bot/pipeline";
import { createDispatcher, type Dispatcher } from "./delivery/dispatcher";
import { openLedger, type Ledger } from "./ledger/db";
import { catchUpNearCopies } from "./ledger/near-copies";
import { silentLogger, withLogFields, type Logger } from "./log";
import { ledgerReadiness } from "./ledger/observed";
import { createMetrics, type Metrics } from "./observe/metrics";
import type { ReadinessCheck } from "./observe/server";
import { withinMs, type Redis } from "./redis";
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
  metrics: Metrics;
  /** What /readyz asks: the database, each channel, Redis when configured. */
  readiness: ReadinessCheck[];
  /** An event recorded in the inbox and processed before it resolves (adapters get a sink that resolves once recorded). */
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
  const ledger = opts.ledger ?? (await openLedger({ databaseUrl: config.databaseUrl, auditKey: configuredAuditKey(config) }));
  // The near-copy index is read once here, so the first photo's transaction does not wait for it.
  await catchUpNearCopies(ledger.session);
  const thresholds = thresholdsOf(config);
  const metrics = createMetrics({ ledger, clock });
  const dispatcher = createDispatcher({
    ledger, adapters, clock, log, redis: opts.redis, lang: config.DUBAN_LANG, rates: ratesOf(config),
    onOutcome: (platform, outcome) => metrics.sent(platform, outcome),
  });
  const notify = () => dispatcher.notify();
  const { handle: pipelineHandle, replay } = createPipeline({ ledger, clock, config, log, adapters, thresholds, redis: opts.redis, notify, route: opts.route });
  // Every line logged while an event is processed carries its id; its outcome and time are counted.
  const process = (event: InboundEvent): Promise<void> =>
    withLogFields({ eventId: `${event.chat.platform}:${event.eventId}` }, async () => {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        await pipelineHandle(event);
      } catch (err) {
        metrics.inbound(event.chat.platform, "failed", seconds());
        throw err;
      }
      metrics.inbound(event.chat.platform, "handled", seconds());
    });
  const inbox = createInbox({
    ledger, clock, log, process, leaseMs: config.INBOX_LEASE_MS, sweepMs: config.INBOX_SWEEP_MS,
    // The adapter answers the platform once the event is in the inbox.
    onRecorded: (platform, seconds) => metrics.acknowledged(platform, seconds),
  });
  const handle = inbox.handle;
  const started = new Set<ChatAdapter>();
  const readiness: ReadinessCheck[] = [
    {
      name: "database",
      check: async () => {
        const r = await ledgerReadiness(ledger.session, ledger.kind);
        return r.ready ? null : r.reason;
      },
    },
    ...adapters.map((adapter) => ({
      name: `channel:${adapter.platform}`,
      check: async () => (!started.has(adapter) ? "not started" : adapter.connected && !adapter.connected() ? "not connected" : null),
    })),
    ...(opts.redis ? [{ name: "redis", check: () => redisProblem(opts.redis!) }] : []),
  ];
  const scheduler = createScheduler({ ledger, clock, config, log, redis: opts.redis, calendar, runReminders, notify });

  return {
    config,
    ledger,
    calendar,
    thresholds,
    dispatcher,
    scheduler,
    metrics,
    readiness,
    handle,
    replay,
    async start() {
      // Together: one platform slow to answer at start must not hold up the others.
      await Promise.all(adapters.map(async (adapter) => {
        await adapter.start(inbox.receive);
        started.add(adapter);
      }));
      inbox.start();
      dispatcher.start();
      await scheduler.start();
    },
    async stop() {
      started.clear();
      for (const adapter of adapters) await adapter.stop().catch((err) => log.error("adapter stop failed", { platform: adapter.platform, err }));
      await inbox.stop();
      await scheduler.stop();
      await dispatcher.stop();
      if (!opts.ledger) await ledger.close();
    },
  };
}

async function redisProblem(redis: Redis): Promise<string | null> {
  if (redis.status !== "ready") return `connection ${redis.status}`;
  const pong = await withinMs(redis.ping(), 500, "");
  return pong === "PONG" ? null : "no answer to PING within 500 ms";
}
