import { afterEach, describe, expect, it } from "vitest";
import { createDuban, type Duban } from "../../src/app";
import { loadConfig } from "../../src/config";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { silentLogger } from "../../src/log";
import { startObservability, type ObservabilityServer } from "../../src/observe/server";
import { openRedis } from "../../src/redis";
import { createTestDatabase, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";
import { startOwnRedis, type OwnRedis } from "../support/redis-server";
import { createTestAdapter, type TestAdapter } from "../support/test-adapter";

interface Observed {
  duban: Duban;
  ledger: Ledger;
  chat: TestAdapter;
  url: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function observedBot(opts: { redis?: OwnRedis } = {}): Promise<Observed> {
  const database: TestDatabase = await createTestDatabase("sqlite");
  cleanups.push(() => database.drop());
  const config = loadConfig({ DATABASE_URL: database.url, DUBAN_DATA_DIR: database.dataDir, LOG_LEVEL: "silent", WEB_PORT: "0" });
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  cleanups.push(() => ledger.close());
  const redis = opts.redis ? openRedis(opts.redis.url, "duban-test-observe:") : undefined;
  if (redis) cleanups.push(async () => redis.disconnect());
  const chat = createTestAdapter();
  const duban = await createDuban({ config, adapters: [chat], ledger, log: silentLogger, redis });
  const server: ObservabilityServer = await startObservability({ host: "127.0.0.1", port: 0, metrics: duban.metrics, checks: duban.readiness, log: silentLogger });
  cleanups.push(() => server.close());
  return { duban, ledger, chat, url: server.url };
}

/** The status once it is the one hoped for, or the last one seen after ten seconds. */
async function statusOnceSettled(url: string, hoped: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let status = (await get(url)).status;
  while (status !== hoped && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await get(url)).status;
  }
  return status;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

describe("health, readiness and metrics", () => {
  it("/healthz answers while the process lives; /readyz is 503 until every channel has started, then 200", async () => {
    const bot = await observedBot();

    expect(await get(`${bot.url}/healthz`)).toEqual({ status: 200, body: "ok\n" });
    const starting = await get(`${bot.url}/readyz`);
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.body)).toEqual({ ready: false, checks: { database: "ok", "channel:test": "not started" } });

    await bot.duban.start();
    cleanups.push(() => bot.duban.stop());
    const ready = await get(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true, checks: { database: "ok", "channel:test": "ok" } });
  });

  it("/readyz names a migration that is not applied", async () => {
    const bot = await observedBot();
    await bot.duban.start();
    cleanups.push(() => bot.duban.stop());
    const [last] = await bot.ledger.db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM duban_migrations ORDER BY name DESC LIMIT 1");
    await bot.ledger.db.$executeRawUnsafe("DELETE FROM duban_migrations WHERE name = ?", last!.name);

    const answer = await get(`${bot.url}/readyz`);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).checks.database).toBe(`migrations not applied: ${last!.name}`);
  });

  it("/readyz is 503 with the reason while the configured Redis is down, and 200 when it is back", async () => {
    const own = await startOwnRedis();
    cleanups.push(() => own.kill());
    const bot = await observedBot({ redis: own });
    await bot.duban.start();
    cleanups.push(() => bot.duban.stop());
    // The Redis connection is made in the background: ready once it is up, however slow the machine.
    expect(await statusOnceSettled(`${bot.url}/readyz`, 200)).toBe(200);

    await own.kill();
    await new Promise((r) => setTimeout(r, 200));
    const down = await get(`${bot.url}/readyz`);
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body).checks.redis).toMatch(/connection|PING/);

    await own.start();
    expect(await statusOnceSettled(`${bot.url}/readyz`, 200)).toBe(200);
  });

  it("/metrics counts inbound events and sends, and shows the outbox's depth", async () => {
    const bot = await observedBot();
    await bot.chat.start(bot.duban.handle);
    await bot.chat.deliver({ eventId: "e1", chat: { platform: "test", chatId: "dm-u1", direct: true }, sender: { userId: "u1" }, text: "你好", media: [], at: new Date() });

    const queued = (await get(`${bot.url}/metrics`)).body;
    expect(queued).toContain('duban_inbound_events_total{platform="test",outcome="handled"} 1');
    expect(queued).toMatch(/duban_inbound_processing_seconds_count\{platform="test"\} 1/);
    expect(queued).toMatch(/duban_inbound_ack_seconds_count\{platform="test"\} 1/);
    expect(queued).toMatch(/duban_outbox_depth\{state="unsent"\} [1-9]/);
    expect(queued).toContain("duban_dead_letters 0");
    expect(queued).toContain('duban_evidence_flags{flag="reused"} 0');
    expect(queued).toContain('duban_scheduled_runs{kind="digest",state="done"} 0');
    expect(queued).toContain("duban_process_resident_memory_bytes");

    await bot.duban.dispatcher.runOnce();
    await new Promise((r) => setTimeout(r, 1_100)); // the ledger's figures are read at most once a second
    const sent = (await get(`${bot.url}/metrics`)).body;
    expect(sent).toMatch(/duban_sends_total\{platform="test",outcome="sent"\} [1-9]/);
    expect(sent).toContain('duban_outbox_depth{state="unsent"} 0');
  });

  it("answers an unknown path with 404", async () => {
    const bot = await observedBot();
    expect((await get(`${bot.url}/admin`)).status).toBe(404);
  });
});
