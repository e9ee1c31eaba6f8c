/** What the WeCom app adapter posts through WeCom's API, and how it reads what fails. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WecomApiError } from "../../../adapters/wecom/api";
import type { ChatRef } from "../../../src/core/chat";
import { storeEvidence } from "../../../src/ledger/evidence";
import { jpeg, scene } from "../../support/images";
import { WATER_CHAT, wireWecom, type Wired } from "./setup";

let w: Wired | undefined;
afterEach(async () => {
  await w?.fake.close();
  w?.cleanup();
  w = undefined;
});

const person: ChatRef = { platform: "wecom", chatId: "zhangsan", direct: true };
const group: ChatRef = { platform: "wecom", chatId: WATER_CHAT, direct: false };
const buttons = [[{ label: "中央-07-2 河道清淤", data: "pick:1:中央-07-2" }, { label: "省-15", data: "pick:1:省-15" }]];

describe("sending through WeCom", () => {
  it("splits a long Chinese text into messages WeCom does not cut (2048 bytes each)", async () => {
    w = await wireWecom();
    const text = Array.from({ length: 300 }, (_, i) => `第${i + 1}项：河道清淤整改进展情况说明`).join("\n");
    await w.adapter.send(person, { blocks: [{ type: "text", text }] });
    const parts = w.fake.texts().map((p) => p.text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(2048);
    expect(parts.join("\n")).toBe(text);
  });

  it("puts buttons on a template card in a person's chat, each button sending its data back as the key", async () => {
    w = await wireWecom();
    await w.adapter.send(person, { blocks: [{ type: "text", text: "这条进展是关于哪项整改任务的？" }], buttons });
    const card = w.fake.posted.find((p) => p.msgtype === "template_card")!;
    expect(card.body.template_card).toMatchObject({
      card_type: "button_interaction",
      main_title: { title: "这条进展是关于哪项整改任务的？" },
      button_list: [{ text: "中央-07-2 河…", key: "pick:1:中央-07-2" }, { text: "省-15", key: "pick:1:省-15" }],
    });
  });

  it("lists the choices as numbered text in an app group chat, which takes no template cards, and says where to answer", async () => {
    w = await wireWecom();
    await w.adapter.send(group, { blocks: [{ type: "text", text: "本周逾期 2 项" }], buttons });
    // appchat/send msgtypes: text, image, voice, video, file, textcard, news, mpnews, markdown (developer.work.weixin.qq.com/document/path/90248).
    expect(w.fake.posted.map((p) => [p.chatId, p.direct, p.msgtype])).toEqual([[WATER_CHAT, false, "text"], [WATER_CHAT, false, "text"]]);
    const [, choices] = w.fake.texts().map((p) => p.text);
    expect(choices).toContain("可选：1. 中央-07-2 河道清淤  2. 省-15");
    expect(choices).toContain("请在与督办应用的单聊中发送命令办理");
  });

  it("sends no choices line into an app group chat when the message has no buttons", async () => {
    w = await wireWecom();
    await w.adapter.send(group, { blocks: [{ type: "text", text: "本周逾期 2 项" }] });
    expect(w.fake.texts().map((p) => p.text)).toEqual(["本周逾期 2 项"]);
  });

  it("uploads an evidence photo through the media API and sends it as a picture", async () => {
    w = await wireWecom();
    const bytes = await jpeg({ seed: 21 });
    const stored = await storeEvidence(w.dataDir, bytes, { maxBytes: 10_000_000, tz: "Asia/Shanghai" });
    await w.adapter.send(group, { blocks: [{ type: "text", text: "中央-07-2 整改照片" }], images: [{ sha256: stored.sha256 }] });
    const image = w.fake.posted.find((p) => p.msgtype === "image")!;
    const mediaId = (image.body.image as { media_id: string }).media_id;
    expect(w.fake.uploads.get(mediaId)).toMatchObject({ type: "image", bytes: new Uint8Array(bytes) });
  });

  it("sends an evidence photo WeCom takes no picture of (a WebP from the web chat) as a file, so that it still arrives", async () => {
    w = await wireWecom();
    const bytes = await scene({ seed: 22 }).webp().toBuffer();
    const stored = await storeEvidence(w.dataDir, bytes, { maxBytes: 10_000_000, tz: "Asia/Shanghai" });
    await w.adapter.send(group, { blocks: [{ type: "text", text: "中央-07-2 整改照片" }], images: [{ sha256: stored.sha256 }] });
    expect(w.fake.posted.map((p) => p.msgtype)).toEqual(["text", "file"]);
    const upload = w.fake.uploads.get((w.fake.posted[1]!.body.file as { media_id: string }).media_id)!;
    expect([upload.type, upload.name.endsWith(".webp"), upload.bytes]).toEqual(["file", true, new Uint8Array(bytes)]);
  });

  it("uploads an exported ledger through the media API as a file under its name, and sends it after the text", async () => {
    w = await wireWecom();
    const sheet = join(w.dataDir, "export.xlsx");
    const bytes = Buffer.alloc(300 * 1024, 9);
    writeFileSync(sheet, bytes);
    await w.adapter.send(person, { blocks: [{ type: "text", text: "整改台账已导出" }], files: [{ path: sheet, name: "整改台账.xlsx" }] });
    expect(w.fake.posted.map((p) => p.msgtype)).toEqual(["text", "file"]);
    const mediaId = (w.fake.posted[1]!.body.file as { media_id: string }).media_id;
    expect(w.fake.uploads.get(mediaId)).toEqual({ type: "file", name: "整改台账.xlsx", bytes: new Uint8Array(bytes) });
  });

  it("a later part of a split message that meets 45009 waits and goes out itself: nothing is shown twice, nothing lost", async () => {
    w = await wireWecom();
    const text = Array.from({ length: 120 }, (_, i) => `第${i + 1}项：河道清淤整改进展情况说明`).join("\n");
    w.fake.fail45009Next(1, 1);
    await w.adapter.send(person, { blocks: [{ type: "text", text }] });
    const codes = w.fake.calls.map((c) => c.errcode);
    expect(codes.slice(0, 3)).toEqual([0, 45009, 0]);
    expect(codes.filter((c) => c !== 0)).toEqual([45009]);
    expect(w.fake.texts().map((p) => p.text).join("\n")).toBe(text);
  });

  it("classifies WeCom's errcodes: 45009 waits a minute for the whole app, a bad userid is not retried", async () => {
    w = await wireWecom();
    w.fake.fail45009Next();
    const limited = await w.adapter.send(person, { blocks: [{ type: "text", text: "x" }] }).catch((e: unknown) => e);
    expect(w.adapter.classify(limited)).toMatchObject({ retry: true, afterMs: 60_000, scope: "platform" });
    expect(w.adapter.classify(new WecomApiError("/cgi-bin/message/send", 40003, "invalid userid")).retry).toBe(false);
    expect(w.adapter.classify(new WecomApiError("/cgi-bin/message/send", -1, "system busy")).retry).toBe(true);
  });

  it("making the same group again (a /建群 retried after WeCom made it) meets the group made the first time, not a second one", async () => {
    w = await wireWecom();
    const ask = { key: "req-42", title: "县水利局整改工作群", ownerUserId: "wangzhuren", memberUserIds: ["wangzhuren", "wangwu"] };
    const first = await w.adapter.createGroup!(ask);
    // appchat/create answers 86215 (会话ID已经存在) for the chatid made from the same request.
    const again = await w.adapter.createGroup!(ask);
    expect(again).toEqual(first);
    expect([...w.fake.chats.keys()].filter((id) => id.startsWith("duban"))).toEqual([first.chatId]);
    expect(w.fake.calls.filter((c) => c.path === "/cgi-bin/appchat/create").map((c) => c.errcode)).toEqual([0, 86215]);
  });

  it("a send whose token WeCom will not issue (the secret was reset) is not retried, and says which values to check", async () => {
    w = await wireWecom({ secret: "reset-in-the-console" });
    const refused = await w.adapter.send(person, { blocks: [{ type: "text", text: "x" }] }).catch((e: unknown) => e);
    expect(w.adapter.classify(refused)).toMatchObject({ retry: false, reason: expect.stringMatching(/WECOM_CORP_ID \/ WECOM_SECRET: errcode 40001/) });
    expect(w.fake.posted).toEqual([]);
  });
});
