import { TEST_AUDIT_KEY } from "../support/databases";
import { afterEach, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import type { InboundEvent } from "../../src/core/chat";
import { createDuban } from "../../src/app";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { openRedis, type Redis } from "../../src/redis";
import { startTestDuban, type TestDuban } from "../support/harness";
import { createTestAdapter } from "../support/test-adapter";

let t: TestDuban | undefined;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  await t?.close();
  t = undefined;
});

const report = (eventId: string): InboundEvent => ({
  eventId,
  chat: { platform: "test", chatId: "dm-zhang", direct: true },
  sender: { userId: "zhang" },
  text: "#中央-07-2 清淤完成70%",
  media: [],
  at: new Date(),
});

describe("the same event, delivered more than once", () => {
  it("two bot processes on one PostgreSQL database record it once and answer once", async () => {
    t = await startTestDuban({ db: "postgres" });
    await t.bindAs("test", "zhang", "official");
    const second: Ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: t.config.databaseUrl });
    const other = await createDuban({ config: t.config, adapters: [createTestAdapter()], clock: t.clock, ledger: second });
    cleanup.push(() => other.stop(), () => second.close());

    await Promise.all([t.handle(report("same-1")), other.handle(report("same-1")), t.handle(report("same-1"))]);

    expect(await t.ledger.db.report.count()).toBe(1);
    expect(await t.ledger.db.outbox.count({ where: { key: { startsWith: "receipt:" } } })).toBe(1);
    expect(await t.ledger.db.auditEvent.count({ where: { action: "report.created" } })).toBe(1);
  });

  it("with Redis, a processed event is remembered there and skipped without touching the ledger", async () => {
    const prefix = `duban-test:${randomBytes(4).toString("hex")}:`;
    const redis: Redis = openRedis("redis://127.0.0.1:6379", prefix)!;
    cleanup.push(async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys.map((k) => k.slice(prefix.length)));
      redis.disconnect();
    });
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    const withRedis = await createDuban({ config: t.config, adapters: [createTestAdapter()], clock: t.clock, ledger: t.ledger, redis });
    cleanup.push(() => withRedis.stop());

    await withRedis.handle(report("r-1"));
    expect(await redis.exists("seen:test:r-1")).toBe(1);
    // Even with the ledger's record gone, Redis alone stops the repeat early.
    await t.ledger.db.processedEvent.deleteMany();
    await withRedis.handle(report("r-1"));
    expect(await t.ledger.db.report.count()).toBe(1);
  });
});
