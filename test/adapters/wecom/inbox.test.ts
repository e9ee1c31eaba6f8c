/**
 * The WeCom app adapter in front of the bot as a server runs it (createDuban().start(): the
 * adapter's sink is the inbox): WeCom gets its answer once the message is in the inbox, well
 * inside its 5 seconds, however long the processing takes; what it sends again meanwhile or
 * afterwards is one report.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createDuban } from "../../../src/app";
import type { Route } from "../../../src/bot/pipeline";
import { route as defaultRoute } from "../../../src/bot/router";
import { openLedger } from "../../../src/ledger/db";
import { TEST_AUDIT_KEY } from "../../support/databases";
import { textMessage } from "../../support/fake-wecom";
import { startTestDuban, type TestDuban } from "../../support/harness";
import { wireWecom } from "./setup";

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("WeCom callbacks and the inbox", () => {
  it("WeCom is answered 200 once the message is in the inbox, while it is still being processed; its resend is one report", async () => {
    const t: TestDuban = await startTestDuban();
    cleanup.push(() => t.close());
    await t.bindAs("wecom", "zhangsan", "official");
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    cleanup.push(() => release());
    const slow: Route = async (...args) => {
      await held;
      return defaultRoute(...args);
    };
    const w = await wireWecom();
    cleanup.push(() => w.cleanup(), () => w.fake.close());
    const bot = await createDuban({ config: { ...t.config, INBOX_SWEEP_MS: 20 }, adapters: [w.adapter], clock: t.clock, ledger: t.ledger, route: slow });
    await bot.start();
    cleanup.push(() => bot.stop());
    const url = w.adapter.callbackUrl()!;

    const msg = textMessage({ from: "zhangsan", content: "#中央-07-2 河道清淤完成60%" });
    expect((await w.fake.callback(url, msg)).status).toBe(200);
    // Read as another process would: the processing transaction is still open on the bot's own connection.
    const reader = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: t.config.databaseUrl, migrate: false });
    cleanup.push(() => reader.close());
    expect(await reader.db.inboxEvent.count()).toBe(1);
    expect(await reader.db.report.count()).toBe(0);

    // WeCom did not hear back in time on its side and sends the same message again.
    expect((await w.fake.callback(url, msg)).status).toBe(200);
    release();
    await until(async () => (await t.ledger.db.inboxEvent.count()) === 0, "the inbox to empty");
    expect((await w.fake.callback(url, msg)).status).toBe(200);
    await until(async () => (await t.ledger.db.inboxEvent.count()) === 0, "the late resend to be recognised");
    expect(await t.ledger.db.report.count()).toBe(1);
    expect(await t.ledger.db.auditEvent.count({ where: { action: "report.created" } })).toBe(1);
  });
});
