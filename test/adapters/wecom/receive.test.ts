/** What the WeCom app adapter hands the bot for each kind of callback, and what it refuses. */
import { afterEach, describe, expect, it } from "vitest";
import { encrypt, getSignature } from "@wecom/crypto";
import type { InboundEvent } from "../../../src/core/chat";
import { fileMessage, textMessage, xmlOf } from "../../support/fake-wecom";
import { wireWecom, type Wired } from "./setup";

let w: Wired | undefined;
let events: InboundEvent[] = [];
afterEach(async () => {
  await w?.adapter.stop();
  await w?.fake.close();
  w?.cleanup();
  w = undefined;
  events = [];
});

async function started(): Promise<Wired & { url: string }> {
  w = await wireWecom();
  await w.adapter.start(async (e) => void events.push(e));
  return { ...w, url: w.adapter.callbackUrl()! };
}

describe("the WeCom app callback", () => {
  it("hands a file over as a document with its name, and downloads its bytes through the media API", async () => {
    const r = await started();
    const pdf = new TextEncoder().encode("%PDF-1.4 整改报告");
    await r.fake.callback(r.url, fileMessage({ from: "zhangsan", mediaId: r.fake.addMedia(pdf, "application/octet-stream"), fileName: "整改报告.pdf" }));
    expect(events).toHaveLength(1);
    const media = events[0]!.media[0]!;
    expect(media).toMatchObject({ kind: "document", fileName: "整改报告.pdf" });
    expect(await r.adapter.download(media)).toEqual(pdf);
  });

  it("reads a command with its arguments, in the sender's chat with the app", async () => {
    const r = await started();
    await r.fake.callback(r.url, textMessage({ from: "lisi", content: "/绑定 ABC123" }));
    expect(events[0]).toMatchObject({ command: { name: "绑定", args: "ABC123" }, chat: { platform: "wecom", chatId: "lisi", direct: true }, sender: { userId: "lisi" } });
  });

  it("refuses a callback from five minutes ago or more, as a replay", async () => {
    const r = await started();
    const res = await r.fake.callback(r.url, textMessage({ from: "lisi", content: "旧消息" }), { nowSec: Math.floor(Date.now() / 1000) - 301 });
    expect(res.status).toBe(401);
    expect(events).toEqual([]);
  });

  it("refuses a callback encrypted for another corp, even with the right key and signature", async () => {
    const r = await started();
    const encrypted = encrypt(r.fake.aesKey, xmlOf(textMessage({ from: "lisi", content: "别家的" })), "ww-another-corp");
    const timestamp = String(Math.floor(Date.now() / 1000));
    const q = new URLSearchParams({ msg_signature: getSignature(r.fake.token, timestamp, "n1", encrypted), timestamp, nonce: "n1" });
    const res = await fetch(`${r.url}?${q}`, { method: "POST", body: xmlOf({ ToUserName: "ww-another-corp", Encrypt: encrypted }) });
    expect(res.status).toBe(401);
    expect(events).toEqual([]);
  });
});
