/**
 * A DingTalk group is told how to report once: when the robot is added to it (the
 * im_cool_app_install stream event), or else at the first @mention while nobody has bound
 * the group. The whole bot behind the real adapter and dingtalk-stream client.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readMarkdown } from "../../../adapters/dingtalk/format";
import type { FakeDingTalk, Json } from "../../support/fake-dingtalk";
import type { TestDuban } from "../../support/harness";
import { startDingTalkBot, until, type DingTalkBot } from "./setup";

const GROUP = "cidNewGroup==";
const ZHANG = "staff-zhangsan";
const HOW_TO = "在本群汇报进展请先 @督办";

let bot: DingTalkBot;
let fake: FakeDingTalk;
let t: TestDuban;

async function start() {
  bot = await startDingTalkBot();
  ({ fake, t } = bot);
  await t.bindAs("dingtalk", ZHANG, "official");
}

afterEach(() => bot?.close());

const say = (data: Json) => bot.say(data);
const inGroup = (text: string, chat = GROUP) => fake.robotMessage({ conversationId: chat, userId: ZHANG, text });
const shown = (chatId = GROUP) => fake.sent.filter((m) => m.chatId === chatId).map((m) => readMarkdown(m.text));
const howTos = (chatId = GROUP) => shown(chatId).filter((s) => s.includes(HOW_TO)).length;

describe("how to report, in a DingTalk group", () => {
  it("the robot added to a group says there how to report, once however often DingTalk tells it", async () => {
    await start();
    const ack = await fake.push(fake.joinedFrame({ conversationId: GROUP }));
    expect(JSON.parse(ack ?? "{}")).toEqual({ status: "SUCCESS" });
    await until(async () => (await t.ledger.db.processedEvent.count({ where: { id: `dingtalk:howto:${GROUP}` } })) === 1, "the join handled");
    await t.deliverAll();
    // Sent through the OpenAPI group message: a join brings no session webhook.
    expect(fake.sent.map((m) => [m.chatId, m.via])).toEqual([[GROUP, "group"]]);
    expect(shown().join("\n")).toContain("“@督办 #中央-07-2 河道清淤完成60%”并附照片");

    await fake.push(fake.joinedFrame({ conversationId: GROUP }));
    await say(inGroup("大家好"));
    await t.deliverAll();
    expect(howTos()).toBe(1);
  });

  it("another app's robot joining, and other events, say nothing", async () => {
    await start();
    expect(await fake.push(fake.joinedFrame({ conversationId: GROUP, robotCode: "another-robot" }))).not.toBeNull();
    expect(await fake.push(fake.eventFrame())).not.toBeNull();
    await t.deliverAll();
    expect(fake.sent).toEqual([]);
  });

  it("without the join event, the first @mention in an unbound group is answered with the how-to, and only the first", async () => {
    await start();
    await say(inGroup("你好"));
    await t.deliverAll();
    expect(howTos()).toBe(1);
    await say(inGroup("在吗"));
    await say(inGroup("#中央-07-2 河道清淤完成60%"));
    await t.deliverAll();
    expect(howTos()).toBe(1);
    expect(shown().join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
  });

  it("a first message that is a report is recorded as well as answered with the how-to", async () => {
    await start();
    await say(inGroup("#中央-07-2 河道清淤完成60%"));
    await t.deliverAll();
    expect(howTos()).toBe(1);
    expect(shown().join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
  });

  it("a group bound with /设置群 is not told the how-to at its messages", async () => {
    await start();
    await t.ledger.db.chat.create({ data: { platform: "dingtalk", chatId: GROUP, purpose: "unit", unitId: t.county.units.water } });
    await say(inGroup("你好"));
    await say(inGroup("#中央-07-2 河道清淤完成60%"));
    await t.deliverAll();
    expect(howTos()).toBe(0);
    expect(shown().join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
  });

  it("in a one-to-one chat there is no how-to", async () => {
    await start();
    await say(fake.robotMessage({ conversationId: "cidDirectZhang", userId: ZHANG, direct: true, text: "#中央-07-2 河道清淤完成60%" }));
    await t.deliverAll();
    expect(howTos(ZHANG)).toBe(0);
  });
});
