/**
 * DingTalk groups, the whole bot behind the real adapter (the real dingtalk-stream client
 * on the fake's gateway): a coordinator binds a group with /设置群 there, a document sent
 * as a file is kept as evidence, and the robot keeps to DingTalk's limits: 20 messages a
 * minute in a group, 20 calls a second for the app.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { DingTalkAdapter } from "../../../adapters/dingtalk/index";
import { readMarkdown } from "../../../adapters/dingtalk/format";
import type { ChatRef } from "../../../src/core/chat";
import { createDispatcher } from "../../../src/delivery/dispatcher";
import { queueMessage } from "../../../src/ledger/outbox";
import { silentLogger } from "../../../src/log";
import { pdf } from "../../support/documents";
import type { FakeDingTalk, Json } from "../../support/fake-dingtalk";
import type { TestDuban } from "../../support/harness";
import { startDingTalkBot, type DingTalkBot } from "./setup";

const GROUP = "cidWaterGroup==";
const WANG = "staff-wangzhuren";
const ZHANG = "staff-zhangsan";

let bot: DingTalkBot;
let fake: FakeDingTalk;
let adapter: DingTalkAdapter;
let t: TestDuban;

async function start() {
  bot = await startDingTalkBot();
  ({ fake, adapter, t } = bot);
  await t.bindAs("dingtalk", WANG, "coordinator");
  await t.bindAs("dingtalk", ZHANG, "official");
}

afterEach(() => bot?.close());

const say = (data: Json) => bot.say(data);
const shown = (chatId = GROUP) => fake.sent.filter((m) => m.chatId === chatId).map((m) => readMarkdown(m.text));

describe("DingTalk groups", () => {
  it("a coordinator's “@督办 /设置群 单位 水利局” in a group binds it to the water bureau", async () => {
    await start();
    await say(fake.robotMessage({ conversationId: GROUP, userId: WANG, text: " /设置群 单位 水利局" }));
    await t.deliverAll();
    const chat = await t.ledger.db.chat.findUniqueOrThrow({ where: { platform_chatId: { platform: "dingtalk", chatId: GROUP } } });
    expect([chat.purpose, chat.unitId]).toEqual(["unit", t.county.units.water]);
    expect(shown().join("\n")).toContain("本群已设置为：单位工作群（水利局）");
  });

  it("an official's /设置群 is refused and the group stays unbound", async () => {
    await start();
    await say(fake.robotMessage({ conversationId: GROUP, userId: ZHANG, text: "/设置群 单位 水利局" }));
    await t.deliverAll();
    expect(await t.ledger.db.chat.count({ where: { platform: "dingtalk", chatId: GROUP } })).toBe(0);
    expect(shown().join("\n")).toContain("只有督察整改办（协调人）可以");
  });

  it("a PDF sent as a file after a report is downloaded and kept as the report's document", async () => {
    await start();
    await t.ledger.db.chat.create({ data: { platform: "dingtalk", chatId: GROUP, purpose: "unit", unitId: t.county.units.water, createdAt: t.clock.now() } });
    const bytes = pdf();
    fake.addFile("file-code-pdf", bytes);
    await say(fake.robotMessage({ conversationId: GROUP, userId: ZHANG, text: "#中央-07-2 完成80%" }));
    await say(fake.robotMessage({ conversationId: GROUP, userId: ZHANG, text: "", msgtype: "file", content: { downloadCode: "file-code-pdf", fileName: "验收报告.pdf", fileId: "f2", spaceId: "s1" } }));
    await t.deliverAll();
    const reports = await t.ledger.db.report.findMany();
    expect(reports).toHaveLength(1);
    const docs = await t.ledger.db.document.findMany({ where: { reportId: reports[0]!.id } });
    expect(docs.map((d) => [d.name, d.type, d.sha256])).toEqual([["验收报告.pdf", "pdf", createHash("sha256").update(bytes).digest("hex")]]);
  });

  it("a group gets at most 20 of the robot's messages a minute; the rest wait for the next minute", async () => {
    await start();
    const to: ChatRef = { platform: "dingtalk", chatId: GROUP, direct: false };
    for (let n = 1; n <= 22; n++) {
      await t.ledger.tx((s) => queueMessage(s, { key: `notice-${n}`, to, message: { blocks: [{ type: "text", text: `通知 ${n}` }] } }, t.clock.now()));
    }
    await t.duban.dispatcher.runOnce();
    expect(shown()).toHaveLength(20);
    t.clock.advance(30_000);
    expect(await t.duban.dispatcher.runOnce()).toBe(0);
    t.clock.advance(32_000);
    expect(await t.duban.dispatcher.runOnce()).toBe(2);
    expect(shown().map((s) => s.trim())).toEqual(Array.from({ length: 22 }, (_, i) => `通知 ${i + 1}`));
  });

  it("the app sends at most 20 messages a second across its groups; the 21st waits for the next second", async () => {
    await start();
    for (let n = 1; n <= 21; n++) {
      const to: ChatRef = { platform: "dingtalk", chatId: `cidGroup${n}==`, direct: false };
      await t.ledger.tx((s) => queueMessage(s, { key: `notice-${n}`, to, message: { blocks: [{ type: "text", text: `通知 ${n}` }] } }, t.clock.now()));
    }
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      t.clock.advance(ms);
    };
    const dispatcher = createDispatcher({ ledger: t.ledger, adapters: [adapter], clock: t.clock, log: silentLogger, sleep });
    expect(await dispatcher.runOnce()).toBe(21);
    expect(fake.sent).toHaveLength(21);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
  });
});
