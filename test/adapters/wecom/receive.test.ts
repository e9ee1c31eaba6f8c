/** What the WeCom app adapter hands the bot for each kind of callback, and what it refuses. */
import { afterEach, describe, expect, it } from "vitest";
import { encrypt, getSignature } from "@wecom/crypto";
import type { InboundEvent } from "../../../src/core/chat";
import { createLogger } from "../../../src/log";
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

async function started(extra: Parameters<typeof wireWecom>[0] = {}, sink = async (e: InboundEvent) => void events.push(e)): Promise<Wired & { url: string }> {
  w = await wireWecom(extra);
  await w.adapter.start(sink);
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

  it("reads a button press as WeCom sends it, one element a line and a card's nested choices among them", async () => {
    const r = await started();
    // The shape of WxJava's recorded template_card_event (binarywang/WxJava, WxCpXmlMessageTest.testTemplateCardEvent).
    const press = [
      "<xml>",
      `<ToUserName><![CDATA[${r.fake.corpId}]]></ToUserName>`,
      "<FromUserName><![CDATA[lisi]]></FromUserName>",
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>`,
      "<MsgType><![CDATA[event]]></MsgType>",
      "<Event><![CDATA[template_card_event]]></Event>",
      "<EventKey><![CDATA[pick:1:中央-07-2]]></EventKey>",
      "<TaskId><![CDATA[duban-task-7]]></TaskId>",
      "<CardType><![CDATA[button_interaction]]></CardType>",
      "<ResponseCode><![CDATA[rc-once]]></ResponseCode>",
      `<AgentID>${r.fake.agentId}</AgentID>`,
      "<SelectedItems>",
      "    <SelectedItem>",
      "        <QuestionKey><![CDATA[q1]]></QuestionKey>",
      "        <OptionIds><OptionId><![CDATA[o1]]></OptionId></OptionIds>",
      "    </SelectedItem>",
      "</SelectedItems>",
      "</xml>",
    ].join("\n");
    expect((await r.fake.callback(r.url, press)).status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: { data: "pick:1:中央-07-2", messageId: "duban-task-7" }, chat: { chatId: "lisi", direct: true }, sender: { userId: "lisi" } });
  });

  it("takes a MsgId WeCom sends as a string, and knows WeCom's resend of it as the same message", async () => {
    const r = await started();
    // WeCom has moved from 64-bit numbers to strings like this (WxJava, WxCpXmlMessageTest.testMsgIdStringAndNumericFormats).
    const msg = textMessage({ from: "lisi", content: "#省-15 完成", msgId: "CAIQ9+abcDEF/ghiJKL0mnOP==" });
    await r.fake.callback(r.url, msg);
    await r.fake.callback(r.url, msg);
    expect(events.map((e) => [e.text, e.messageId])).toEqual([["#省-15 完成", "CAIQ9+abcDEF/ghiJKL0mnOP=="], ["#省-15 完成", "CAIQ9+abcDEF/ghiJKL0mnOP=="]]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(1);
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

  it("refuses a forged callback with 401 and logs why and from where, handing the bot nothing", async () => {
    const lines: string[] = [];
    const r = await started({ log: createLogger("info", (l) => lines.push(l)) });
    const res = await r.fake.callback(r.url, textMessage({ from: "lisi", content: "#中央-07-2 完成100%" }), { signWith: "forged" });
    expect(res.status).toBe(401);
    expect(events).toEqual([]);
    const refused = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "wecom callback refused");
    expect(refused).toMatchObject([{ level: 40, reason: "signature", from: "127.0.0.1" }]);
  });

  it("does not answer a message the bot could not record before WeCom gives up waiting, so that WeCom sends it again", async () => {
    const r = await started({ retryHoldMs: 300 }, async () => {
      throw new Error("database unavailable");
    });
    // WeCom's 5 seconds, scaled down as the adapter's hold is.
    expect(await r.fake.callback(r.url, textMessage({ from: "lisi", content: "#省-15 完成" }), { giveUpMs: 100 })).toEqual({ status: 0, body: "no answer" });
  });

  it("answers 500 in the end to a message the bot could not record", async () => {
    const r = await started({}, async () => {
      throw new Error("database unavailable");
    });
    expect((await r.fake.callback(r.url, textMessage({ from: "lisi", content: "#省-15 完成" }))).status).toBe(500);
  });

  it("answers 500 to a message not recorded within its budget, and a resend meanwhile joins it instead of recording it twice", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const r = await started({ ackBudgetMs: 50 }, async (e) => {
      events.push(e);
      await held;
    });
    const msg = textMessage({ from: "lisi", content: "#省-15 完成80%" });
    expect((await r.fake.callback(r.url, msg)).status).toBe(500);
    expect((await r.fake.callback(r.url, msg)).status).toBe(500);
    expect(events).toHaveLength(1);
    release();
  });

  it("answers the URL check when WeCom leaves a + of the echostr unescaped in the query", async () => {
    const r = await started();
    // The ciphertext is base64: find one with a "+" in it (a fresh random prefix each time).
    let echostr = "";
    while (!echostr.includes("+")) echostr = encrypt(r.fake.aesKey, "echo-plus", r.fake.corpId);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = getSignature(r.fake.token, timestamp, "n2", echostr);
    const res = await fetch(`${r.url}?msg_signature=${signature}&timestamp=${timestamp}&nonce=n2&echostr=${echostr}`);
    expect([res.status, await res.text()]).toEqual([200, "echo-plus"]);
  });
});
