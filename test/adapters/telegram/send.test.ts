import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../../src/core/chat";
import { storeEvidence } from "../../../src/ledger/evidence";
import { startFakeTelegram, type FakeTelegram } from "../../support/fake-telegram";
import { jpeg } from "../../support/images";
import { waterGroup, wireAdapter, zhangSan, type Wired } from "./setup";

let fake: FakeTelegram;
let wired: Wired;
const to: ChatRef = { platform: "telegram", chatId: String(waterGroup.id), direct: false };

beforeEach(async () => {
  fake = await startFakeTelegram();
  wired = await wireAdapter(fake, "polling");
});
afterEach(async () => {
  await fake.close();
  wired.cleanup();
});

const store = (bytes: Uint8Array) => storeEvidence(wired.dataDir, bytes, { maxBytes: 20 * 1024 * 1024, tz: "Asia/Shanghai" });
const lines = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}项：河道清淤整改进展情况说明`).join("\n");

describe("sending to Telegram", () => {
  it("replies with the first part of a long message and puts the buttons under the last", async () => {
    const asked = fake.text({ chat: waterGroup, from: zhangSan, text: "今天完成了护坡加固" }).message!.message_id as number;
    const { messageId } = await wired.adapter.send(to, {
      blocks: [{ type: "text", text: lines(400) }],
      buttons: [[{ label: "中央-07-2 河道清淤", data: "pick:1:2" }], [{ label: "省-15 污水直排整治", data: "pick:1:3" }]],
      replyTo: String(asked),
    });
    const sent = fake.sentTexts();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent[0]!.params.reply_parameters).toEqual({ message_id: asked, allow_sending_without_reply: true });
    expect(sent.slice(1).map((s) => s.params.reply_parameters)).toEqual(sent.slice(1).map(() => undefined));
    expect(sent.slice(0, -1).map((s) => s.params.reply_markup)).toEqual(sent.slice(0, -1).map(() => undefined));
    expect(sent.at(-1)!.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: "中央-07-2 河道清淤", callback_data: "pick:1:2" }], [{ text: "省-15 污水直排整治", callback_data: "pick:1:3" }]],
    });
    expect(messageId).toBe(String(fake.botMessages(waterGroup.id)[0]!.message_id));
  });

  it("sends several evidence photos from storage after the text as one album, with their captions", async () => {
    const [a, b] = [await jpeg({ seed: 1 }), await jpeg({ seed: 2 })];
    const [sa, sb] = [await store(a), await store(b)];
    const { messageId } = await wired.adapter.send(to, {
      blocks: [{ type: "heading", text: "中央-07-2 河道清淤" }],
      images: [{ sha256: sa.sha256, caption: "整改后 <下游段>" }, { sha256: sb.sha256 }],
    });
    const [album] = fake.callsTo("sendMediaGroup");
    expect([album!.files["media.0"], album!.files["media.1"]].map((f) => Buffer.from(f!))).toEqual([a, b]);
    const media = album!.params.media as { type: string; caption?: string }[];
    expect(media.map((m) => m.type)).toEqual(["photo", "photo"]);
    expect(media[0]!.caption).toBe("整改后 &lt;下游段&gt;");
    expect(media[1]!.caption).toBeUndefined();
    expect(messageId).toBe(String(fake.botMessages(waterGroup.id)[0]!.message_id));
    expect(fake.calls.map((c) => c.method).filter((m) => m.startsWith("send"))).toEqual(["sendMessage", "sendMediaGroup"]);
  });

  it("sends a single photo with sendPhoto, and more than ten photos as albums of ten and the rest", async () => {
    const stored = [];
    for (let i = 0; i < 12; i++) stored.push(await store(await jpeg({ seed: 100 + i })));
    await wired.adapter.send(to, { blocks: [{ type: "text", text: "十二张" }], images: stored.map((x) => ({ sha256: x.sha256 })) });
    expect(fake.callsTo("sendMediaGroup").map((c) => (c.params.media as unknown[]).length)).toEqual([10, 2]);
    await wired.adapter.send(to, { blocks: [{ type: "text", text: "一张" }], images: [{ sha256: stored[0]!.sha256 }] });
    expect(fake.callsTo("sendPhoto")).toHaveLength(1);
  });

  it("puts the buttons under the last photo when there is no text", async () => {
    const stored = await store(await jpeg({ seed: 3 }));
    await wired.adapter.send(to, { blocks: [], images: [{ sha256: stored.sha256 }], buttons: [[{ label: "销号", data: "accept:中央-07-2" }]] });
    expect(fake.callsTo("sendPhoto")[0]!.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "销号", callback_data: "accept:中央-07-2" }]] });
  });

  it("sends a photo too large for sendPhoto as a document, bytes untouched", async () => {
    const width = 2000;
    const height = 1900;
    const big = await sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const stored = await store(big);
    await wired.adapter.send(to, { blocks: [], images: [{ sha256: stored.sha256 }] });
    expect(fake.callsTo("sendPhoto")).toEqual([]);
    // Compared by hash: deep equality over eleven million bytes takes minutes.
    expect(createHash("sha256").update(fake.callsTo("sendDocument")[0]!.files.document!).digest("hex")).toBe(stored.sha256);
  });

  it("leaves out a photo whose file is missing and still sends the rest", async () => {
    await wired.adapter.send(to, { blocks: [{ type: "text", text: "两张照片" }], images: [{ sha256: "ab".repeat(32) }] });
    expect(fake.sentTexts().map((s) => s.text)).toEqual(["两张照片"]);
    expect(fake.callsTo("sendPhoto")).toEqual([]);
  });

  it("edits an earlier message in place, and counts an unchanged edit as done", async () => {
    const { messageId } = await wired.adapter.send(to, { blocks: [{ type: "text", text: "已记录进展：照片 1 张" }] });
    const edited = await wired.adapter.send(to, { blocks: [{ type: "text", text: "已记录进展：照片 3 张" }], edit: messageId });
    expect(edited.messageId).toBe(messageId);
    expect(fake.botMessages(waterGroup.id).map((m) => m.text)).toEqual(["已记录进展：照片 3 张"]);
    expect(await wired.adapter.send(to, { blocks: [{ type: "text", text: "已记录进展：照片 3 张" }], edit: messageId })).toEqual({ messageId });
    expect(fake.callsTo("editMessageText").map((c) => c.status)).toEqual([200, 400]);
  });

  it("sends a new message when the one to edit is gone", async () => {
    const { messageId } = await wired.adapter.send(to, { blocks: [{ type: "text", text: "已记录进展：照片 2 张" }], edit: "987654" });
    expect(messageId).not.toBe("987654");
    expect(fake.botMessages(waterGroup.id).map((m) => [String(m.message_id), m.text])).toEqual([[messageId, "已记录进展：照片 2 张"]]);
  });

  it("sends text, photos and files into the chat's topic", async () => {
    const forum = { id: -1001500020, type: "supergroup" as const, title: "县整改工作专班", is_forum: true };
    const topic = fake.openTopic({ chat: forum, by: zhangSan, name: "水利局" });
    const stored = await store(await jpeg({ seed: 4 }));
    const inTopic: ChatRef = { platform: "telegram", chatId: String(forum.id), direct: false, threadId: String(topic) };
    await wired.adapter.send(inTopic, { blocks: [{ type: "text", text: "照片" }], images: [{ sha256: stored.sha256 }], files: [{ path: stored.path, name: "台账.jpg" }] });
    const sends = fake.calls.filter((c) => c.method.startsWith("send"));
    expect(sends.map((c) => [c.method, Number(c.params.message_thread_id), c.status])).toEqual([
      ["sendMessage", topic, 200],
      ["sendPhoto", topic, 200],
      ["sendDocument", topic, 200],
    ]);
  });

  it("refuses to send a message with nothing in it", async () => {
    const err = await wired.adapter.send(to, { blocks: [{ type: "text", text: " " }] }).catch((e: unknown) => e);
    expect(wired.adapter.classify(err).retry).toBe(false);
    expect(fake.calls.filter((c) => c.method.startsWith("send"))).toEqual([]);
  });
});

describe("failed sends, for the dispatcher", () => {
  const attempt = () => wired.adapter.send(to, { blocks: [{ type: "text", text: "今日督办" }] }).then(() => null, (e: unknown) => e);

  it("makes one attempt and leaves retrying to the dispatcher", async () => {
    fake.failNext("sendMessage", { status: 502 });
    expect(await attempt()).not.toBeNull();
    expect(fake.callsTo("sendMessage").map((c) => c.status)).toEqual([502]);
  });

  it("retries after Telegram's delay on 429, with backoff on 5xx and dropped connections", async () => {
    fake.failNext("sendMessage", { status: 429, retryAfter: 12 });
    expect(wired.adapter.classify(await attempt())).toMatchObject({ retry: true, afterMs: 12_000 });
    fake.failNext("sendMessage", { status: 503 });
    expect(wired.adapter.classify(await attempt())).toEqual({ retry: true, reason: "503 Internal Server Error" });
    fake.failNext("sendMessage", "network");
    expect(wired.adapter.classify(await attempt())).toMatchObject({ retry: true });
  });

  it("names the supergroup a group was upgraded to, so the message goes there instead", async () => {
    const group = { id: -599075523, type: "group" as const, title: "县领导督办群" };
    fake.upgrade({ group, to: { id: -1001555296434, type: "supergroup", title: "县领导督办群" }, by: zhangSan });
    const err = await wired.adapter.send({ platform: "telegram", chatId: String(group.id), direct: false }, { blocks: [{ type: "text", text: "今日督办" }] }).catch((e: unknown) => e);
    expect(wired.adapter.classify(err)).toEqual({ retry: true, movedTo: "-1001555296434", reason: "400 Bad Request: group chat was upgraded to a supergroup chat" });
  });

  it("gives up on what will fail again: a bot removed from the group, a bad request", async () => {
    fake.failNext("sendMessage", { status: 403 });
    expect(wired.adapter.classify(await attempt())).toEqual({ retry: false, reason: "403 Forbidden: bot was kicked from the group chat" });
    const tooLong = await wired.adapter
      .send(to, { blocks: [{ type: "text", text: "选择" }], buttons: [[{ label: "x", data: "pick:".repeat(20) }]] })
      .catch((e: unknown) => e);
    expect(wired.adapter.classify(tooLong)).toEqual({ retry: false, reason: "400 Bad Request: BUTTON_DATA_INVALID" });
  });
});
