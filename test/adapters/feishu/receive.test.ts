/** What reaches the bot from Feishu, and what is refused before it does. */
import { afterEach, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../../src/core/chat";
import { encryptBody, startFakeFeishu, type FakeFeishu } from "../../support/fake-feishu";
import { signatureOf } from "../../../adapters/feishu/verify";
import { makeAdapter } from "./setup";

let fake: FakeFeishu;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  await fake?.close();
  stop = undefined;
});

async function wired(mode: "ws" | "http", sink?: (e: InboundEvent) => Promise<void>) {
  fake = await startFakeFeishu();
  const { adapter, logs } = makeAdapter(fake, { mode });
  const events: InboundEvent[] = [];
  await adapter.start(async (e) => {
    events.push(e);
    await sink?.(e);
  });
  stop = () => adapter.stop();
  return { adapter, logs, events };
}

const group = "oc_duban0000000000";

describe("the callback URL", () => {
  it("answers the console's URL check with its challenge", async () => {
    const { adapter } = await wired("http");
    const body = JSON.stringify({ encrypt: encryptBody(fake.encryptKey, { challenge: "c-42", token: fake.verificationToken, type: "url_verification" }) });
    const res = await fetch(adapter.eventsUrl()!, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "c-42" });
  });

  it("refuses and logs an event with the wrong verification token, even signed, and hands nothing on", async () => {
    const { adapter, logs, events } = await wired("http");
    const env = fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "text", content: { text: "#中央-07-2 完成" } });
    (env.header as Record<string, unknown>).token = "someone-else";
    expect((await fake.post(adapter.eventsUrl()!, env)).status).toBe(401);
    expect(events).toEqual([]);
    expect(logs.join("\n")).toContain("wrong verification token");
  });

  it("refuses a body that is not encrypted with the app's key", async () => {
    const { adapter, events } = await wired("http");
    const raw = JSON.stringify({ encrypt: encryptBody("another-key", fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "text", content: { text: "x" } })) });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(adapter.eventsUrl()!, {
      method: "POST",
      headers: { "x-lark-request-timestamp": ts, "x-lark-request-nonce": "n", "x-lark-signature": signatureOf(ts, "n", fake.encryptKey, raw) },
      body: raw,
    });
    expect(res.status).toBe(401);
    expect(events).toEqual([]);
  });

  it("answers 500 when the bot could not take the event in, so that Feishu sends it again", async () => {
    let fail = true;
    const { adapter, events } = await wired("http", async () => {
      if (fail) {
        fail = false;
        throw new Error("database is away");
      }
    });
    const env = fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "text", content: { text: "#中央-07-2 完成" } });
    expect((await fake.post(adapter.eventsUrl()!, env)).status).toBe(500);
    expect((await fake.post(adapter.eventsUrl()!, env)).status).toBe(200);
    expect(events.map((e) => e.eventId)).toEqual([events[0]!.eventId, events[0]!.eventId]);
  });

  it("refuses a correctly signed request replayed later than five minutes", async () => {
    const { adapter, logs, events } = await wired("http");
    const raw = JSON.stringify({ encrypt: encryptBody(fake.encryptKey, fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "text", content: { text: "旧的" } })) });
    const ts = String(Math.floor(Date.now() / 1000) - 600);
    const res = await fetch(adapter.eventsUrl()!, {
      method: "POST",
      headers: { "x-lark-request-timestamp": ts, "x-lark-request-nonce": "n", "x-lark-signature": signatureOf(ts, "n", fake.encryptKey, raw) },
      body: raw,
    });
    expect(res.status).toBe(401);
    expect(events).toEqual([]);
    expect(logs.join("\n")).toContain("stale timestamp");
  });
});

describe("messages over the long connection", () => {
  it("shows other people's @mentions by name and drops the bot's", async () => {
    const { events } = await wired("ws");
    await fake.push(fake.messageEnvelope({
      chatId: group, userId: "ou_u1", type: "text", content: { text: "@_user_1 @_user_2 请复核 #中央-07-2" },
      mentions: [{ key: "@_user_1", id: { open_id: fake.botOpenId }, name: "督办" }, { key: "@_user_2", id: { open_id: "ou_li" }, name: "李四" }],
    }));
    expect(events.map((e) => e.text)).toEqual(["@李四 请复核 #中央-07-2"]);
  });

  it("reads a command, and knows a one-to-one chat from a group", async () => {
    const { events } = await wired("ws");
    await fake.push(fake.messageEnvelope({ chatId: "oc_p2p0001", userId: "ou_u1", type: "text", content: { text: "/绑定 ABC123" }, chatType: "p2p" }));
    expect(events[0]!.command).toEqual({ name: "绑定", args: "ABC123" });
    expect(events[0]!.chat).toEqual({ platform: "feishu", chatId: "oc_p2p0001", direct: true });
    expect(events[0]!.sender.userId).toBe("ou_u1");
  });

  it("passes an image message on as a photo and a reply as a reply", async () => {
    const { events } = await wired("ws");
    const env = fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "image", content: { image_key: "img_v3_1" }, parentId: "om_bot1" });
    await fake.push(env);
    const messageId = (env.event as { message: { message_id: string } }).message.message_id;
    expect(events[0]!.media).toEqual([{ fileId: `${messageId}/img_v3_1`, kind: "photo" }]);
    expect(events[0]!.replyTo).toBe("om_bot1");
  });

  it("leaves message kinds it cannot read (stickers) to Feishu, answered, and takes the next", async () => {
    const { events } = await wired("ws");
    expect(await fake.push(fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "sticker", content: { file_key: "s1" } }))).toBe(200);
    await fake.push(fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "text", content: { text: "下一条" } }));
    expect(events.map((e) => e.text)).toEqual(["下一条"]);
  });

  it("a start with a wrong app secret fails with Feishu's answer instead of hanging", async () => {
    fake = await startFakeFeishu();
    const { adapter } = makeAdapter(fake, { appSecret: "wrong" });
    await expect(adapter.start(async () => {})).rejects.toThrow();
  });
});

describe("the long connection over time", () => {
  it("is opened again when Feishu drops it, and the next message arrives", async () => {
    const { events } = await wired("ws");
    fake.dropConnections();
    await new Promise((r) => setTimeout(r, 50));
    expect(await fake.push(fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "text", content: { text: "重连后" } }))).toBe(200);
    expect(events.map((e) => e.text)).toEqual(["重连后"]);
  });

  it("tells Feishu the event failed when the bot has not recorded it within the deadline, so that Feishu sends it again", async () => {
    fake = await startFakeFeishu();
    const { adapter } = makeAdapter(fake, { ackBudgetMs: 50 });
    let recorded: () => void = () => {};
    const busy = new Promise<void>((r) => (recorded = r));
    await adapter.start(() => busy);
    stop = () => adapter.stop();
    expect(await fake.push(fake.messageEnvelope({ chatId: group, userId: "ou_u1", type: "text", content: { text: "慢" } }))).not.toBe(200);
    recorded();
  });
});
