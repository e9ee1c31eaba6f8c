import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { zhCN } from "../../../src/i18n/zh-CN/index";
import { jpeg } from "../../support/images";
import { postToApp, startFakeSlack, type FakeSlack } from "../../support/fake-slack";
import { blockAction, messageEvent, slashCommand } from "./requests";
import { makeAdapter, wireAdapter, type Wired } from "./setup";

let fake: FakeSlack;
let wired: Wired | undefined;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await wired?.close();
  wired = undefined;
  await fake.close();
});

describe("what Slack sends reaches the bot", () => {
  it("a photo shared in a channel arrives with the sender's and the channel's names and downloads with the bot token", async () => {
    wired = await wireAdapter(fake);
    fake.addUser("U1", "zhangsan", "张三");
    const photo = await jpeg();
    const file = fake.addFile(photo, "image/jpeg", "清淤后.jpg");
    const res = await wired.post(messageEvent({ channel: "C0DUBAN", user: "U1", text: "#中央-07-2 清淤完成", files: [file] }).request);
    expect(res.status).toBe(200);
    const [e] = wired.events;
    expect(e!.sender.displayName).toBe("张三");
    expect(e!.chat.title).toBe("shuili-ju");
    expect(e!.media).toHaveLength(1);
    expect(await wired.adapter.download(e!.media[0]!)).toEqual(new Uint8Array(photo));
    expect(fake.downloads).toEqual([{ path: expect.stringContaining(file.id), authorized: true }]);
  });

  it("asks Slack for a name it cannot get only once, and the messages still arrive", async () => {
    wired = await wireAdapter(fake);
    await wired.post(messageEvent({ channel: "C0DUBAN", user: "U404", text: "第一条" }).request);
    await wired.post(messageEvent({ channel: "C0DUBAN", user: "U404", text: "第二条" }).request);
    expect(wired.events.map((e) => [e.text, e.sender.displayName])).toEqual([["第一条", undefined], ["第二条", undefined]]);
    expect(fake.callsOf("users.info")).toHaveLength(1);
  });

  it("the same event delivered three times reaches the bot three times with one event id, for the ledger to keep once", async () => {
    wired = await wireAdapter(fake);
    const { request, eventId } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "中央-07-2 完成" });
    for (const retry of [undefined, 1, 2]) expect((await wired.post(request, retry)).status).toBe(200);
    expect(wired.events.map((e) => e.eventId)).toEqual([eventId, eventId, eventId]);
  });

  it("an event the bot failed to take in is answered with an error, and Slack's retry reaches the bot again", async () => {
    let failures = 1;
    wired = await wireAdapter(fake, {
      sink: async () => {
        if (failures-- > 0) throw new Error("database is locked");
      },
    });
    const { request } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "中央-07-2 完成" });
    expect((await wired.post(request)).status).toBe(500);
    expect((await wired.post(request, 1)).status).toBe(200);
    expect(wired.events).toHaveLength(2);
    expect(wired.logs.some((l) => l.includes("slack event failed") && l.includes("database is locked"))).toBe(true);
  });

  it("an event the bot has not recorded within Slack's time is answered 500, so that Slack sends it again", async () => {
    let recorded!: () => void;
    const held = new Promise<void>((resolve) => (recorded = resolve));
    wired = await wireAdapter(fake, { extra: { ackBudgetMs: 50 }, sink: () => held });
    const res = await wired.post(messageEvent({ channel: "C0DUBAN", user: "U1", text: "中央-07-2 完成" }).request);
    expect(res.status).toBe(500);
    expect(wired.logs.some((l) => l.includes("not recorded within 50 ms"))).toBe(true);
    recorded();
  });

  it("the /duban command is answered at once and handed to the bot", async () => {
    wired = await wireAdapter(fake);
    const res = await wired.post(slashCommand({ channel: "C0DUBAN", user: "U1", text: "status 中央-07-2" }));
    expect(res).toEqual({ status: 200, body: "" });
    expect(wired.events[0]!.command).toEqual({ name: "status", args: "中央-07-2" });
  });

  it("a /duban command the bot failed on is answered with a note only its sender sees", async () => {
    wired = await wireAdapter(fake, { sink: async () => Promise.reject(new Error("boom")) });
    const res = await wired.post(slashCommand({ channel: "C0DUBAN", user: "U1", text: "mine" }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ response_type: "ephemeral", text: zhCN.slack.commandFailed });
  });

  it("a button press is acknowledged and handed to the bot with the button's value", async () => {
    wired = await wireAdapter(fake);
    const res = await wired.post(blockAction({ channel: "C0DUBAN", user: "U1", value: "status:中央-07-2", messageTs: "1790000001.000001" }));
    expect(res.status).toBe(200);
    expect(wired.events[0]!.action).toEqual({ data: "status:中央-07-2", messageId: "1790000001.000001" });
  });
});

describe("requests that are not from Slack", () => {
  it("a request with a stale signature is refused and logged, and the bot hears nothing", async () => {
    wired = await wireAdapter(fake);
    const { request } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "重放" });
    const res = await postToApp(wired.adapter.eventsUrl()!, request, { secret: fake.signingSecret, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(res.status).toBe(401);
    expect(wired.events).toEqual([]);
    expect(wired.logs.some((l) => l.includes("bad signature") && l.includes('"reason":"stale"'))).toBe(true);
  });

  it("a request signed with another secret is refused and logged as a mismatch", async () => {
    wired = await wireAdapter(fake);
    const res = await postToApp(wired.adapter.eventsUrl()!, slashCommand({ channel: "C0DUBAN", user: "U1", text: "mine" }), { secret: fake.signingSecret, signWith: "guess" });
    expect(res.status).toBe(401);
    expect(wired.events).toEqual([]);
    expect(wired.logs.some((l) => l.includes('"reason":"mismatch"'))).toBe(true);
  });

  it("a request without Slack's headers is refused", async () => {
    wired = await wireAdapter(fake);
    const res = await fetch(wired.adapter.eventsUrl()!, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(401);
    expect(wired.events).toEqual([]);
  });

  it("a file URL outside Slack never gets the bot token", async () => {
    const { adapter } = makeAdapter(fake);
    await expect(adapter.download({ fileId: "https://example.com/steal.jpg", kind: "photo" })).rejects.toThrow(/not a Slack host/);
  });

  it("a download Slack answers with its sign-in page is refused rather than stored as a photo", async () => {
    const { adapter } = makeAdapter(fake, { botToken: "xoxb-without-files-read" });
    const file = fake.addFile(await jpeg(), "image/jpeg", "a.jpg");
    await expect(adapter.download({ fileId: file.url_private_download, kind: "photo" })).rejects.toThrow(/files:read/);
  });
});
