/**
 * The whole bot behind the real DingTalk adapter (the real dingtalk-stream client on the
 * fake's stream gateway) and a fake DingTalk: what officials see in their DingTalk groups
 * and one-to-one chats.
 */
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { DingTalkAdapter, DingTalkAdapterOptions } from "../../../adapters/dingtalk/index";
import { readMarkdown } from "../../../adapters/dingtalk/format";
import { chatOfOutTrackId } from "../../../adapters/dingtalk/parse";
import { startFakeDingTalk, type FakeDingTalk, type Json } from "../../support/fake-dingtalk";
import { startTestDuban, type TestDuban } from "../../support/harness";
import { jpeg } from "../../support/images";
import { makeDingTalkAdapter } from "./setup";

const GROUP = "cidWaterGroup==";
const LEADERS = "cidLeadersGroup==";
const ZHANG = "staff-zhangsan";

let fake: FakeDingTalk;
let adapter: DingTalkAdapter;
let dataDir: string;
let t: TestDuban;

async function start(extra: Partial<DingTalkAdapterOptions> = {}, { groupBound = true } = {}) {
  fake = await startFakeDingTalk();
  // The adapter runs on the bot's test clock (token lifetimes, session webhook expiry).
  ({ adapter, dataDir } = makeDingTalkAdapter(fake, { clock: { now: () => t.clock.now() }, ...extra }));
  t = await startTestDuban({ adapters: [adapter], env: { DUBAN_DATA_DIR: dataDir } });
  await t.bindAs("dingtalk", ZHANG, "official");
  // The water bureau's group, bound with /设置群 (an unbound group is first told how to report: howto.test.ts).
  if (groupBound) await t.ledger.db.chat.create({ data: { platform: "dingtalk", chatId: GROUP, purpose: "unit", unitId: t.county.units.water, createdAt: t.clock.now() } });
}

