import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../../src/core/chat";
import { storeEvidence } from "../../../src/ledger/evidence";
import { silentLogger } from "../../../src/log";
import { createSlackAdapter } from "../../../adapters/slack/index";
import { png } from "../../support/images";
import { startFakeSlack, type FakeSlack } from "../../support/fake-slack";
import { readMrkdwn } from "./requests";
import { makeAdapter } from "./setup";

const channel: ChatRef = { platform: "slack", chatId: "C0DUBAN", direct: false };
const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close();
});

describe("the bot's messages in Slack", () => {
  it("a reply goes into the thread of the message it answers, also when that message was in a thread", async () => {
    const { adapter } = makeAdapter(fake);
    const top = await adapter.send(channel, { blocks: [{ type: "text", text: "已记录进展" }], replyTo: "1780000001.000001" });
    await adapter.send(channel, { blocks: [{ type: "text", text: "再次收到" }], replyTo: "1780000001.000001/1780000002.000002" });
    expect(fake.messages.map((m) => m.thread_ts)).toEqual(["1780000001.000001", "1780000001.000001"]);
    expect(top.messageId).toBe(`1780000001.000001/${fake.messages[0]!.ts}`);
  });

  it("an edit changes the earlier message instead of posting another", async () => {
    const { adapter } = makeAdapter(fake);
    const { messageId } = await adapter.send(channel, { blocks: [{ type: "text", text: "照片 1 张" }] });
    const edited = await adapter.send(channel, { blocks: [{ type: "text", text: "照片 3 张" }], edit: messageId });
    expect(edited.messageId).toBe(messageId);
    expect(fake.messages).toHaveLength(1);
    expect(readMrkdwn(fake.messages[0]!.text)).toBe("照片 3 张");
    expect(fake.updates).toHaveLength(1);
  });

  it("a digest's buttons arrive as Block Kit buttons carrying their data", async () => {
    const { adapter } = makeAdapter(fake);
    await adapter.send(channel, {
      blocks: [{ type: "heading", text: "逾期事项" }, { type: "list", items: ["省-15 污水直排整治 逾期10天"] }],
      buttons: [[{ label: "查看 省-15", data: "status:省-15" }]],
    });
    const actions = fake.messages[0]!.blocks.find((b) => b.type === "actions") as { elements: { value: string }[] };
    expect(actions.elements.map((e) => e.value)).toEqual(["status:省-15"]);
  });

  it("a digest chart is uploaded after the text, into the same thread", async () => {
    const { adapter, dataDir } = makeAdapter(fake);
    const bytes = await png({ seed: 4 });
    const stored = await storeEvidence(dataDir, bytes, { maxBytes: 10_000_000, tz: "Asia/Shanghai" });
    await adapter.send(channel, { blocks: [{ type: "text", text: "本周趋势" }], images: [{ sha256: stored.sha256, caption: "红黄绿灯趋势" }], replyTo: "1780000001.000001" });
    expect(fake.messages).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
    const [upload] = fake.uploads;
    expect(upload!.channel_id).toBe("C0DUBAN");
    expect(upload!.thread_ts).toBe("1780000001.000001");
    expect(upload!.files.map((f) => f.title)).toEqual(["红黄绿灯趋势"]);
    expect(upload!.files[0]!.bytes).toEqual(new Uint8Array(bytes));
  });

  it("a message whose evidence file is missing is not sent at all, and not tried again", async () => {
    const { adapter } = makeAdapter(fake);
    const err = await failureOf(adapter.send(channel, { blocks: [{ type: "text", text: "附图" }], images: [{ sha256: "a".repeat(64) }] }));
    expect(fake.messages).toEqual([]);
    expect(adapter.classify(err).retry).toBe(false);
  });

  it("a 429 on a later part of a split message waits it out, so the first part is not shown twice", async () => {
    const { adapter } = makeAdapter(fake);
    const lines = Array.from({ length: 300 }, (_, i) => `第${i + 1}项：河道清淤整改进展情况说明`);
    fake.fail429Next(1, "chat.postMessage", 1);
    await adapter.send(channel, { blocks: [{ type: "text", text: lines.join("\n") }] });
    const posted = fake.messages.map((m) => readMrkdwn(m.text)).join("\n");
    expect(posted).toBe(lines.join("\n"));
    expect(fake.callsOf("chat.postMessage").map((c) => c.status)).toEqual([200, 429, ...fake.messages.slice(1).map(() => 200)]);
  });
});

describe("what a failed send is worth", () => {
  it("a 429 while posting is retried after Slack's Retry-After", async () => {
    const { adapter } = makeAdapter(fake);
    fake.fail429Next(30);
    const err = await failureOf(adapter.send(channel, { blocks: [{ type: "text", text: "日报" }] }));
    expect(adapter.classify(err)).toMatchObject({ retry: true, afterMs: 30_000 });
  });

  it("Slack's refusals are final: an unknown channel, a revoked token", async () => {
    const { adapter } = makeAdapter(fake);
    const unknown = await failureOf(adapter.send({ ...channel, chatId: "C404" }, { blocks: [{ type: "text", text: "x" }] }));
    expect(adapter.classify(unknown)).toEqual({ retry: false, reason: "channel_not_found" });
    fake.failNext("chat.postMessage", "token_revoked");
    const revoked = await failureOf(adapter.send(channel, { blocks: [{ type: "text", text: "x" }] }));
    expect(adapter.classify(revoked)).toEqual({ retry: false, reason: "token_revoked" });
  });

  it("Slack's own trouble and a network failure are tried again", async () => {
    const { adapter } = makeAdapter(fake);
    fake.failNext("chat.postMessage", "internal_error");
    const internal = await failureOf(adapter.send(channel, { blocks: [{ type: "text", text: "x" }] }));
    expect(adapter.classify(internal)).toMatchObject({ retry: true, reason: "internal_error" });

    const away = createSlackAdapter({ botToken: "xoxb-x", signingSecret: "s", apiUrl: "http://127.0.0.1:9/api/", port: 0, host: "127.0.0.1", dataDir: "/nonexistent", log: silentLogger });
    const network = await failureOf(away.send(channel, { blocks: [{ type: "text", text: "x" }] }));
    expect(away.classify(network).retry).toBe(true);
    expect(away.classify(network).reason).toMatch(/^network/);
  });
});
