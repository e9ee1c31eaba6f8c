import { describe, expect, it } from "vitest";
import { parseActionBody, parseCommandBody, parseEventBody, readableText } from "../../../adapters/slack/parse";
import { type SlackRequest } from "../../support/fake-slack";
import { blockAction, messageEvent, slashCommand } from "./requests";

const self = { botUserId: "UDUBANBOT", botId: "BDUBANBOT" };
const at = new Date("2026-11-25T02:00:00Z");
const bodyOf = (req: SlackRequest): unknown =>
  req.contentType === "application/json" ? JSON.parse(req.body) : Object.fromEntries(new URLSearchParams(req.body));
const payloadOf = (req: SlackRequest): unknown => JSON.parse(new URLSearchParams(req.body).get("payload")!);

describe("a Slack message becomes an inbound event", () => {
  it("keeps the channel, the sender, the text and Slack's event id", () => {
    const { request, eventId, ts } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "中央-07-2 已完成60%" });
    const e = parseEventBody(bodyOf(request), self)!;
    expect(e.eventId).toBe(eventId);
    expect(e.chat).toEqual({ platform: "slack", chatId: "C0DUBAN", direct: false });
    expect(e.sender.userId).toBe("U1");
    expect(e.text).toBe("中央-07-2 已完成60%");
    expect(e.messageId).toBe(ts);
    expect(e.at.getTime()).toBe(Math.round(Number(ts) * 1000));
    expect(e.command).toBeUndefined();
  });

  it("drops the mention of the bot and decodes Slack's &amp; &lt; &gt;", () => {
    const { request } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "<@UDUBANBOT> 省-15 进度 &lt;50%&gt; &amp; 已清淤 <https://x.cn/a|现场图>" });
    expect(parseEventBody(bodyOf(request), self)!.text).toBe("省-15 进度 <50%> & 已清淤 现场图");
  });

  it("shows channel references and @here as a person would read them", () => {
    expect(readableText("<!here> 请看 <#C0DUBAN|shuili-ju> 和 <mailto:a@b.cn|邮件>")).toBe("@here 请看 #shuili-ju 和 邮件");
  });

  it("marks a message in the bot's DM as direct", () => {
    const { request } = messageEvent({ channel: "D0DUBAN", user: "U1", text: "我的", channelType: "im" });
    expect(parseEventBody(bodyOf(request), self)!.chat.direct).toBe(true);
  });

  it("reads a message starting with a slash as a command", () => {
    const { request } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "/查询 中央-07-2" });
    const e = parseEventBody(bodyOf(request), self)!;
    expect(e.command).toEqual({ name: "查询", args: "中央-07-2" });
    expect(e.text).toBe("中央-07-2");
  });

  it("carries shared photos by their private download URL, and other files as documents", () => {
    const photo = { id: "F1", name: "现场.jpg", mimetype: "image/jpeg", size: 2048, url_private: "https://files.slack.com/F1/x.jpg", url_private_download: "https://files.slack.com/F1/download/x.jpg" };
    const doc = { ...photo, id: "F2", name: "验收报告.pdf", mimetype: "application/pdf", url_private_download: "https://files.slack.com/F2/download/r.pdf" };
    const { request } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "#中央-07-2 清淤后", files: [photo, doc] });
    expect(parseEventBody(bodyOf(request), self)!.media).toEqual([
      { fileId: photo.url_private_download, kind: "photo", mime: "image/jpeg", fileName: "现场.jpg", size: 2048 },
      { fileId: doc.url_private_download, kind: "document", mime: "application/pdf", fileName: "验收报告.pdf", size: 2048 },
    ]);
  });

  it("answers the thread's parent when it is a reply in a thread, and its id names the thread", () => {
    const { request, ts } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "已完成", threadTs: "1790000001.000001" });
    const e = parseEventBody(bodyOf(request), self)!;
    expect(e.replyTo).toBe("1790000001.000001");
    expect(e.messageId).toBe(`1790000001.000001/${ts}`);
  });

  it("ignores the bot's own messages, other bots, edits, joins and other event types", () => {
    const ignored = [
      messageEvent({ channel: "C0DUBAN", user: "UDUBANBOT", text: "已记录进展" }),
      messageEvent({ channel: "C0DUBAN", user: "U9", botId: "BOTHER", text: "另一个机器人" }),
      messageEvent({ channel: "C0DUBAN", user: "U1", text: "改过", subtype: "message_changed" }),
      messageEvent({ channel: "C0DUBAN", user: "U1", text: "加入了频道", subtype: "channel_join" }),
    ].map((m) => parseEventBody(bodyOf(m.request), self));
    expect(ignored).toEqual([null, null, null, null]);
    const reaction = { type: "event_callback", event_id: "Ev1", event: { type: "reaction_added", user: "U1" } };
    expect(parseEventBody(reaction, self)).toBeNull();
  });
});

describe("the /duban slash command", () => {
  it("carries the same commands as chat: /duban status 中央-07-2", () => {
    const req = slashCommand({ channel: "C0DUBAN", user: "U1", text: "status 中央-07-2", userName: "zhangsan" });
    const e = parseCommandBody(bodyOf(req), at)!;
    expect(e.command).toEqual({ name: "status", args: "中央-07-2" });
    expect(e.chat).toEqual({ platform: "slack", chatId: "C0DUBAN", direct: false });
    expect(e.sender).toEqual({ userId: "U1", displayName: "zhangsan" });
    expect(e.at).toEqual(at);
  });

  it("takes Chinese command names and a slash typed out of habit", () => {
    const e = parseCommandBody(bodyOf(slashCommand({ channel: "D0DUBAN", user: "U1", text: "/查询中央-07-2" })), at)!;
    expect(e.command).toEqual({ name: "查询", args: "中央-07-2" });
    expect(e.chat.direct).toBe(true);
  });

  it("asks for help when it comes without words", () => {
    expect(parseCommandBody(bodyOf(slashCommand({ channel: "C0DUBAN", user: "U1", text: "" })), at)!.command).toEqual({ name: "help", args: "" });
  });

  it("keeps its event id when Slack posts the same body again, and differs for a new one", () => {
    const req = slashCommand({ channel: "C0DUBAN", user: "U1", text: "mine" });
    const again = parseCommandBody(bodyOf(req), at)!.eventId;
    expect(parseCommandBody(bodyOf(req), at)!.eventId).toBe(again);
    expect(parseCommandBody(bodyOf(slashCommand({ channel: "C0DUBAN", user: "U1", text: "mine" })), at)!.eventId).not.toBe(again);
  });

  it("leaves other apps' slash commands alone", () => {
    expect(parseCommandBody(bodyOf(slashCommand({ channel: "C0DUBAN", user: "U1", text: "x", command: "/remind" })), at)).toBeNull();
  });
});

describe("a button press", () => {
  it("carries the button's value and the message it was on", () => {
    const req = blockAction({ channel: "C0DUBAN", user: "U1", value: "pick:12:3", messageTs: "1790000005.000005" });
    const e = parseActionBody(payloadOf(req), at)!;
    expect(e.action).toEqual({ data: "pick:12:3", messageId: "1790000005.000005" });
    expect(e.chat.chatId).toBe("C0DUBAN");
    expect(e.sender.userId).toBe("U1");
    expect(e.eventId).toMatch(/^action:/);
    expect(parseActionBody(payloadOf(req), at)!.eventId).toBe(e.eventId);
  });
});
