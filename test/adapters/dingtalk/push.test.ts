/**
 * HTTP mode's event subscription (事件订阅): the robot added to a group is pushed sealed with
 * the subscription's Token and aes_key, and the group is told how to report as in Stream
 * mode. The pushes are sealed by test/support/dingtalk-push.ts, written from DingTalk's
 * DingCallbackCrypto; the adapter's own decryptor is checked against DingTalk's published sample.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openEvent } from "../../../adapters/dingtalk/event-crypto";
import type { DingTalkAdapter } from "../../../adapters/dingtalk/index";
import { readMarkdown } from "../../../adapters/dingtalk/format";
import type { InboundEvent } from "../../../src/core/chat";
import { checkUrl, joinedPush, newAesKey, pushEvent, type PushKeys } from "../../support/dingtalk-push";
import { startFakeDingTalk, type FakeDingTalk } from "../../support/fake-dingtalk";
import { startTestDuban, type TestDuban } from "../../support/harness";
import { makeDingTalkAdapter, until } from "./setup";

const GROUP = "cidPushedGroup==";
const HOW_TO = "在本群汇报进展请先 @督办";

let fake: FakeDingTalk;
let adapter: DingTalkAdapter;
let logs: string[];
let dataDir: string | undefined;
let t: TestDuban | undefined;
let keys: PushKeys;

afterEach(async () => {
  if (t) await t.close();
  else await adapter?.stop();
  t = undefined;
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function httpAdapter(withKeys = true) {
  fake = await startFakeDingTalk();
  keys = { token: "event-token-1", aesKey: newAesKey(), ownerKey: fake.clientId };
  ({ adapter, logs, dataDir } = makeDingTalkAdapter(fake, { mode: "http", ...(withKeys ? { eventKeys: { token: keys.token, aesKey: keys.aesKey } } : {}) }));
}

async function withBot() {
  await httpAdapter();
  t = await startTestDuban({ adapters: [adapter], env: { DUBAN_DATA_DIR: dataDir! } });
}

const push = (event: Record<string, unknown>, sign?: Parameters<typeof pushEvent>[3]) => pushEvent(adapter.eventUrl()!, keys, event, sign);
const howTos = () => fake.sent.filter((m) => m.chatId === GROUP && readMarkdown(m.text).includes(HOW_TO)).length;
const refusals = () => logs.filter((l) => l.includes("dingtalk event push refused")).map((l) => /"reason":"([^"]+)"/.exec(l)?.[1]);

describe("DingTalk's event subscription over HTTP", () => {
  it("opens DingTalk's own sample push (回调接口本地调试: token 123456, its aes_key and suite key)", () => {
    // open-doc.dingtalk.com/microapp/faquestions/ltr370, reproduced in the tests of DingTalk SDKs such as EasyDingTalk's EncryptorTest.
    const sample = {
      signature: "5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0",
      timestamp: "1445827045067",
      nonce: "nEXhMP4r",
      encrypt: "1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==",
    };
    const sampleKeys = { token: "123456", aesKey: "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij", ownerKey: "suite4xxxxxxxxxxxxxxx" };
    expect(openEvent(sampleKeys, sample)).toEqual({ ok: true, plaintext: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}' });
    expect(openEvent({ ...sampleKeys, token: "654321" }, sample)).toEqual({ ok: false, reason: "signature" });
    expect(openEvent({ ...sampleKeys, ownerKey: "dingotherapp" }, sample)).toEqual({ ok: false, reason: "owner" });
  });

  it("saving the address in the console: the check is answered with “success” sealed for the app, and reaches nothing", async () => {
    await httpAdapter();
    const events: InboundEvent[] = [];
    await adapter.start(async (e) => void events.push(e));
    expect(adapter.eventUrl()).toMatch(/\/dingtalk\/events$/);
    expect(await push(checkUrl())).toEqual({ status: 200, opened: "success" });
    // Older pushes name the signature `signature`.
    expect(await push(checkUrl(), { queryNames: "signature" })).toEqual({ status: 200, opened: "success" });
    expect(events).toEqual([]);
  });

  it("the robot added to a group says there how to report, once however often DingTalk pushes it", async () => {
    await withBot();
    const joined = joinedPush({ conversationId: GROUP, robotCode: fake.clientId });
    expect(await push(joined)).toEqual({ status: 200, opened: "success" });
    await until(async () => (await t!.ledger.db.processedEvent.count({ where: { id: `dingtalk:howto:${GROUP}` } })) === 1, "the join handled");
    await t!.deliverAll();
    expect(fake.sent.map((m) => [m.chatId, m.via])).toEqual([[GROUP, "group"]]);
    expect(readMarkdown(fake.sent[0]!.text)).toContain("“@督办 #中央-07-2 河道清淤完成60%”并附照片");

    // The same push again (same EventId), and the group's first @mention over the robot callback.
    expect(await push(joined)).toEqual({ status: 200, opened: "success" });
    expect(await fake.postCallback(adapter.callbackUrl()!, fake.robotMessage({ conversationId: GROUP, userId: "staff-zhangsan", text: "大家好" }))).toBe(200);
    await t!.deliverAll();
    expect(howTos()).toBe(1);
  });

  it("a forged push is refused and logged, and nothing is written", async () => {
    await withBot();
    const joined = () => joinedPush({ conversationId: GROUP, robotCode: fake.clientId });
    expect((await push(joined(), { token: "guessed-token" })).status).toBe(401);
    expect((await push(joined(), { ownerKey: "dingotherapp" })).status).toBe(401);
    expect((await push(joined(), { signature: "0".repeat(40) })).status).toBe(401);
    expect(refusals()).toEqual(["signature", "owner", "signature"]);
    await t!.deliverAll();
    expect(await t!.ledger.db.inboxEvent.count()).toBe(0);
    expect(await t!.ledger.db.processedEvent.count()).toBe(0);
    expect(fake.sent).toEqual([]);
  });

  it("another app's robot joining, and events duban does not read, are answered and say nothing", async () => {
    await withBot();
    expect(await push(joinedPush({ conversationId: GROUP, robotCode: "another-robot" }))).toEqual({ status: 200, opened: "success" });
    expect(await push({ EventType: "user_add_org", EventTime: Date.now(), CorpId: "dingcorp", UserId: ["staff-new"] })).toEqual({ status: 200, opened: "success" });
    await t!.deliverAll();
    expect(await t!.ledger.db.processedEvent.count()).toBe(0);
    expect(fake.sent).toEqual([]);
  });

  it("a join the bot failed to record is answered 500, and DingTalk's next push of it is taken", async () => {
    await httpAdapter();
    const events: InboundEvent[] = [];
    let failOnce = true;
    await adapter.start(async (e) => {
      if (failOnce) {
        failOnce = false;
        throw new Error("database unavailable");
      }
      events.push(e);
    });
    const joined = joinedPush({ conversationId: GROUP, robotCode: fake.clientId });
    expect(await push(joined)).toEqual({ status: 500, opened: null });
    expect(await push(joined)).toEqual({ status: 200, opened: "success" });
    expect(events.map((e) => [e.eventId, e.chat.chatId, e.joined])).toEqual([[`howto:${GROUP}`, GROUP, true]]);
  });

  it("without the subscription's keys there is no event address", async () => {
    await httpAdapter(false);
    await adapter.start(async () => {});
    expect(adapter.eventUrl()).toBeNull();
    const res = await fetch(adapter.callbackUrl()!.replace("/dingtalk/callback", "/dingtalk/events"), { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
  });
});
