/**
 * One item's history — reports with photos, a PDF, a return and an extension — as each
 * channel's formatter puts it on screen: every channel shows the same facts, and the
 * history's photos and documents travel with the message for the sender to attach.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readMarkdown, renderMessage as dingtalk } from "../../adapters/dingtalk/format";
import { renderMessage as feishu } from "../../adapters/feishu/format";
import { renderMessage as slack } from "../../adapters/slack/format";
import { renderHtml } from "../../adapters/telegram/format";
import { botPayloads } from "../../adapters/web/format";
import { textParts } from "../../adapters/wecom/format";
import type { OutboundMessage } from "../../src/core/chat";
import { pdf } from "../support/documents";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";

const HOUR = 3_600_000;

const formatters: [string, (msg: OutboundMessage) => unknown][] = [
  ["Telegram", (msg) => renderHtml(msg.blocks)],
  ["Slack", (msg) => slack(msg)],
  ["the web chat", (msg) => botPayloads(msg, 4000)],
  // What a person reads of DingTalk's Markdown, its escapes rendered.
  ["DingTalk", (msg) => dingtalk(msg).map((m) => readMarkdown(m.text))],
  ["Feishu", (msg) => feishu(msg)],
  ["WeCom", (msg) => textParts(msg)],
];

describe("an item's history on every channel", () => {
  let t: TestDuban;
  let history: OutboundMessage;
  beforeAll(async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "wang", "coordinator");
    await t.say("zhang", "#中央-07-2 第一段清淤完成30%", { photos: [await jpeg({ seed: 31 }), await jpeg({ seed: 32 })] });
    t.clock.advance(HOUR);
    await t.say("zhang", "#中央-07-2 水质检测报告见附件", { files: [{ bytes: pdf(), name: "水质检测.pdf", mime: "application/pdf" }] });
    t.clock.advance(HOUR);
    await t.say("zhang", "/申请销号 中央-07-2");
    t.clock.advance(HOUR);
    await t.say("wang", "/退回 中央-07-2 照片看不出清淤效果");
    t.clock.advance(HOUR);
    await t.say("wang", "/延期 中央-07-2 2027-03-31 汛期停工");
    await t.replies();
    await t.say("wang", "/进展 中央-07-2");
    await t.deliverAll();
    history = t.chat.sent.filter((s) => s.to.chatId === "dm-wang").at(-1)!.msg;
  });
  afterAll(() => t.close());

  it("carries the report's photos and the PDF for the channel to attach", () => {
    expect(history.images).toHaveLength(2);
    expect(history.files).toEqual([{ path: expect.stringMatching(/\.pdf$/), name: "水质检测.pdf" }]);
  });

  it.each(formatters)("%s shows every report, the document, the return with its reason and the extension", (_name, render) => {
    const shown = JSON.stringify(render(history));
    for (const fact of ["中央-07-2", "第一段清淤完成30%", "水质检测报告见附件", "水质检测", "PDF", "照片看不出清淤效果", "2027-03-31", "汛期停工", "张三", "王主任"]) {
      expect(shown).toContain(fact);
    }
  });
});
