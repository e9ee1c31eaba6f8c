/**
 * Issue 15 point 6, province size: a ledger of 100,000 items, 50,000 people (each bound to
 * a chat identity) and 2,000 group chats on PostgreSQL, seeded with raw SQL in batches,
 * and three duban processes on it sharing one Redis. 2,000 officials send three reports
 * each, every report to a random one of the three processes; the processes record them,
 * queue the receipts and deliver them to a test platform limited, as Slack documents, to
 * about one message a second per channel.
 *
 * Measured: inbound reports a second (all processes together), acknowledgement latency
 * (the platform's event handed in → recorded and its receipt queued) p50 and p99, the
 * delivery rate beside the sum of the per-channel limits of the channels waiting, sends
 * closer together on one channel than its limit (across processes: the shared limiter's
 * job), one leaders' digest over the whole ledger, and each process's peak RSS.
 *
 *   BENCH_ONLY=province npm run bench      (BENCH_QUICK=1: 600 officials; BENCH_PROVINCE_SENDERS=n: n)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { plainText } from "../src/core/chat";
import { loadConfig, thresholdsOf } from "../src/config";
import { composeDigest } from "../src/digest/compose";
import { renderDigest } from "../src/digest/render";
import { openLedger } from "../src/ledger/db";
import { migrate } from "../src/ledger/migrate";
import { admin, countyTables, itemCode, pgUrl, PLATFORM, seedPostgres, unitName, type Row, type Table } from "./pipeline-seed";
import type { ProvinceEvent, WorkerResult, WorkerSpec } from "./province-worker";
import { mb, perSecond, printTable, QUICK, runChild, seconds, timed, type BarResult } from "./support";
import { TEST_AUDIT_KEY } from "../test/support/databases";

const SCALE = { units: 500, people: 50_000, chats: 2_000, senders: Number(process.env.BENCH_PROVINCE_SENDERS ?? (QUICK ? 600 : 2_000)), reportsEach: 3, processes: 3 };
const ITEMS_PER_UNIT = 200;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Slack documents about one message a second per channel. */
const PER_CHAT = { count: 1, perMs: 1_000 };
const CREATED = "2026-03-01T01:00:00.000Z";

/** The county's tables with the province's people, identities and chats in place of the county's few. */
function provinceTables(): Table[] {
  const county = countyTables().filter((t) => t.name !== "Person" && t.name !== "ChatIdentity");
  const unitOf = (person: number) => ((person - 1) % SCALE.units) + 1;
  const people: Row[] = Array.from({ length: SCALE.people }, (_, i) => [i + 1, `干部${i + 1}`, unitOf(i + 1), "official", CREATED]);
  const identities: Row[] = people.map(([id]) => [id!, PLATFORM, `u${id}`, id!, CREATED]);
  const chats: Row[] = Array.from({ length: SCALE.chats }, (_, i) => [
    i + 1, PLATFORM, `group-${i + 1}`, `${unitName((i % SCALE.units) + 1)}工作群${Math.floor(i / SCALE.units) + 1}`, "unit", (i % SCALE.units) + 1, CREATED,
  ]);
  const [units, aliases, ...rest] = county;
  return [
    units!,
    aliases!,
    { name: "Person", columns: ["id", "name", "unitId", "roles", "createdAt"], rows: people },
    { name: "ChatIdentity", columns: ["id", "platform", "userId", "personId", "boundAt"], rows: identities },
    { name: "Chat", columns: ["id", "platform", "chatId", "title", "purpose", "unitId", "createdAt"], rows: chats },
    ...rest,
  ];
}

