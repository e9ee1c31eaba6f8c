/**
 * The clock-driven jobs: each leaders' (and coordinators') chat's daily digest, the
 * reminder run and the look-back asks on working days, and the coordinators' warning while a year's holiday
 * schedule is missing. node-cron only wakes the scheduler every minute; each
 * tick asks the ledger what is due and not yet run, so a tick missed while the bot was
 * down is caught up by the next one the same day, and several processes on one database
 * send everything once (see src/ledger/scheduled-runs.ts).
 */
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../core/clock";
import { addDays, dayOf, timeOf } from "../core/days";
import { sendingCalendar, yearOf, type WorkCalendar } from "../core/workdays";
import type { Config } from "../config";
import { DIGEST_PURPOSES, digestRunKey, sendDigest } from "../digest/send";
import { chatsFor } from "../ledger/chat-recipients";
import type { Ledger } from "../ledger/db";
import { claimRun, finishRun, unclaimedRuns } from "../ledger/scheduled-runs";
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { preclaim, releasePreclaim } from "./runs";
import { runLongTermReminders } from "./long-term";
import { runLookbackAsks } from "./lookbacks";
import { createCalendarReader } from "./calendar";
import { runCalendarWarning } from "./calendar-warning";
import { createAuditSealer } from "./audit-sealer";

export interface SchedulerDeps {
  ledger: Ledger;
  clock: Clock;
  config: Config;
  log: Logger;
  redis?: Redis;
  /** The package's and the data directory's years; years supplied in chat are read from the ledger on every tick. */
  calendar: WorkCalendar;
  runReminders: (deps: { ledger: Ledger; clock: Clock; config: Config; calendar: WorkCalendar }) => Promise<{ queued: number }>;
  /** Wake the delivery dispatcher: there is something new in the outbox. */
  notify: () => void;
}

export interface Scheduler {
  /** Fire every minute from now on, and once right away to catch up. */
  start(): Promise<void>;
  /** Stop firing and wait for a running tick. */
  stop(): Promise<void>;
  /** Do whatever is due at the clock's now and not done yet. */
  tick(): Promise<void>;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { ledger, clock, config, log, redis } = deps;
  const tz = config.DUBAN_TZ;
  let task: ScheduledTask | undefined;
  let running: Promise<void> | undefined;
  const currentCalendar = createCalendarReader(ledger, deps.calendar);
  const sealer = createAuditSealer({ ledger, log });

  async function digests(now: Date): Promise<number> {
    const time = timeOf(now, tz);
    const chats = await chatsFor(ledger.session, { purposes: DIGEST_PURPOSES, digestEnabled: true });
    const due = chats.filter((c) => HHMM.test(c.digestTime) && c.digestTime <= time);
    const today = dayOf(now, tz);
    const unclaimed = new Set(await unclaimedRuns(ledger.session, due.map((c) => digestRunKey(c.id, today)), now));
    let sent = 0;
    for (const chat of due) {
      if (!unclaimed.has(digestRunKey(chat.id, today))) continue;
      try {
        if (await sendDigest({ ledger, config, log, redis }, chat, now)) {
          sent++;
          log.info("digest queued", { chat: chat.id, day: today });
        }
      } catch (err) {
        log.error("digest failed", { chat: chat.id, day: today, err });
      }
    }
    return sent;
  }

  // A year without holiday data still gets its reminders, Monday to Friday: better one on
  // a holiday than a deadline passing unnoticed. Said once a day rather than every minute.
  let calendarMissingSaid: string | undefined;
  function workday(calendar: WorkCalendar, day: string): boolean {
    if (!calendar.covers(yearOf(day)) && calendarMissingSaid !== day) {
      log.warn("no holiday schedule: reminders go out Monday to Friday", { year: yearOf(day), day });
      calendarMissingSaid = day;
    }
    return sendingCalendar(calendar).isWorkday(day);
  }