afterEach(async () => {
  await t?.close();
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const shown = (chatId: string) => fake.sent.filter((m) => m.chatId === chatId).map((m) => readMarkdown(m.text));
async function say(data: Json) {
  if ((await fake.push(fake.robotFrame(data))) === null) throw new Error("the frame was not acknowledged");
  return data;
}
const inGroup = (text: string, extra: Partial<Parameters<FakeDingTalk["robotMessage"]>[0]> = {}) => fake.robotMessage({ conversationId: GROUP, userId: ZHANG, text, ...extra });
const direct = (text: string, extra: Partial<Parameters<FakeDingTalk["robotMessage"]>[0]> = {}) =>
  fake.robotMessage({ conversationId: "cidDirectZhang", userId: ZHANG, direct: true, text, ...extra });

describe("duban on DingTalk", () => {
  it("a photo report in a group (text with a picture, the robot @mentioned) is recorded with the photo and acknowledged there", async () => {
    await start();
    const photo = await jpeg({ seed: 1 });
    fake.addFile("pic-code-1", photo);
    await say(inGroup("", { msgtype: "richText", content: { richText: [{ text: "#中央-07-2 河道清淤完成60%" }, { type: "picture", downloadCode: "pic-code-1" }] } }));
    await t.deliverAll();
    const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.progress).toBe(60);
    expect((await t.ledger.db.photo.findMany({ where: { itemId: item.id } })).map((p) => p.sha256)).toEqual([sha256(photo)]);
    expect(shown(GROUP).join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
    // The reply went through the message's session webhook.
    expect(fake.sent.map((m) => m.via)).toEqual(["hook"]);
  });

  it("/帮助 in a group says to @mention the robot; in a one-to-one chat it does not", async () => {
    await start();
    await say(inGroup("/帮助"));
    await say(direct("/帮助"));
    await t.deliverAll();
    expect(shown(GROUP).join("\n")).toContain("请先 @督办 再发送");
    expect(shown(ZHANG).join("\n")).not.toContain("请先 @督办 再发送");
  });

  it("a file sent after a report is downloaded with the app's token and joins the report as evidence", async () => {
    await start();
    const photo = await jpeg({ seed: 2 });
    fake.addFile("file-code-1", photo);
    await say(direct("#中央-07-2 完成80%"));
    await say(direct("", { msgtype: "file", content: { downloadCode: "file-code-1", fileName: "现场原图.jpg", fileId: "f1", spaceId: "s1" } }));
    await t.deliverAll();
    const reports = await t.ledger.db.report.findMany();
    expect(reports).toHaveLength(1);
    expect((await t.ledger.db.photo.findMany({ where: { reportId: reports[0]!.id } })).map((p) => p.sha256)).toEqual([sha256(photo)]);
  });

  it("a quote of the bot's message about an item is a report on that item", async () => {
    await start();
    await say(inGroup("/查询 省-15"));
    await t.deliverAll();
    const card = fake.sent.at(-1)!;
    expect(readMarkdown(card.text)).toContain("省-15");
    await say(inGroup("截污管网已铺设完成50%", { replied: { msgId: "msgBotCard", msgType: "markdown", senderId: fake.robotUserId, content: { text: readMarkdown(card.text) } } }));
    await t.deliverAll();
    expect(shown(GROUP).at(-1)).toContain("已记录进展：省-15");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } })).progress).toBe(50);
  });

  it("a report without an item asks with ActionCard buttons, and pressing one (its link sends the command back) files it", async () => {
    await start();
    await say(direct("今天完成了护坡加固"));
    await t.deliverAll();
    const question = fake.sent.at(-1)!;
    expect(question.msgKey).toBe("actionCard");
    expect(readMarkdown(question.text)).toContain("这条进展是关于哪项整改任务的");
    const btns = question.param.btns as { title: string; actionURL: string }[];
    const choice = btns.find((b) => b.title.startsWith("中央-07-2"))!;
    const link = new URL(choice.actionURL);
    expect(link.protocol).toBe("dtmd:");
    // DingTalk sends the link's content as the person's own message.
    await say(direct(link.searchParams.get("content")!));
    await t.deliverAll();
    expect(shown(ZHANG).at(-1)).toContain("已记录进展：中央-07-2");
  });

  it("without a card template, a group is told under the buttons what to send with an @mention, and sending it files the report", async () => {
    await start();
    fake.addFile("pic-code-5", await jpeg({ seed: 5 }));
    // A photo with words but no item (text alone in a group is taken for chatter).
    await say(inGroup("", { msgtype: "richText", content: { richText: [{ text: "今天完成了护坡加固" }, { type: "picture", downloadCode: "pic-code-5" }] } }));
    await t.deliverAll();
    const [question, hint] = fake.sent.filter((m) => m.chatId === GROUP).slice(-2);
    expect(question!.msgKey).toBe("actionCard");
    const line = readMarkdown(hint!.text).split("\n").find((l) => l.includes("〔督办〕中央-07-2"))!;
    expect(line).toMatch(/^在群里请 @督办 回复：〔督办〕中央-07-2/);
    // The person types (or copies) the text after @督办; DingTalk leaves a space where the @ was.
    await say(inGroup(` ${line.replace(/^在群里请 @督办 回复：/, "")}`));
    await t.deliverAll();
    expect(shown(GROUP).at(-1)).toContain("已记录进展：中央-07-2");
  });

  it("one-to-one, the buttons come without that note", async () => {
    await start();
    await say(direct("今天完成了护坡加固"));
    await t.deliverAll();
    expect(shown(ZHANG).join("\n")).not.toContain("@督办");
  });

  it("with a card template, buttons come as an interactive card whose press comes back over the stream", async () => {
    await start({ cardTemplateId: "tpl-duban.schema" });
    await say(direct("今天完成了护坡加固"));
    await t.deliverAll();
    const card = fake.sent.at(-1)!;
    expect(card.via).toBe("card");
    const buttons = JSON.parse(String(card.param.buttons)) as { label: string; data: string }[];
    const choice = buttons.find((b) => b.label.startsWith("中央-07-2"))!;
    const press = { outTrackId: card.msgKey, userId: ZHANG, corpId: "dingcorp", content: JSON.stringify({ cardPrivateData: { actionIds: ["pick"], params: { data: choice.data } } }) };
    expect(await fake.push(fake.cardFrame(press))).not.toBeNull();
    await t.deliverAll();
    expect(shown(ZHANG).at(-1)).toContain("已记录进展：中央-07-2");
    // The card's id names its chat, so that a press is understood after a restart too.
    expect(chatOfOutTrackId(card.msgKey)).toEqual({ chatId: ZHANG, direct: true });
  });

  it("with a card template, a group's buttons come as an interactive card, and a press (sent twice) files the report once", async () => {
    await start({ cardTemplateId: "tpl-duban.schema" });
    fake.addFile("pic-code-6", await jpeg({ seed: 6 }));
    await say(inGroup("", { msgtype: "richText", content: { richText: [{ text: "今天完成了护坡加固" }, { type: "picture", downloadCode: "pic-code-6" }] } }));
    await t.deliverAll();
    const card = fake.sent.at(-1)!;
    expect(card.via).toBe("card");
    expect(card.chatId).toBe(GROUP);
    // No note about @mentions: the card's buttons work in the group.
    expect(shown(GROUP).join("\n")).not.toContain("@督办 回复");
    const buttons = JSON.parse(String(card.param.buttons)) as { label: string; data: string }[];
    const choice = buttons.find((b) => b.label.startsWith("中央-07-2"))!;
    const press = { outTrackId: card.msgKey, userId: ZHANG, corpId: "dingcorp", content: JSON.stringify({ cardPrivateData: { actionIds: ["pick"], params: { data: choice.data } } }) };
    // DingTalk sends the callback again in a new frame when the first went unanswered.
    expect(await fake.push(fake.cardFrame(press))).not.toBeNull();
    expect(await fake.push(fake.cardFrame(press))).not.toBeNull();
    await t.deliverAll();
    expect(shown(GROUP).at(-1)).toContain("已记录进展：中央-07-2");
    expect(await t.ledger.db.report.count()).toBe(1);
    expect(shown(GROUP).filter((m) => m.includes("已记录进展"))).toHaveLength(1);
  });

  it("the same message delivered twice is recorded and answered once", async () => {
    await start();
    const frame = fake.robotFrame(inGroup("#中央-07-2 下游段清淤完成70%"));
    expect(await fake.push(frame)).not.toBeNull();
    expect(await fake.push(frame)).not.toBeNull();
    await t.deliverAll();
    expect(await t.ledger.db.report.count()).toBe(1);
    expect(shown(GROUP)).toHaveLength(1);
  });

  it("a token that expires mid-run is fetched again: on DingTalk's refusal, and ahead of its expiry", async () => {
    await start();
    // Session webhooks long expired: replies go through the OpenAPI, with the token.
    const old = t.clock.now().getTime() - 60_000;
    await say(inGroup("#中央-07-2 完成65%", { hookExpiresAt: old }));
    await t.deliverAll();
    expect(fake.tokensIssued).toHaveLength(1);
    fake.expireTokens();
    await say(inGroup("#中央-07-2 完成66%", { hookExpiresAt: old }));
    await t.deliverAll();
    expect(fake.tokensIssued).toHaveLength(2);
    expect(fake.calls.filter((c) => c.path === "/v1.0/robot/groupMessages/send").map((c) => c.status)).toEqual([200, 401, 200]);
    t.clock.advance(2 * 60 * 60_000);
    await say(inGroup("#中央-07-2 完成67%", { hookExpiresAt: old }));
    await t.deliverAll();
    expect(fake.tokensIssued).toHaveLength(3);
    expect(shown(GROUP)).toHaveLength(3);
  });

  it("a digest DingTalk throttles (403 QpsLimitForAppkeyAndApi) waits and then goes out, once", async () => {
    // Only the leaders' group is bound, so that the leaders' digest is the one send.
    await start({}, { groupBound: false });
    await t.ledger.db.chat.create({ data: { platform: "dingtalk", chatId: LEADERS, purpose: "leaders", createdAt: t.clock.now() } });
    fake.failNext({ status: 403, body: { code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", message: "调用该接口触发限流" } });
    await t.duban.scheduler.tick();
    expect(await t.deliverAll()).toBe(0);
    const sends = () => fake.calls.filter((c) => c.path === "/v1.0/robot/groupMessages/send").map((c) => c.status);
    expect(sends()).toEqual([403]);
    t.clock.advance(1000);
    expect(await t.deliverAll()).toBeGreaterThan(0);
    // The digest's text, then its chart as an image message.
    expect(sends()).toEqual([403, 200, 200]);
    expect(shown(LEADERS).join("\n")).toContain("省-15");
    expect(fake.sent.filter((m) => m.chatId === LEADERS).map((m) => m.msgKey)).toContain("sampleImageMsg");
  });

  it("a personal reminder goes one-to-one to the person's staff id", async () => {
    await start();
    await adapter.send({ platform: "dingtalk", chatId: ZHANG, direct: true }, { blocks: [{ type: "text", text: "提醒：中央-07-2 明天到期" }] });
    expect(fake.sent.map((m) => [m.via, m.chatId, m.msgKey])).toEqual([["direct", ZHANG, "sampleMarkdown"]]);
  });
});
