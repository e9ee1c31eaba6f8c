/**
 * The Prometheus metrics (prom-client), in a registry of this bot's own rather than the
 * library's global one, so that several bots in one test process do not mix. Events and
 * sends are counted as they happen; depths and totals are read from the ledger when
 * scraped, at most once a second however many gauges ask.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Clock } from "../core/clock";
import type { Platform } from "../core/types";
import type { SendOutcome } from "../delivery/dispatcher";
import type { Ledger } from "../ledger/db";
import { EVIDENCE_FLAGS, observedCounts, RUN_KINDS, type ObservedCounts } from "../ledger/observed";

export type InboundOutcome = "handled" | "failed";

export interface Metrics {
  registry: Registry;
  /** An inbound event's handling ended: how, and how long it took. */
  inbound(platform: Platform, outcome: InboundOutcome, seconds: number): void;
  /** The event was in the inbox (so the platform may be answered) this long after it reached the bot. */
  acknowledged(platform: Platform, seconds: number): void;
  sent(platform: Platform, outcome: SendOutcome): void;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

export function createMetrics(deps: { ledger: Ledger; clock: Clock }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "duban_" });

  const inboundEvents = new Counter({ name: "duban_inbound_events_total", help: "Inbound events by platform and outcome", labelNames: ["platform", "outcome"], registers: [registry] });
  const processing = new Histogram({ name: "duban_inbound_processing_seconds", help: "Time to handle one inbound event", labelNames: ["platform"], buckets: LATENCY_BUCKETS, registers: [registry] });
  const ack = new Histogram({ name: "duban_inbound_ack_seconds", help: "Time from an event reaching the bot to its durable write to the inbox, after which the platform is answered", labelNames: ["platform"], buckets: LATENCY_BUCKETS, registers: [registry] });
  const sends = new Counter({ name: "duban_sends_total", help: "Outbox sends by platform and outcome (rate_limited: a 429)", labelNames: ["platform", "outcome"], registers: [registry] });

  let cached: { at: number; counts: Promise<ObservedCounts> } | null = null;
  const counts = () => {
    const now = deps.clock.now();
    if (!cached || now.getTime() - cached.at >= 1_000) cached = { at: now.getTime(), counts: observedCounts(deps.ledger.session, now) };
    return cached.counts;
  };
  const gauge = (name: string, help: string, labelNames: string[], read: (c: ObservedCounts, g: Gauge) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        read(await counts(), this);
      },
    });
  gauge("duban_outbox_depth", "Outbox rows by state (unsent: pending or being sent)", ["state"], (c, g) => {
    g.set({ state: "unsent" }, c.outboxUnsent);
    g.set({ state: "failed" }, c.outboxFailed);
  });
  gauge("duban_outbox_oldest_age_seconds", "Age of the oldest unsent outbox row", [], (c, g) => g.set(c.outboxOldestAgeS));
  gauge("duban_inbox_depth", "Inbound events received and not yet processed", [], (c, g) => g.set(c.inboxWaiting));
  gauge("duban_inbox_oldest_age_seconds", "Age of the oldest inbound event not yet processed", [], (c, g) => g.set(c.inboxOldestAgeS));
  gauge("duban_dead_letters", "Inbound events that failed by themselves and wait for an admin", [], (c, g) => g.set(c.deadLetters));
  gauge("duban_scheduled_runs", "Digest and reminder runs in the ledger, by kind and state", ["kind", "state"], (c, g) => {
    for (const kind of RUN_KINDS) {
      g.set({ kind, state: "started" }, c.runs[kind].started);
      g.set({ kind, state: "done" }, c.runs[kind].done);
    }
  });
  gauge("duban_evidence_flags", "Photos flagged as evidence to check, by flag", ["flag"], (c, g) => {
    for (const flag of EVIDENCE_FLAGS) g.set({ flag }, c.evidenceFlags[flag]);
  });

  return {
    registry,
    inbound(platform, outcome, seconds) {
      inboundEvents.inc({ platform, outcome });
      processing.observe({ platform }, seconds);
    },
    acknowledged: (platform, seconds) => ack.observe({ platform }, seconds),
    sent: (platform, outcome) => sends.inc({ platform, outcome }),
  };
}