  /**
   * A daily or monthly run under `key`, once across processes: skipped when already run or
   * when `due` says no, claimed (Redis first, then the ledger), and marked done when `run` returns.
   */
  async function runOnce(key: string, now: Date, due: () => boolean, run: () => Promise<number>): Promise<number> {
    if ((await unclaimedRuns(ledger.session, [key], now)).length === 0) return 0;
    if (!due()) return 0;
    if (!(await preclaim(redis, key, log))) return 0;
    if (!(await claimRun(ledger.session, key, now))) return 0;
    try {
      const queued = await run();
      await finishRun(ledger.session, key, clock.now());
      return queued;
    } catch (err) {
      await releasePreclaim(redis, key, log);
      throw err;
    }
  }

  async function reminders(now: Date, calendar: WorkCalendar): Promise<number> {
    if (timeOf(now, tz) < config.REMINDER_TIME) return 0;
    const today = dayOf(now, tz);
    return runOnce(`reminders:${today}`, now, () => workday(calendar, today), async () => {
      const { queued } = await deps.runReminders({ ledger, clock, config, calendar });
      log.info("reminders queued", { day: today, queued });
      return queued;
    });
  }

  /** On the first working day of a month, after the reminder time: the long-term items' call. */
  async function longTerm(now: Date, calendar: WorkCalendar): Promise<number> {
    if (timeOf(now, tz) < config.REMINDER_TIME) return 0;
    const today = dayOf(now, tz);
    const month = today.slice(0, 7);
    if (!workday(calendar, today)) return 0;
    const sending = sendingCalendar(calendar);
    let first = `${month}-01`;
    while (first < today && !sending.isWorkday(first)) first = addDays(first, 1);
    if (first !== today) return 0;
    return runOnce(`longterm:${month}`, now, () => true, async () => {
      const missingYear = calendar.covers(yearOf(today)) ? null : yearOf(today);
      const { queued } = await runLongTermReminders({ ledger, config, now, missingYear });
      log.info("long-term reminders queued", { month, queued });
      return queued;
    });
  }

  /** On working days, after the reminder time: the units asked for their look-backs' fresh photos. */
  async function lookbacks(now: Date, calendar: WorkCalendar): Promise<number> {
    if (timeOf(now, tz) < config.REMINDER_TIME) return 0;
    const today = dayOf(now, tz);
    return runOnce(`lookbacks:${today}`, now, () => workday(calendar, today), async () => {
      const { queued } = await runLookbackAsks({ ledger, config, now });
      log.info("look-back asks queued", { day: today, queued });
      return queued;
    });
  }

  async function tick(): Promise<void> {
    const now = clock.now();
    let queued = 0;
    const failures: unknown[] = [];
    // The years supplied in chat cannot be read: the rest still runs, on the files' and package's years.
    const calendar = await currentCalendar().catch((err: unknown) => {
      failures.push(err);
      return deps.calendar;
    });
    const warning = (at: Date, c: WorkCalendar) => runCalendarWarning({ ledger, config, log }, c, at);
    for (const job of [digests, reminders, longTerm, lookbacks, warning]) {
      try {
        queued += await job(now, calendar);
      } catch (err) {
        failures.push(err);
      }
    }
    if (queued > 0) deps.notify();
    if (failures.length > 0) throw new AggregateError(failures, "scheduled jobs failed");
  }

  // One tick at a time: a slow one is awaited by stop() and not overlapped by the next.
  async function guardedTick(): Promise<void> {
    if (running) return;
    running = tick()
      .catch((err: unknown) => log.error("scheduler tick failed", { err, causes: err instanceof AggregateError ? err.errors : undefined }))
      .finally(() => {
        running = undefined;
      });
    await running;
  }

  return {
    tick,
    async start() {
      task = cron.schedule("* * * * *", guardedTick, { timezone: tz, noOverlap: true, name: "duban-scheduler" });
      sealer.start();
      await guardedTick();
    },
    async stop() {
      await task?.destroy();
      task = undefined;
      await sealer.stop();
      await running;
    },
  };
}
