/**
 * The black box of issue 15: three real `src/main.ts` processes on one PostgreSQL database
 * and one Redis (the test's own, so it can be killed), several hundred signed Slack events
 * each delivered three times to random processes, as Slack's retries and a load balancer
 * would; one process SIGKILLed and Redis killed mid-run. Every event must come out as one
 * report with one audit event and one receipt, every receipt posted exactly once, and once everything
 * is back each channel's receipts must never be refused nor exceed the fake's per-channel
 * limit, and go at that limit (within 10 %) while they wait.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { seedCounty } from "../support/county";
import { createTestDatabase, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";
import { postToApp, startFakeSlack, type FakeSlack } from "../support/fake-slack";
import { startOwnRedis, type OwnRedis } from "../support/redis-server";
import { messageEvent } from "../adapters/slack/requests";
import { tsOfMessageId } from "../../adapters/slack/parse";
import { OUTBOX_LEASE_MS } from "../../src/delivery/dispatcher";

const EVENTS = 300;
/** Events delivered only once the run has recovered: a dozen receipts a channel, sent at its limit. */
const AFTER_RECOVERY = 120;
const CHANNELS = 10;
// The fake's limit and the bot's configured one: two messages a second per channel.
const PER_CHANNEL = { count: 2, perMs: 1000 };
const SECRET = "fake-signing-secret";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Bot {
  child: ChildProcess;
  url: string;
  alive: boolean;
  output(): string;
}

const children: ChildProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  for (const close of closers.reverse()) await close().catch(() => {});
});

