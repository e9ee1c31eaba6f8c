/**
 * Telegram groups as officials really use them: forum supergroups whose topics each hold
 * a conversation, and admins who post anonymously as the group. Payload shapes: see
 * test/support/fake-telegram.ts (openTopic, groupAnonymousBot) and the Bot API's Message
 * (message_thread_id, is_topic_message, sender_chat).
 *
 * Receiving is the same code in both modes (parse.ts); polling alone keeps this file quick.
 */
import { afterEach, describe, expect, it } from "vitest";
import { groupAnonymousBot, readTelegramHtml, type FakeTelegram, type TgChat, type TgUser } from "../../support/fake-telegram";
import type { TestDuban } from "../../support/harness";
import { jpeg } from "../../support/images";
import { startTelegramDuban, stopTelegramDuban, waterGroup, zhangSan, type Wired } from "./setup";

const forum: TgChat = { id: -1001500020, type: "supergroup", title: "县整改工作专班", is_forum: true };
const wang: TgUser = { id: 4242007, first_name: "主任", username: "wangzhuren" };

let fake: FakeTelegram;
let wired: Wired;
let t: TestDuban;
afterEach(() => stopTelegramDuban({ fake, wired, t }));

async function start() {
  ({ fake, wired, t } = await startTelegramDuban("polling"));
  await t.bindAs("telegram", String(zhangSan.id), "official");
  await t.bindAs("telegram", String(wang.id), "coordinator");
}

/** What the bot said in the chat, with the topic each message went to (undefined: General, or no forum). */
const said = (chat: TgChat) =>
  fake
    .sentTexts()
    .filter((s) => s.chatId === String(chat.id))
    .map((s) => ({ topic: s.params.message_thread_id as number | undefined, text: readTelegramHtml(s.text) }));

describe("duban in a Telegram forum", () => {
  it("answers a report in the topic it was made in", async () => {
    await start();
    const topic = fake.openTopic({ chat: forum, by: wang, name: "水利局" });
    await fake.deliver(fake.text({ chat: forum, from: zhangSan, topic, text: "#中央-07-2 河道清淤完成60%" }));
    await t.deliverAll();
    expect(said(forum)).toEqual([{ topic, text: expect.stringContaining("已记录进展：中央-07-2 河道清淤") }]);
  });

  it("answers a button pressed in a topic in that topic", async () => {
    await start();
    const topic = fake.openTopic({ chat: forum, by: wang, name: "水利局" });
    await fake.deliver(fake.photo({ chat: forum, from: zhangSan, topic, bytes: await jpeg({ seed: 5 }), caption: "今天完成了护坡加固" }));
    await t.deliverAll();
    const question = fake.botMessages(forum.id).at(-1)!;
    expect(question).toMatchObject({ message_thread_id: topic, text: expect.stringContaining("这条进展是关于哪项整改任务的") });
    const buttons = (question.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    const choice = buttons.find((b) => b.text.startsWith("中央-07-2"))!;
    await fake.deliver(fake.buttonPress({ chat: forum, from: zhangSan, data: choice.callback_data, messageId: question.message_id as number }));
    await t.deliverAll();
    expect(said(forum).at(-1)).toEqual({ topic, text: expect.stringContaining("已记录进展：中央-07-2") });
  });

  it("sends the digest of a group bound from a topic into that topic", async () => {
    await start();
    const topic = fake.openTopic({ chat: forum, by: wang, name: "领导督办" });
    await fake.deliver(fake.text({ chat: forum, from: wang, topic, text: "/设置群 领导群" }));
    await t.deliverAll();
    expect(said(forum)).toEqual([{ topic, text: "本群已设置为：领导群。" }]);

    await t.duban.scheduler.tick();
    await t.deliverAll();
    expect(said(forum).at(-1)).toEqual({ topic, text: expect.stringContaining("省-15") });
  });

  it("takes chatter in a topic the bot did not address as chatter, not as an answer to the bot", async () => {
    await start();
    // The topic's opening message is the bot's own, so every message in it "replies" to the bot.
    const topic = fake.openTopic({ chat: forum, by: fake.bot, name: "通知" });
    await fake.deliver(fake.text({ chat: forum, from: zhangSan, topic, text: "收到，谢谢" }));
    await t.deliverAll();
    expect(said(forum)).toEqual([]);
  });
});

describe("an anonymous group admin", () => {
  it("is told to post as themselves, and their report is not recorded", async () => {
    await start();
    await fake.deliver(fake.text({ chat: waterGroup, from: groupAnonymousBot, senderChat: waterGroup, text: "#中央-07-2 河道清淤完成80%" }));
    await t.deliverAll();
    expect(said(waterGroup)).toEqual([{ topic: undefined, text: "匿名管理员身份无法报送，请关闭匿名后以个人身份发言。" }]);
    expect(await t.ledger.db.report.count()).toBe(0);
  });

  it("cannot bind the placeholder identity every anonymous admin shares", async () => {
    await start();
    await fake.deliver(fake.text({ chat: waterGroup, from: groupAnonymousBot, senderChat: waterGroup, text: "/绑定 ABCD2345" }));
    await t.deliverAll();
    expect(said(waterGroup).map((s) => s.text)).toEqual(["匿名管理员身份无法报送，请关闭匿名后以个人身份发言。"]);
    expect(await t.ledger.db.chatIdentity.count({ where: { userId: String(groupAnonymousBot.id) } })).toBe(0);
  });
});
