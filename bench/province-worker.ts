/**
 * One of the province benchmark's three duban processes: `node bench/province-worker.ts
 * <spec.json>` (bundled as `npm start` runs it). The whole app on the shared PostgreSQL
 * ledger and Redis, the test adapter standing in for a platform with Slack's documented
 * limit of about one message a second per channel. At the agreed instant it takes its
 * share of the events, eight in flight, then keeps delivering until the outbox is empty,
 * and answers with its acknowledgement latencies, its sends and its peak memory.
 */
import { readFileSync } from "node:fs";
import { createDuban } from "../src/app";
import { systemClock } from "../src/core/clock";
import { loadConfig } from "../src/config";
import { openLedger } from "../src/ledger/db";
import { outboxHealth } from "../src/ledger/outbox";
import { openRedis } from "../src/redis";
import { createTestAdapter } from "../test/support/test-adapter";
import { PLATFORM } from "./pipeline-seed";
import { answerParent, maxRssEver, sampleRss } from "./support";
import { TEST_AUDIT_KEY } from "../test/support/databases";

export interface ProvinceEvent {
  eventId: string;
  userId: string;
  text: string;
}

export interface WorkerSpec {
  url: string;
  dataDir: string;
  redisUrl: string;
  redisPrefix: string;
  startAt: number;
  events: ProvinceEvent[];
  /** Stop waiting for the outbox to drain this long after the last event was recorded. */
  drainMs: number;
  /** The platform's per-channel limit. */
  perChat: { count: number; perMs: number };
}

export interface WorkerResult {
  pid: number;
  ackMs: number[];
  inbound: { firstMs: number; lastMs: number };
  /** [epoch ms, chat id] of every message this process handed the platform. */
  sends: [number, string][];
  peakRss: number;
  maxRss: number;
}

const IN_FLIGHT = 8;
/** A minutes-long run says how far it has got (stderr passes through to the bench's output). */
const progress = (line: string) => process.stderr.write(`province process ${process.pid}: ${line}\n`);

async function run(spec: WorkerSpec): Promise<WorkerResult> {
  const config = loadConfig({
    DATABASE_URL: spec.url,
    DUBAN_DATA_DIR: spec.dataDir,
    REDIS_URL: spec.redisUrl,
    REDIS_PREFIX: spec.redisPrefix,
    LOG_LEVEL: "silent",
    WEB_PORT: "0",
  });
  const redis = openRedis(config.REDIS_URL, config.REDIS_PREFIX);
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  // The workspace-wide limit is not fixed by Slack: high, so the per-channel one binds.
  const chat = createTestAdapter({ caps: { rate: { perChat: spec.perChat, global: { count: 1_000, perMs: 1_000 } } } });
  const sends: [number, string][] = [];
  chat.failWith((to) => void sends.push([Date.now(), to.chatId]));
  const duban = await createDuban({ config, adapters: [chat], clock: systemClock, ledger, redis });
  await chat.start(duban.handle);
  duban.dispatcher.start();
  progress(`ready, ${spec.events.length} events to take`);

  await new Promise((r) => setTimeout(r, Math.max(0, spec.startAt - Date.now())));
  const rss = sampleRss();
  const ackMs: number[] = [];
  let next = 0;
  let lastMs = 0;
  const worker = async () => {
    while (next < spec.events.length) {
      const e = spec.events[next++]!;
      const t = performance.now();
      await chat.deliver({
        eventId: e.eventId,
        chat: { platform: PLATFORM, chatId: `dm-${e.userId}`, direct: true },
        sender: { userId: e.userId },
        text: e.text,
        media: [],
        messageId: `m-${e.eventId}`,
        at: systemClock.now(),
      });
      ackMs.push(performance.now() - t);
      lastMs = Date.now();
      if (ackMs.length % 200 === 0) progress(`${ackMs.length} of ${spec.events.length} events recorded`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  let polls = 0;
  for (;;) {
    const h = await outboxHealth(ledger.session, systemClock.now(), 0);
    if (h.pending === 0 || Date.now() - lastMs > spec.drainMs) break;
    if (++polls % 20 === 0) progress(`${h.pending} messages still to deliver, ${sends.length} sent here`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const peakRss = rss.stop();
  await duban.stop();
  await ledger.close();
  redis?.disconnect();
  return { pid: process.pid, ackMs, inbound: { firstMs: spec.startAt, lastMs }, sends, peakRss, maxRss: maxRssEver() };
}

answerParent(await run(JSON.parse(readFileSync(process.argv[2]!, "utf8")) as WorkerSpec));
