/** What the DingTalk adapter does with what DingTalk sends, before the bot: acknowledgements, signatures, parsing. */
import { afterEach, describe, expect, it } from "vitest";
import type { DingTalkAdapter } from "../../../adapters/dingtalk/index";
import { parseRobotMessage } from "../../../adapters/dingtalk/parse";
import type { InboundEvent } from "../../../src/core/chat";
import { startFakeDingTalk, type FakeDingTalk } from "../../support/fake-dingtalk";
import { makeDingTalkAdapter, until } from "./setup";

let fake: FakeDingTalk;
let adapter: DingTalkAdapter;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
});

describe("DingTalk stream frames", () => {
  it("a frame the bot failed to take in is left unacknowledged; DingTalk's redelivery is handled and acknowledged", async () => {
    fake = await startFakeDingTalk();
    ({ adapter } = makeDingTalkAdapter(fake));
    const events: InboundEvent[] = [];
    let failOnce = true;
    await adapter.start(async (e) => {
      events.push(e);
      if (failOnce) {
        failOnce = false;
        throw new Error("database unavailable");
      }
    });
    const frame = fake.robotFrame(fake.robotMessage({ conversationId: "cidG", userId: "u1", text: "#中央-07-2 完成60%" }));
    expect(await fake.push(frame, 300)).toBeNull();
    expect(await fake.push(frame)).not.toBeNull();
    expect(events.map((e) => e.eventId)).toEqual([events[0]!.eventId, events[0]!.eventId]);
  });

  it("a redelivery that arrives while the first delivery is still being handled waits for it rather than running twice", async () => {
    fake = await startFakeDingTalk();
    ({ adapter } = makeDingTalkAdapter(fake));
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await adapter.start(async () => {
      calls++;
      await gate;
    });
    const frame = fake.robotFrame(fake.robotMessage({ conversationId: "cidG", userId: "u1", text: "hello" }));
    const first = fake.push(frame);
    await until(() => calls === 1, "the first delivery");
    const second = fake.push(frame);
    // Let the second frame reach the adapter while the first is still held.
    await new Promise((r) => setTimeout(r, 150));
    release();
    expect(await first).not.toBeNull();
    expect(await second).not.toBeNull();
    expect(calls).toBe(1);
  });

  it("reconnects when DingTalk drops the stream, and messages arrive again", async () => {
    fake = await startFakeDingTalk();
    ({ adapter } = makeDingTalkAdapter(fake));
    const events: InboundEvent[] = [];
    await adapter.start(async (e) => void events.push(e));
    fake.dropConnections();
    await until(() => fake.connections() === 2, "the second connection");
    await fake.push(fake.robotFrame(fake.robotMessage({ conversationId: "cidG", userId: "u1", text: "again" })));
    expect(events.map((e) => e.text)).toEqual(["again"]);
  });

  it("refuses to start with a wrong AppSecret, instead of retrying silently", async () => {
    fake = await startFakeDingTalk();
    ({ adapter } = makeDingTalkAdapter(fake, { clientSecret: "wrong" }));
    await expect(adapter.start(async () => {})).rejects.toThrow(/stream gateway/);
  });
});

describe("DingTalk HTTP callbacks", () => {
  it("a bad or stale signature is refused and logged, and nothing reaches the bot", async () => {
    fake = await startFakeDingTalk();
    let logs: string[];
    ({ adapter, logs } = makeDingTalkAdapter(fake, { mode: "http" }));
    const events: InboundEvent[] = [];
    await adapter.start(async (e) => void events.push(e));
    const data = fake.robotMessage({ conversationId: "cidG", userId: "u1", text: "伪造" });
    expect(await fake.postCallback(adapter.callbackUrl()!, data, { secret: "guess" })).toBe(401);
    expect(await fake.postCallback(adapter.callbackUrl()!, data, { timestamp: Date.now() - 61 * 60_000 })).toBe(401);
    expect(events).toEqual([]);
    expect(logs.filter((l) => l.includes("dingtalk callback refused")).map((l) => /"reason":"([^"]+)"/.exec(l)?.[1])).toEqual(["bad signature", "stale timestamp"]);
    expect(await fake.postCallback(adapter.callbackUrl()!, data)).toBe(200);
    expect(events).toHaveLength(1);
  });
});

describe("reading robot messages", () => {
  const base = { msgId: "msg1", conversationId: "cidG", conversationType: "2", senderStaffId: "s1", senderId: "$:LWCP_v1:$s1", chatbotUserId: "$:LWCP_v1:$bot", createAt: 1764000000000 };

  it("a group text keeps its conversation as the chat and the staff id as the sender; a one-to-one chat is the person's own", () => {
    const group = parseRobotMessage({ ...base, msgtype: "text", text: { content: " #中央-07-2 完成60%" } })!.event;
    expect(group).toMatchObject({ eventId: "msg1", chat: { chatId: "cidG", direct: false }, sender: { userId: "s1" }, text: "#中央-07-2 完成60%" });
    const one = parseRobotMessage({ ...base, conversationType: "1", msgtype: "text", text: { content: "/帮助" } })!.event;
    expect(one).toMatchObject({ chat: { chatId: "s1", direct: true }, command: { name: "帮助" } });
  });

  it("pictures and files carry their download codes; audio is not read", () => {
    expect(parseRobotMessage({ ...base, msgtype: "picture", content: { downloadCode: "dc1", pictureDownloadCode: "pdc1" } })!.event.media).toEqual([{ fileId: "dc1", kind: "photo" }]);
    expect(parseRobotMessage({ ...base, msgtype: "file", content: { downloadCode: "dc2", fileName: "验收报告.pdf" } })!.event.media).toEqual([{ fileId: "dc2", kind: "document", fileName: "验收报告.pdf" }]);
    expect(parseRobotMessage({ ...base, msgtype: "audio", content: { downloadCode: "dc3", recognition: "你好" } })).toBeNull();
  });

  it("a quote of the bot's message about an item reports on that item; a code the person names wins", () => {
    const quote = (content: string) =>
      parseRobotMessage({ ...base, msgtype: "text", text: { content, isReplyMsg: true, repliedMsg: { msgId: "q1", msgType: "markdown", content: { text: "省-15 城区污水管网改造 · 进度 20%" } } } })!.event;
    expect(quote("完成50%")).toMatchObject({ text: "#省-15 完成50%", replyTo: "q1" });
    expect(quote("#中央-07-2 完成50%").text).toBe("#中央-07-2 完成50%");
  });
});
