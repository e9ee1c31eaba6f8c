import { afterEach, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/core/chat";
import { createDuban, type Duban } from "../../src/app";
import type { Route } from "../../src/bot/pipeline";
import { route as defaultRoute } from "../../src/bot/router";
import { openLedger } from "../../src/ledger/db";
import { receiveEvent } from "../../src/ledger/inbox-events";
import { DB_KINDS, TEST_AUDIT_KEY } from "../support/databases";
import { startTestDuban, type TestDuban } from "../support/harness";
import { createTestAdapter } from "../support/test-adapter";

let t: TestDuban | undefined;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
  await t?.close();
  t = undefined;
});

const report = (eventId: string, at: Date): InboundEvent => ({
  eventId,
  chat: { platform: "test", chatId: "dm-zhang", direct: true },
  sender: { userId: "zhang" },
  text: "#中央-07-2 清淤完成70%",
  media: [],
  at,
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A second bot process on the test's database, receiving through its own test chat. */
async function secondBot(t: TestDuban, route?: Route) {
  const chat = createTestAdapter();
  const bot: Duban = await createDuban({ config: { ...t.config, INBOX_SWEEP_MS: 20 }, adapters: [chat], clock: t.clock, ledger: t.ledger, route });
  await bot.start();
  cleanup.push(() => bot.stop());
  return { bot, chat };
}

describe.each(DB_KINDS)("the inbox on %s", (db) => {
  it("the platform is answered once the event is recorded, while its processing is still going on", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow: Route = async (...args) => {
      await held;
      return defaultRoute(...args);
    };
    const { chat } = await secondBot(t, slow);

    await chat.deliver(report("slow-1", t.clock.now()));

    // Read as another process would: the processing transaction is still open on the bot's own connection.
    const reader = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: t.config.databaseUrl, migrate: false });
    cleanup.push(() => reader.close());
    expect(await reader.db.inboxEvent.count()).toBe(1);
    expect(await reader.db.report.count()).toBe(0);
    release();
    await until(async () => (await t!.ledger.db.inboxEvent.count()) === 0, "the inbox to empty");
    expect(await t.ledger.db.report.count()).toBe(1);
  });

  it("an event recorded by a process that died is processed by another, once", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const now = t.clock.now();
    // As a process leaves it when killed between answering the platform and processing.
    await receiveEvent(t.ledger.session, { eventKey: "test:orphan-1", event: report("orphan-1", now), at: now, leaseUntil: new Date(now.getTime() - 1) });
    const { chat } = await secondBot(t);

    await until(async () => (await t!.ledger.db.inboxEvent.count()) === 0, "the orphan to be taken over");
    expect(await t.ledger.db.report.count()).toBe(1);
    expect(await t.ledger.db.auditEvent.count({ where: { action: "report.created" } })).toBe(1);

    // The platform sends it again: recorded, recognised, nothing more.
    await chat.deliver(report("orphan-1", now));
    await until(async () => (await t!.ledger.db.inboxEvent.count()) === 0, "the redelivery to be processed");
    expect(await t.ledger.db.report.count()).toBe(1);
    expect(await t.ledger.db.outbox.count({ where: { key: { startsWith: "receipt:" } } })).toBe(1);
  });

  it("an event whose processing failed on the database stays in the inbox and goes through on a later sweep", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    let down = true;
    let failures = 0;
    const flaky: Route = async (...args) => {
      if (down) {
        failures++;
        throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
      }
      return defaultRoute(...args);
    };
    const { chat } = await secondBot(t, flaky);

    await chat.deliver(report("flaky-1", t.clock.now()));
    await until(async () => failures === 1, "the first try to fail");
    expect(await t.ledger.db.inboxEvent.count()).toBe(1);
    expect(await t.ledger.db.report.count()).toBe(0);
    down = false;
    // Time passes: however late the failed try put the row off, its lease runs out.
    await until(async () => {
      t!.clock.advance(t!.config.INBOX_LEASE_MS + 1);
      return (await t!.ledger.db.inboxEvent.count()) === 0;
    }, "the later sweep");
    expect(await t.ledger.db.report.count()).toBe(1);
  });
});