async function startBot(env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", WEB_PORT: "0", METRICS_PORT: "0", SLACK_PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const bot: Bot = { child, url: `http://127.0.0.1:${port}/slack/events`, alive: true, output: () => out };
  child.on("exit", () => (bot.alive = false));
  for (let i = 0; i < 1200 && !out.includes("duban started") && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  if (!out.includes("duban started")) throw new Error(`a bot process did not start:\n${out}`);
  return bot;
}

/** One delivery as Slack makes it: on no answer or an error it tries again (here: at once, elsewhere). */
async function deliver(bots: Bot[], request: ReturnType<typeof messageEvent>["request"], retryNum: number): Promise<void> {
  for (let tries = 0; tries < 50; tries++) {
    const live = bots.filter((b) => b.alive);
    const bot = live[Math.floor(Math.random() * live.length)]!;
    const res = await postToApp(bot.url, request, { secret: SECRET, retryNum: retryNum + tries }).catch(() => ({ status: 0 }));
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no process took the event in 50 tries");
}

/** The live bot holding a connection to the fake whose post's answer is still on its way, found by its socket in /proc. */
function inFlightAt(fake: FakeSlack, bots: Bot[]): Bot | undefined {
  const ports = new Set(fake.heldAnswerPorts());
  if (ports.size === 0) return undefined;
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && ports.has(parseInt(cols[1]!.split(":")[1]!, 16))) inodes.add(cols[9]!);
    }
  }
  return bots.find((b) => {
    if (!b.alive || b.child.pid === undefined) return false;
    const fds = (() => {
      try {
        return readdirSync(`/proc/${b.child.pid}/fd`);
      } catch {
        return [];
      }
    })();
    return fds.some((fd) => {
      try {
        return inodes.has(readlinkSync(`/proc/${b.child.pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/)?.[1] ?? "");
      } catch {
        return false;
      }
    });
  });
}

async function until(check: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("three bot processes on PostgreSQL and Redis", () => {
  it("record every event once, answer every report once, and never send over the platform's limit, through a crash and a Redis outage", { timeout: 600_000 }, async () => {
    const database: TestDatabase = await createTestDatabase("postgres");
    closers.push(() => database.drop());
    const redis: OwnRedis = await startOwnRedis();
    closers.push(() => redis.kill());
    const fake: FakeSlack = await startFakeSlack({ perChannel: PER_CHANNEL });
    closers.push(() => fake.close());

    const ledger: Ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
    closers.push(() => ledger.close());
    const county = await seedCounty(ledger, new Date());
    await ledger.db.chatIdentity.create({ data: { platform: "slack", userId: "UZHANG", personId: county.people.official.id, boundAt: new Date() } });
    const channels = Array.from({ length: CHANNELS }, (_, i) => `D0ZHANG${i}`);
    for (const c of channels) fake.addChannel(c, "", true);
    fake.addUser("UZHANG", "张三");

    const env = {
      DATABASE_URL: database.url,
      DUBAN_DATA_DIR: database.dataDir,
      REDIS_URL: redis.url,
      REDIS_PREFIX: "duban-3p:",
      SLACK_BOT_TOKEN: "xoxb-fake-bot-token",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_RATE_PER_CHAT: `${PER_CHANNEL.count}/${PER_CHANNEL.perMs / 1000}s`,
      SLACK_RATE_GLOBAL: "1000/1s",
      INBOX_LEASE_MS: "3000",
    };
    const bots = [await startBot(env), await startBot(env), await startBot(env)];

    const events = Array.from({ length: EVENTS }, (_, i) =>
      messageEvent({ channel: channels[i % CHANNELS]!, user: "UZHANG", text: `#中央-07-2 第${i + 1}段清淤完成${i % 100}%`, channelType: "im" }));
    // Every event three times, in a shuffled order, eight deliveries in flight. The last
    // AFTER_RECOVERY events come once the run has recovered (Redis back, and the killed
    // process's outbox rows past their lease, so that another process sends them).
    const shuffled = (some: typeof events) => {
      const copies = some.flatMap((e) => [0, 1, 2].map((n) => ({ e, n })));
      for (let i = copies.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [copies[i], copies[j]] = [copies[j]!, copies[i]!];
      }
      return copies;
    };
    const before = shuffled(events.slice(0, EVENTS - AFTER_RECOVERY));
    const deliveries = [...before, ...shuffled(events.slice(EVENTS - AFTER_RECOVERY))];
    let next = 0;
    let killedAt = 0;
    let recovered = 0;
    const chaos = (async () => {
      await until(async () => next >= before.length / 3, "a third of the deliveries", 300_000);
      // The process killed is one with a receipt in flight: posted in Slack, its answer held
      // back by the fake, so the process dies not knowing it was posted.
      fake.holdPostAnswers();
      let victim: Bot | undefined;
      await until(async () => (victim = inFlightAt(fake, bots)) !== undefined, "a receipt in flight", 300_000);
      victim!.child.kill("SIGKILL");
      await new Promise((r) => victim!.child.once("exit", r));
      fake.releasePostAnswers();
      killedAt = Date.now();
      await redis.kill();
      await new Promise((r) => setTimeout(r, 5_000));
      await redis.start();
      const leasesOver = killedAt + OUTBOX_LEASE_MS - Date.now();
      await new Promise((r) => setTimeout(r, Math.max(0, leasesOver) + 2_000));
      recovered = Date.now();
    })();
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < deliveries.length) {
        if (next >= before.length && !recovered) {
          await chaos;
          continue;
        }
        const { e, n } = deliveries[next++]!;
        await deliver(bots, e.request, n);
      }
    }));
    await chaos;

    const receipts = () => ledger.db.outbox.count({ where: { key: { startsWith: "receipt:" }, status: "sent" } });
    await until(async () => (await receipts()) >= EVENTS && (await ledger.db.inboxEvent.count()) === 0, "every receipt sent", 400_000);

    expect(await ledger.db.report.count()).toBe(EVENTS);
    expect(await ledger.db.auditEvent.count({ where: { action: "report.created" } })).toBe(EVENTS);
    expect(await ledger.db.outbox.count({ where: { key: { startsWith: "receipt:" } } })).toBe(EVENTS);
    expect(await ledger.db.outbox.count({ where: { status: { not: "sent" } } })).toBe(0);
    // Every receipt reached Slack, once. A send in flight in the killed process (posted, not
    // yet marked sent) is taken over once its lease runs out; the new owner finds it in the
    // channel's history by the outbox id in its metadata and does not post it again.
    const posted = fake.messages.map((m) => `${m.channel} ${m.text} ${JSON.stringify(m.blocks)}`);
    const missing = events.map((_, i) => `第${i + 1}段`).filter((seg, i) => !posted.some((p) => p.startsWith(channels[i % CHANNELS]!) && p.includes(seg)));
    expect(missing).toEqual([]);
    const firstAt = new Map<string, number>();
    const repeats: { key: string; first: number; at: number }[] = [];
    fake.messages.forEach((m, j) => {
      const key = `${m.channel} ${posted[j]!.match(/第\d+段/)?.[0] ?? m.ts}`;
      const first = firstAt.get(key);
      if (first === undefined) firstAt.set(key, m.at);
      else repeats.push({ key, first, at: m.at });
    });
    // Receipts go into the report's thread: looked for with conversations.replies.
    const lookups = fake.callsOf("conversations.history").length + fake.callsOf("conversations.replies").length;
    console.log(`messages posted: ${fake.messages.length} for ${EVENTS} receipts; repeats ${JSON.stringify(repeats.slice(0, 5).map((r) => ({ ...r, first: r.first - killedAt, at: r.at - killedAt })))}; history lookups ${lookups}`);

    // Once the run has recovered, each channel sends at the fake's limit (within 10 %) while
    // it has receipts waiting, and is never refused. Its pace is measured over the stretches
    // where the message `count` places on was queued before the message it follows in the
    // window arrived: the rest of the time a channel waits for its reports to be processed,
    // not for its limit. (While Redis is away each process keeps its own count, and may be
    // refused; a chat whose row the killed process held waits for that row's lease.)
    const limitPerS = PER_CHANNEL.count / (PER_CHANNEL.perMs / 1000);
    const queuedAt = new Map((await ledger.db.outbox.findMany({ select: { messageId: true, createdAt: true } }))
      .filter((r) => r.messageId !== null)
      .map((r) => [tsOfMessageId(r.messageId!).ts, r.createdAt.getTime()]));
    const paces = channels.flatMap((c) => {
      const sent = fake.messages.filter((m) => m.channel === c && m.at >= recovered);
      const spans: number[] = [];
      for (let k = 0; k + PER_CHANNEL.count < sent.length; k++) {
        const later = sent[k + PER_CHANNEL.count]!;
        if (queuedAt.get(later.ts)! < sent[k]!.at) spans.push(later.at - sent[k]!.at);
      }
      return spans.length >= 4 ? [(PER_CHANNEL.count * spans.length * 1000) / spans.reduce((a, b) => a + b, 0)] : [];
    });
    const refusals = fake.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429);
    const refusedAfter = refusals.filter((c) => c.at >= recovered).length;
    console.log(`429s from the fake: ${refusals.length}, ${refusedAfter} of them once Redis was back`);
    console.log(`per-channel paces with receipts waiting, after recovery (limit ${limitPerS}/s): ${paces.map((r) => r.toFixed(2)).join(", ")}`);
    expect(repeats).toEqual([]);
    expect(fake.messages).toHaveLength(EVENTS);
    // The killed process had posted without learning of it; its successor looked before posting again.
    expect(lookups).toBeGreaterThan(0);
    // Every channel has receipts waiting after the recovery, so every one has a pace.
    expect(paces).toHaveLength(CHANNELS);
    // Never above the limit: the processes share it, and a send's window counts from the
    // platform's answer, so no send slow on its way lands inside the next one's.
    expect(refusedAfter).toBe(0);
    for (const pace of paces) {
      expect(pace).toBeLessThanOrEqual(limitPerS * 1.1);
      expect(pace).toBeGreaterThanOrEqual(limitPerS * 0.9);
    }
  });
});
