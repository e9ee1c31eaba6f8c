/**
 * Reading updates from groups as they really arrive: supergroup upgrades, forum topics,
 * anonymous admins. Shapes from teloxide's issue 427 test (crates/teloxide-core/src/types/
 * message.rs) and getUpdates output quoted in public bots (a topic message whose
 * reply_to_message is the topic's forum_topic_created message).
 */
import { describe, expect, it } from "vitest";
import { parseUpdate } from "../../../adapters/telegram/parse";

const me = { id: 777, username: "DubanBot" };
const now = new Date("2026-11-28T02:00:00Z");
const oldGroup = { all_members_are_administrators: false, id: -599075523, title: "test", type: "group" };
const supergroup = { id: -1001555296434, title: "test", type: "supergroup" };
const forum = { id: -1001854699958, title: "县整改工作专班", is_forum: true, type: "supergroup" };
const anonymous = { first_name: "Group", id: 1087968824, is_bot: true, username: "GroupAnonymousBot" };
const person = { first_name: "nullptr", id: 729497414, is_bot: false, language_code: "en", username: "hex0x0000" };
const eventOf = (message: Record<string, unknown>) => parseUpdate({ update_id: 7, message }, me, now)?.event;

describe("reading a supergroup upgrade", () => {
  it("reads the old group's service message as the chat moving to the new id", () => {
    const e = eventOf({ chat: oldGroup, date: 1629404938, from: person, message_id: 16, migrate_to_chat_id: -1001555296434 });
    expect(e).toMatchObject({ chat: { chatId: "-599075523" }, chatMoved: { fromChatId: "-599075523", toChatId: "-1001555296434" }, text: "", media: [] });
  });

  it("reads the supergroup's service message, sent by the anonymous placeholder, as the same move", () => {
    const e = eventOf({ chat: supergroup, date: 1629404938, from: anonymous, message_id: 1, migrate_from_chat_id: -599075523, sender_chat: supergroup });
    expect(e?.chatMoved).toEqual({ fromChatId: "-599075523", toChatId: "-1001555296434" });
    expect(e?.chat.chatId).toBe("-1001555296434");
  });
});

describe("reading a forum topic", () => {
  const root = { message_id: 30, from: person, chat: forum, date: 1683819664, message_thread_id: 30, forum_topic_created: { name: "水利局", icon_color: 7322096 }, is_topic_message: true };

  it("puts a message in a topic in that topic, and does not take the topic's opening message for a reply", () => {
    const e = eventOf({ message_id: 31, from: person, chat: forum, date: 1683820590, message_thread_id: 30, reply_to_message: { ...root, from: { id: 777, is_bot: true } }, text: "#中央-07-2 完成60%", is_topic_message: true });
    expect(e?.chat).toEqual({ platform: "telegram", chatId: "-1001854699958", direct: false, title: "县整改工作专班", threadId: "30" });
    expect(e?.replyTo).toBeUndefined();
  });

  it("keeps a real reply to the bot inside a topic", () => {
    const e = eventOf({ message_id: 33, from: person, chat: forum, date: 1683820600, message_thread_id: 30, reply_to_message: { message_id: 32, from: { id: 777, is_bot: true } }, text: "完成了", is_topic_message: true });
    expect(e).toMatchObject({ chat: { threadId: "30" }, replyTo: "32" });
  });

  it("leaves a reply chain in an ordinary supergroup in the chat itself", () => {
    const e = eventOf({ message_id: 40, from: person, chat: supergroup, date: 1683820600, message_thread_id: 38, text: "#中央-07-2 完成60%" });
    expect(e?.chat.threadId).toBeUndefined();
  });

  it("answers a button pressed in a topic in that topic", () => {
    const press = { id: "cq1", from: person, chat_instance: "ci", data: "pick:1:2", message: { message_id: 35, date: 1683820700, chat: forum, message_thread_id: 30, is_topic_message: true } };
    expect(parseUpdate({ update_id: 8, callback_query: press }, me, now)?.event?.chat.threadId).toBe("30");
  });
});

describe("reading an anonymous admin", () => {
  it("marks a message posted as the group as anonymous, named after the group", () => {
    const e = eventOf({ message_id: 110, from: anonymous, sender_chat: supergroup, chat: supergroup, date: 1691588103, text: "#中央-07-2 完成60%" });
    expect(e?.sender).toEqual({ userId: "1087968824", displayName: "test", anonymous: true });
  });
});
