import { describe, expect, it } from "vitest";
import { parseUpdate } from "../../../adapters/telegram/parse";

const me = { id: 777, username: "DubanBot" };
const now = new Date("2026-11-28T02:00:00Z");
const group = { id: -1001500001, type: "supergroup", title: "水利局整改工作群" };
const zhang = { id: 4242001, is_bot: false, first_name: "三", last_name: "张" };

const message = (fields: Record<string, unknown>, update_id = 1001) => ({
  update_id,
  message: { message_id: 55, date: 1_795_000_000, chat: group, from: zhang, ...fields },
});
const command = (text: string, key: "entities" | "caption_entities" = "entities") => {
  const length = text.split(" ")[0]!.length;
  return { [key === "entities" ? "text" : "caption"]: text, [key]: [{ type: "bot_command", offset: 0, length }] };
};
const eventOf = (raw: unknown) => parseUpdate(raw, me, now)?.event;

describe("reading a Telegram update", () => {
  it("turns a group text message into an event with the update id, chat, sender, text and time", () => {
    expect(eventOf(message({ text: "中央-07-2 已完成60%" }))).toEqual({
      eventId: "tg:1001",
      chat: { platform: "telegram", chatId: "-1001500001", direct: false, title: "水利局整改工作群" },
      sender: { userId: "4242001", displayName: "三 张" },
      text: "中央-07-2 已完成60%",
      media: [],
      messageId: "55",
      at: new Date(1_795_000_000 * 1000),
    });
  });

  it("marks a private chat as direct", () => {
    const raw = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 4242001, type: "private" }, from: zhang, text: "hi" } };
    expect(eventOf(raw)?.chat.direct).toBe(true);
  });

  it("separates a command from its arguments", () => {
    const e = eventOf(message(command("/status 中央-07-2")));
    expect(e?.command).toEqual({ name: "status", args: "中央-07-2" });
    expect(e?.text).toBe("中央-07-2");
  });

  it("understands /cmd@BotName in a group, whatever the case of the names", () => {
    expect(eventOf(message(command("/Status@dubanbot 中央-07-2")))?.command).toEqual({ name: "status", args: "中央-07-2" });
  });

  it("leaves a command addressed to another bot alone", () => {
    expect(parseUpdate(message(command("/status@OtherBot 中央-07-2")), me, now)).toEqual({ updateId: 1001 });
  });

  it("leaves a Chinese command addressed to another bot alone, though Telegram marks no command in it", () => {
    expect(parseUpdate(message({ text: "/查询@OtherBot 中央-07-2" }), me, now)).toEqual({ updateId: 1001 });
    expect(eventOf(message({ text: "/查询@DubanBot 中央-07-2" }))?.text).toBe("/查询@DubanBot 中央-07-2");
  });

  it("reads a command written in a photo caption", () => {
    const e = eventOf(message({ ...command("/report 中央-07-2 完成", "caption_entities"), photo: [{ file_id: "p", width: 10, height: 10 }] }));
    expect(e?.command).toEqual({ name: "report", args: "中央-07-2 完成" });
    expect(e?.media).toHaveLength(1);
  });

  it("takes the largest size of a photo and its caption as the text", () => {
    const photo = [
      { file_id: "medium", width: 320, height: 240, file_size: 20_000 },
      { file_id: "large", width: 1280, height: 960, file_size: 180_000 },
      { file_id: "thumb", width: 90, height: 68 },
    ];
    const e = eventOf(message({ photo, caption: "中央-07-2 清淤完成" }));
    expect(e?.media).toEqual([{ fileId: "large", kind: "photo", size: 180_000 }]);
    expect(e?.text).toBe("中央-07-2 清淤完成");
  });

  it("gives the parts of an album the album's key", () => {
    const e = eventOf(message({ photo: [{ file_id: "p", width: 10, height: 10 }], media_group_id: "13579" }));
    expect(e?.albumKey).toBe("13579");
  });

  it("takes a photo sent as a file, with its type, name and size", () => {
    const document = { file_id: "doc", mime_type: "image/jpeg", file_name: "IMG_0042.JPG", file_size: 3_400_000 };
    expect(eventOf(message({ document }))?.media).toEqual([
      { fileId: "doc", kind: "document", mime: "image/jpeg", fileName: "IMG_0042.JPG", size: 3_400_000 },
    ]);
  });

  it("takes a file that is not an image too (a PDF as evidence, an .xlsx for /导入): the bot judges its bytes", () => {
    const document = { file_id: "doc", mime_type: "application/pdf", file_name: "方案.pdf" };
    expect(eventOf(message({ document, caption: "整改方案" }))).toMatchObject({
      text: "整改方案",
      media: [{ fileId: "doc", kind: "document", mime: "application/pdf", fileName: "方案.pdf" }],
    });
    expect(eventOf(message({ document }))?.media).toHaveLength(1);
  });

  it("knows a reply to the bot's own message, and only that", () => {
    const toBot = eventOf(message({ text: "已完成", reply_to_message: { message_id: 40, date: 1, chat: group, from: { id: 777, is_bot: true } } }));
    expect(toBot?.replyTo).toBe("40");
    const toColleague = eventOf(message({ text: "收到", reply_to_message: { message_id: 41, date: 1, chat: group, from: zhang } }));
    expect(toColleague?.replyTo).toBeUndefined();
  });

  it("ignores the bot's own messages and messages with nothing in them", () => {
    expect(eventOf(message({ from: { id: 777, is_bot: true, first_name: "督办" }, text: "我是机器人" }))).toBeUndefined();
    expect(eventOf(message({ new_chat_members: [zhang] }))).toBeUndefined();
  });

  it("turns a button press into an action on the message that carried the button, to be acknowledged", () => {
    const raw = {
      update_id: 2002,
      callback_query: { id: "cq-9", from: zhang, chat_instance: "x", data: "pick:中央-07-2", message: { message_id: 60, date: 1, chat: group } },
    };
    expect(parseUpdate(raw, me, now)).toEqual({
      updateId: 2002,
      callbackQueryId: "cq-9",
      event: {
        eventId: "tg:2002",
        chat: { platform: "telegram", chatId: "-1001500001", direct: false, title: "水利局整改工作群" },
        sender: { userId: "4242001", displayName: "三 张" },
        text: "",
        media: [],
        action: { data: "pick:中央-07-2", messageId: "60" },
        at: now,
      },
    });
  });

  it("still acknowledges a button press it cannot place", () => {
    const raw = { update_id: 2003, callback_query: { id: "cq-10", from: zhang, chat_instance: "x", inline_message_id: "i" } };
    expect(parseUpdate(raw, me, now)).toEqual({ updateId: 2003, callbackQueryId: "cq-10" });
  });

  it("refuses a body that is not an update", () => {
    expect(parseUpdate({ hello: "world" }, me, now)).toBeNull();
    expect(parseUpdate(null, me, now)).toBeNull();
  });
});
