/**
 * WeCom markdown in the self-built app's messages (issue 17): what has formatting goes as
 * markdown within WeCom's 2048 bytes, WECOM_APP_MARKDOWN=0 keeps everything text, a chat that
 * refuses markdown gets text, and what people typed never turns into markup.
 */
import { afterEach, describe, expect, it } from "vitest";
import { escapeMarkdown, markdownOf } from "../../../adapters/wecom/format";
import type { ChatRef } from "../../../src/core/chat";
import { textMessage } from "../../support/fake-wecom";
import { readWecomMarkdown } from "../../support/wecom-markdown";
import { startWecomDuban, stopWecomDuban, WATER_CHAT, wireWecom, type Wired } from "./setup";

type Running = Awaited<ReturnType<typeof startWecomDuban>>;
let running: Running[] = [];
let w: Wired | undefined;
afterEach(async () => {
  for (const r of running) await stopWecomDuban(r);
  running = [];
  await w?.fake.close();
  w?.cleanup();
  w = undefined;
});

const HOSTILE = '**加急** [点我](http://evil.example) `rm -rf` <font color="warning">红</font> <@lisi> &lt;b&gt;';
/** What WeCom's markdown would take for markup: bold, a link, code, a colour or mention tag, an entity, a heading or quote line. */
const MARKUP = /\*\*[^*]+\*\*|\]\(|`|<|&lt;|^[ \t]*[#>]/m;

const person: ChatRef = { platform: "wecom", chatId: "zhangsan", direct: true };
const group: ChatRef = { platform: "wecom", chatId: WATER_CHAT, direct: false };
const report = { blocks: [{ type: "heading" as const, text: "✅ 已记录进展：中央-07-2 河道清淤" }, { type: "text" as const, text: "进度 60%" }] };

describe("escaping what people typed in WeCom markdown", () => {
  it("turns a hostile title's bold, link, code, colour tag, mention and entity into full-width forms that read the same", () => {
    const escaped = escapeMarkdown(HOSTILE);
    expect(escaped).toBe('＊＊加急＊＊ ［点我］(http://evil.example) ｀rm -rf｀ ＜font color="warning">红＜/font> ＜@lisi> ＆lt;b＆gt;');
    expect(escaped).not.toMatch(MARKUP);
    expect(readWecomMarkdown(escaped)).toBe(HOSTILE);
  });

  it("keeps a heading or quote from starting a line, and leaves # and > inside a line as typed", () => {
    expect(escapeMarkdown("# 标题\n> 引用\n  #缩进\n中央-07-2 #3 完成>60%")).toBe("＃ 标题\n＞ 引用\n  ＃缩进\n中央-07-2 #3 完成>60%");
  });

  it("leaves the formatter's own bold as the only markup of a message: headings bold, a list item's hostile title inert", () => {
    const md = markdownOf({ blocks: [{ type: "heading", text: `中央-07-2 ${HOSTILE}` }, { type: "list", items: [HOSTILE, "# 不是标题"] }, { type: "divider" }] });
    const [heading, ...rest] = md.split("\n");
    expect(heading).toMatch(/^\*\*中央-07-2 .*\*\*$/);
    expect(heading!.slice(2, -2)).not.toMatch(MARKUP);
    expect(rest.join("\n")).not.toMatch(MARKUP);
    expect(readWecomMarkdown(md)).toBe(`中央-07-2 ${HOSTILE}\n• ${HOSTILE}\n• # 不是标题\n—`);
  });
});

const LEADERS_CHAT = "wrDubanLeaders1";
/** A unit name long enough (and hostile enough) that the digest runs past one markdown message. */
const LONG_UNIT = `县水利局${HOSTILE}${"河道堤防水库灌区农村供水工程建设管理服务中心".repeat(12)}`;

/** The bot behind the app, the leaders' app group chat bound, the water unit renamed; the morning digest sent. */
async function digestSent(markdown: boolean) {
  const r = await startWecomDuban({ markdown });
  running.push(r);
  r.fake.chats.set(LEADERS_CHAT, { name: "县领导督办群", owner: "zhangsan", userlist: ["zhangsan"] });
  await r.t.ledger.db.chat.create({ data: { platform: "wecom", chatId: LEADERS_CHAT, purpose: "leaders", createdAt: r.t.clock.now() } });
  await r.t.ledger.db.unit.update({ where: { id: r.t.county.units.water }, data: { name: LONG_UNIT } });
  await r.t.duban.scheduler.tick();
  await r.t.deliverAll();
  return r.fake.posted.filter((p) => p.chatId === LEADERS_CHAT && p.msgtype !== "image");
}