/** Each sender's reports on its own unit's items; events dealt to the processes at random, as a load balancer would. */
function plannedEvents(): ProvinceEvent[][] {
  let state = 20_261_202;
  const random = (n: number) => ((state = (state * 1_103_515_245 + 12_345) >>> 0) >>> 8) % n;
  const shares: ProvinceEvent[][] = Array.from({ length: SCALE.processes }, () => []);
  for (let round = 0; round < SCALE.reportsEach; round++) {
    for (let s = 1; s <= SCALE.senders; s++) {
      const unit = ((s - 1) % SCALE.units) + 1;
      const code = itemCode(unit, random(ITEMS_PER_UNIT) + 1);
      const text = `#${code} 已完成河道清淤和岸坡整治，完成${random(101)}%，下周继续巡查`;
      shares[random(SCALE.processes)]!.push({ eventId: `province-${round}-${s}`, userId: `u${s}`, text });
    }
  }
  return shares;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/**
 * The delivery rate beside what the limits allow: each second, the channels with a receipt
 * queued and not yet sent could each take one (the sum of their per-channel limits).
 */
function deliveryRate(sends: [number, string][], queuedAt: Map<string, number[]>) {
  const sorted = [...sends].sort((a, b) => a[0] - b[0]);
  const first = sorted[0]?.[0] ?? 0;
  const last = sorted.at(-1)?.[0] ?? 0;
  const spanS = Math.max(1, (last - first) / 1000);
  // Sends closer together on one channel than its limit allows.
  const lastOn = new Map<string, number>();
  let tooClose = 0;
  for (const [at, chat] of sorted) {
    const before = lastOn.get(chat);
    if (before !== undefined && at - before < PER_CHAT.perMs * 0.9) tooClose++;
    lastOn.set(chat, at);
  }
  // Channel-seconds with something waiting: the sum over the run of the limits that applied.
  let allowed = 0;
  const sentOn = new Map<string, number[]>();
  for (const [at, chat] of sorted) (sentOn.get(chat) ?? sentOn.set(chat, []).get(chat)!).push(at);
  for (const [chat, queued] of queuedAt) {
    const sent = sentOn.get(chat) ?? [];
    // Waiting from the first receipt queued to the last sent: at one a second, the most it could take in that time.
    const from = Math.min(...queued);
    const to = sent.length > 0 ? Math.max(...sent) : last;
    allowed += Math.min(queued.length, Math.floor((to - from) / PER_CHAT.perMs) + 1);
  }
  return { sent: sorted.length, spanS, rate: sorted.length / spanS, tooClose, allowedInSpan: allowed };
}

export async function benchProvince(): Promise<BarResult[]> {
  const name = `duban_province_${process.pid}_${randomBytes(3).toString("hex")}`;
  const url = pgUrl(name);
  const dataDir = mkdtempSync(join(tmpdir(), "duban-province-"));
  await admin(`CREATE DATABASE ${name}`);
  try {
    const seeded = await timed(async () => {
      await migrate(url);
      await seedPostgres(url, provinceTables());
    });
    console.log(`seeded ${SCALE.units} units, 100,000 items, ${SCALE.people} people, ${SCALE.chats} chats in ${seconds(seeded.ms)}`);

    const shares = plannedEvents();
    const total = shares.reduce((n, s) => n + s.length, 0);
    const prefix = `duban-bench-${name}:`;
    // Each process opens the app first (migrations already applied); all start together.
    const startAt = Date.now() + 15_000;
    const results = await Promise.all(
      shares.map((events, i) => {
        const spec: WorkerSpec = { url, dataDir, redisUrl: REDIS_URL, redisPrefix: prefix, startAt, events, drainMs: QUICK ? 90_000 : 180_000, perChat: PER_CHAT };
        const file = join(dataDir, `worker-${i}.json`);
        writeFileSync(file, JSON.stringify(spec));
        return runChild<WorkerResult>("bench/province-worker.ts", [file], {}, true);
      }),
    );

    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: url, migrate: false });
    // Receipts to one sender close together go out as one message (RECEIPT_QUIET_MS): count messages, not reports.
    const [reports, queuedRows, sentRows] = await Promise.all([
      ledger.db.report.count(),
      ledger.db.outbox.count(),
      ledger.db.outbox.count({ where: { status: "sent" } }),
    ]);
    const queued = await ledger.db.outbox.findMany({ select: { chatId: true, createdAt: true } });
    const queuedAt = new Map<string, number[]>();
    for (const q of queued) (queuedAt.get(q.chatId) ?? queuedAt.set(q.chatId, []).get(q.chatId)!).push(q.createdAt.getTime());

    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" });
    const digest = await timed(async () => {
      const data = await composeDigest(ledger, { now: new Date(), tz: "Asia/Shanghai", thresholds: thresholdsOf(config) });
      return plainText(renderDigest(data, "zh-CN")).length;
    });
    await ledger.close();

    const ack = results.flatMap((r) => r.ackMs).sort((a, b) => a - b);
    const inboundS = (Math.max(...results.map((r) => r.inbound.lastMs)) - startAt) / 1000;
    const delivery = deliveryRate(results.flatMap((r) => r.sends), queuedAt);
    printTable(
      `Province: ${total} reports from ${SCALE.senders} officials, ${SCALE.processes} processes on PostgreSQL + Redis`,
      ["measure", "value"],
      [
        ["reports recorded / messages queued / messages sent", `${reports} / ${queuedRows} / ${sentRows}`],
        ["inbound reports a second (all processes)", perSecond(total / inboundS)],
        ["acknowledgement p50 / p99", `${ack.length ? quantile(ack, 0.5).toFixed(0) : "—"} ms / ${ack.length ? quantile(ack, 0.99).toFixed(0) : "—"} ms`],
        ["delivered a second", `${perSecond(delivery.rate)} over ${seconds(delivery.spanS * 1000)}`],
        ["sum of per-channel limits (1/s × channels waiting)", `${delivery.allowedInSpan} sends allowed in the same time: ${((delivery.sent / Math.max(1, delivery.allowedInSpan)) * 100).toFixed(0)} % used`],
        ["sends closer than a channel's limit (across processes)", String(delivery.tooClose)],
        ["one leaders' digest over the ledger", seconds(digest.ms)],
        ...results.map((r, i) => [`process ${i + 1} peak RSS (lifetime)`, `${mb(r.peakRss)} (${mb(r.maxRss)})`]),
      ],
    );
    if (reports !== total) throw new Error(`${total} events gave ${reports} reports`);
    return [
      { name: "province: every queued message delivered", measured: `${sentRows} of ${queuedRows}`, bar: "all", pass: sentRows === queuedRows },
      { name: "province: no channel over its limit", measured: String(delivery.tooClose), bar: "0", pass: delivery.tooClose === 0 },
    ];
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchProvince();
