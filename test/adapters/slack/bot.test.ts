/**
 * The whole bot behind the Slack adapter: signed requests from a fake Slack go through
 * the real Bolt app into the ledger, and the bot's answers come back to the fake Web API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index";
import { silentLogger } from "../../../src/log";
import { startTestDuban, type TestDuban } from "../../support/harness";
import { jpeg } from "../../support/images";
import { postToApp, startFakeSlack, type FakeSlack, type SlackRequest } from "../../support/fake-slack";
import { blockAction, messageEvent, readMrkdwn, slashCommand } from "./requests";

let fake: FakeSlack;
let adapter: SlackAdapter;
let t: TestDuban;
let dataDir: string;

beforeEach(async () => {
  fake = await startFakeSlack();
  fake.addChannel("CLEADERS", "lingdao-qun");
  fake.addUser("UZHANG", "zhangsan", "张三");
  dataDir = mkdtempSync(join(tmpdir(), "duban-slack-"));
  adapter = createSlackAdapter({
    botToken: fake.botToken,
    signingSecret: fake.signingSecret,
    apiUrl: fake.apiUrl,
    port: 0,
    host: "127.0.0.1",
    dataDir,
    log: silentLogger,
    partGapMs: 10,
    // A slow first start must not let a test read the ledger before the bot has the event.
    ackBudgetMs: 20_000,
  });
  // One data directory, as in production: the digest's chart is stored where the adapter reads images.
  t = await startTestDuban({ db: "sqlite", adapters: [adapter], env: { DUBAN_DATA_DIR: dataDir } });
  await t.bindAs("slack", "UZHANG", "official");
});
afterEach(async () => {
  await t.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (req: SlackRequest, retryNum?: number) => postToApp(adapter.eventsUrl()!, req, { secret: fake.signingSecret, retryNum });
const said = (channel: string) => fake.messages.filter((m) => m.channel === channel).map((m) => readMrkdwn(m.text));
const item = (code: string) => t.ledger.db.item.findUniqueOrThrow({ where: { code } });

describe("the bot in a Slack workspace", () => {
  it("a photo report in a channel is recorded with its photo and answered in the report's thread", async () => {
    const file = fake.addFile(await jpeg({ seed: 1 }), "image/jpeg", "清淤后.jpg");
    const { request, ts } = messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "<@UDUBANBOT> #中央-07-2 河道清淤完成60%", files: [file] });
    expect((await post(request)).status).toBe(200);
    await t.deliverAll();

    const dredging = await item("中央-07-2");
    expect(dredging.progress).toBe(60);
    expect(await t.ledger.db.photo.count({ where: { itemId: dredging.id } })).toBe(1);
    expect(fake.downloads).toEqual([{ path: expect.stringContaining(file.id), authorized: true }]);
    const receipt = fake.messages.at(-1)!;
    expect(readMrkdwn(receipt.text)).toContain("已记录进展：中央-07-2 河道清淤");
    expect(receipt.thread_ts).toBe(ts);
  });

  it("/duban status answers in the channel, and a reply in that answer's thread is a report on the item", async () => {
    const res = await post(slashCommand({ channel: "C0DUBAN", user: "UZHANG", text: "status 中央-07-2" }));
    expect(res).toEqual({ status: 200, body: "" });
    await t.deliverAll();
    const card = fake.messages.at(-1)!;
    expect(readMrkdwn(card.text)).toContain("中央-07-2 河道清淤");
    expect(card.thread_ts).toBeUndefined();

    await post(messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "已清淤完成80%", threadTs: card.ts }).request);
    await t.deliverAll();
    expect((await item("中央-07-2")).progress).toBe(80);
    const receipt = fake.messages.at(-1)!;
    expect(readMrkdwn(receipt.text)).toContain("已记录进展：中央-07-2 河道清淤");
    expect(receipt.thread_ts).toBe(card.ts);
  });

  it("a photo without an item code gets buttons for the sender's items, and pressing one files the report", async () => {
    const file = fake.addFile(await jpeg({ seed: 2 }), "image/jpeg", "现场.jpg");
    await post(messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "", files: [file] }).request);
    await t.deliverAll();
    const question = fake.messages.at(-1)!;
    const buttons = question.blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements as { value: string; text: { text: string } }[]);
    const choice = buttons.find((b) => b.text.text.includes("中央-07-2"))!;
    expect(choice).toBeDefined();

    const res = await post(blockAction({ channel: "C0DUBAN", user: "UZHANG", value: choice.value, messageTs: question.ts }));
    expect(res.status).toBe(200);
    await t.deliverAll();
    const dredging = await item("中央-07-2");
    expect(await t.ledger.db.report.count({ where: { itemId: dredging.id } })).toBe(1);
    expect(await t.ledger.db.photo.count({ where: { itemId: dredging.id } })).toBe(1);
  });

  it("the same event delivered three times makes one report and one answer", async () => {
    const { request } = messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "#中央-07-2 完成70%" });
    for (const retry of [undefined, 1, 2]) expect((await post(request, retry)).status).toBe(200);
    await t.deliverAll();
    const dredging = await item("中央-07-2");
    expect(await t.ledger.db.report.count({ where: { itemId: dredging.id } })).toBe(1);
    expect(await t.ledger.db.auditEvent.count({ where: { itemId: dredging.id } })).toBe(1);
    expect(said("C0DUBAN").filter((s) => s.includes("已记录进展"))).toHaveLength(1);
  });

  it("a request with a bad signature is refused and nothing is written", async () => {
    const { request } = messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "#中央-07-2 完成100%" });
    const res = await postToApp(adapter.eventsUrl()!, request, { secret: fake.signingSecret, signWith: "forged" });
    expect(res.status).toBe(401);
    await t.deliverAll();
    expect(await t.ledger.db.report.count()).toBe(0);
    expect(await t.ledger.db.processedEvent.count()).toBe(0);
    expect(fake.messages).toEqual([]);
  });

  it("/duban digest now posts the digest and uploads its chart as a PNG into the channel", async () => {
    await t.bindAs("slack", "UWANG", "coordinator");
    await post(slashCommand({ channel: "CLEADERS", user: "UWANG", text: "chat leaders" }));
    await t.deliverAll();
    await post(slashCommand({ channel: "CLEADERS", user: "UWANG", text: "digest now" }));
    await t.deliverAll();
    expect(said("CLEADERS").filter((s) => s.includes("督察整改日报"))).toHaveLength(1);
    const charts = fake.uploads.filter((u) => u.channel_id === "CLEADERS");
    expect(charts.flatMap((u) => u.files.map((f) => f.title))).toEqual(["各单位红黄绿灯与逾期趋势"]);
    expect(Buffer.from(charts[0]!.files[0]!.bytes.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
  });

  it("a digest that meets a 429 is posted once, after Slack's Retry-After", async () => {
    await t.bindAs("slack", "UWANG", "coordinator");
    await post(slashCommand({ channel: "CLEADERS", user: "UWANG", text: "chat leaders" }));
    await t.deliverAll();
    await post(slashCommand({ channel: "CLEADERS", user: "UWANG", text: "digest now" }));
    fake.fail429Next(2);
    await t.deliverAll();
    const digestCalls = () => fake.callsOf("chat.postMessage").filter((c) => c.params.channel === "CLEADERS");
    expect(digestCalls().map((c) => c.status)).toEqual([200, 429]);

    t.clock.advance(2000);
    await t.deliverAll();
    expect(digestCalls().map((c) => c.status)).toEqual([200, 429, 200]);
    expect(said("CLEADERS").filter((s) => s.includes("督察整改日报"))).toHaveLength(1);
  });
});