describe("the app's messages as WeCom markdown", () => {
  it("a digest goes into an app group chat as markdown, in parts under 2048 bytes each, reading in order as the text it would be", async () => {
    const asMarkdown = await digestSent(true);
    expect(asMarkdown.length).toBeGreaterThan(1);
    const contents = asMarkdown.map((p) => {
      expect(p.msgtype).toBe("markdown");
      return String((p.body.markdown as { content: string }).content);
    });
    for (const c of contents) expect(Buffer.byteLength(c, "utf8")).toBeLessThanOrEqual(2048);
    expect(contents[0]).toMatch(/^\*\*📋 督察整改日报.*\*\*\n/);
    // The unit's name, hostile as it is, is shown as typed, never as a link or bold.
    expect(contents.join("\n")).not.toContain("](http://evil.example)");
    const read = readWecomMarkdown(contents.join("\n"));
    expect(read).toContain(LONG_UNIT);
    const asText = (await digestSent(false)).map((p) => String((p.body.text as { content: string }).content));
    expect(read).toBe(asText.join("\n"));
  });

  it("with WECOM_APP_MARKDOWN=0 the same digest goes as plain text, split within 2048 bytes", async () => {
    const posted = await digestSent(false);
    expect(posted.length).toBeGreaterThan(1);
    expect(posted.map((p) => p.msgtype)).toEqual(posted.map(() => "text"));
    for (const p of posted) expect(Buffer.byteLength(String((p.body.text as { content: string }).content), "utf8")).toBeLessThanOrEqual(2048);
  });

  it("a receipt for an item with a hostile title shows the title literally in the person's chat", async () => {
    const r = await startWecomDuban();
    running.push(r);
    await r.t.bindAs("wecom", "zhangsan", "official");
    await r.t.ledger.db.item.update({ where: { code: "中央-07-2" }, data: { title: HOSTILE } });
    await r.fake.callback(r.url, textMessage({ from: "zhangsan", content: "#中央-07-2 完成60%" }));
    await r.t.deliverAll();
    const receipt = r.fake.posted.find((p) => p.direct && p.msgtype === "markdown")!;
    const content = String((receipt.body.markdown as { content: string }).content);
    const [heading, ...rest] = content.split("\n");
    expect(heading!.slice(2, -2)).not.toMatch(MARKUP);
    expect(rest.join("\n")).not.toMatch(MARKUP);
    expect(r.fake.texts().find((p) => p.msgtype === "markdown")!.text).toContain(`中央-07-2 ${HOSTILE}`);
  });

  it("a message without a heading still goes as text: markdown would show it no differently", async () => {
    w = await wireWecom();
    await w.adapter.send(person, { blocks: [{ type: "text", text: "本周逾期 2 项 **不加粗**" }] });
    expect(w.fake.posted.map((p) => [p.msgtype, (p.body.text as { content: string }).content])).toEqual([["text", "本周逾期 2 项 **不加粗**"]]);
  });

  it("a deployment that refuses markdown (40008) gets the message as text, and each chat text from then on", async () => {
    w = await wireWecom();
    w.fake.refuseMsgtype("markdown");
    await w.adapter.send(person, report);
    await w.adapter.send(person, report);
    await w.adapter.send(group, report);
    const sends = w.fake.calls.map((c) => [c.path, c.body.msgtype, c.errcode]);
    expect(sends).toEqual([
      ["/cgi-bin/message/send", "markdown", 40008],
      ["/cgi-bin/message/send", "text", 0],
      ["/cgi-bin/message/send", "text", 0],
      ["/cgi-bin/appchat/send", "markdown", 40008],
      ["/cgi-bin/appchat/send", "text", 0],
    ]);
    expect(w.fake.texts().map((p) => p.text)).toEqual(Array.from({ length: 3 }, () => "✅ 已记录进展：中央-07-2 河道清淤\n进度 60%"));
  });

  it("one chat's refusal leaves the others on markdown", async () => {
    w = await wireWecom();
    w.fake.refuseNext("/cgi-bin/message/send", 40008, "invalid message type");
    await w.adapter.send(person, report);
    await w.adapter.send(group, report);
    expect(w.fake.posted.map((p) => [p.chatId, p.msgtype])).toEqual([["zhangsan", "text"], [WATER_CHAT, "markdown"]]);
  });

  it("another refusal of a markdown send is the send's failure, not a reason to send text", async () => {
    w = await wireWecom();
    w.fake.refuseNext("/cgi-bin/message/send", 40003, "invalid userid");
    const err = await w.adapter.send(person, report).catch((e: unknown) => e);
    expect(w.adapter.classify(err).retry).toBe(false);
    expect(w.fake.posted).toEqual([]);
  });
});
