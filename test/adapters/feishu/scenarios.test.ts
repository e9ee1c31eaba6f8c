/**
 * The whole bot behind the real Feishu SDK and a fake Feishu: what officials and leaders
 * see in their Feishu chats, over the long connection and at the callback URL.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { issueBindCode } from "../../../src/ledger/people";
import { jpeg } from "../../support/images";
import { shownIn, startFeishuDuban, stopFeishuDuban, type FeishuDuban } from "./setup";

const waterGroup = "oc_shuiliju00000001";
const leadersGroup = "oc_lingdao000000001";
const zhangSan = "ou_zhangsan0000001";

let d: FeishuDuban | undefined;
afterEach(async () => {
  await stopFeishuDuban(d);
  d = undefined;
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe.each(["ws", "http"] as const)("duban on Feishu by %s", (mode) => {
  async function start() {
    d = await startFeishuDuban(mode);
    await d.t.bindAs("feishu", zhangSan, "official");
    return d;
  }
  /** Feishu delivers an event: over the socket, or posted encrypted and signed. */
  async function deliver(env: Record<string, unknown>): Promise<void> {
    if (mode === "ws") expect(await d!.fake.push(env)).toBe(200);
    else expect((await d!.fake.post(d!.adapter.eventsUrl()!, env)).status).toBe(200);
  }
  const shown = (chatId: string) => shownIn(d!.fake, chatId);

  it("a rich-text report with a photo that @mentions the bot is recorded with the photo and answered in reply", async () => {
    const { fake, t } = await start();
    const photo = await jpeg({ seed: 1 });
    const env = fake.messageEnvelope({
      chatId: waterGroup, userId: zhangSan, type: "post",
      content: { title: "", content: [[{ tag: "at", user_id: "@_user_1", user_name: "督办" }, { tag: "text", text: " #中央-07-2 河道清淤完成60%" }], [{ tag: "img", image_key: "img_v3_site1" }]] },
      mentions: [{ key: "@_user_1", id: { open_id: fake.botOpenId }, name: "督办", tenant_key: "fake-tenant" }],
    });
    const messageId = (env.event as { message: { message_id: string } }).message.message_id;
    fake.addResource(messageId, "img_v3_site1", photo, "image");
    await deliver(env);
    await t.deliverAll();
    const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.progress).toBe(60);
    expect((await t.ledger.db.report.findFirstOrThrow()).text).not.toContain("@");
    expect((await t.ledger.db.photo.findMany({ where: { itemId: item.id } })).map((p) => p.sha256)).toEqual([sha256(photo)]);
    expect(fake.downloads).toEqual([{ messageId, key: "img_v3_site1", type: "image" }]);
    const receipt = fake.messages.at(-1)!;
    expect(receipt.replyTo).toBe(messageId);
    expect(shown(waterGroup).join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
  });

  it("a text that @mentions the bot is read without the mention", async () => {
    const { fake, t } = await start();
    await deliver(fake.messageEnvelope({
      chatId: waterGroup, userId: zhangSan, type: "text", content: { text: "@_user_1 #中央-07-2 下游段完成80%" },
      mentions: [{ key: "@_user_1", id: { open_id: fake.botOpenId }, name: "督办" }],
    }));
    await t.deliverAll();
    expect(await t.ledger.db.report.findMany({ select: { text: true, percent: true } })).toEqual([{ text: "下游段完成80%", percent: 80 }]);
  });

  it("a file sent after a report is fetched through the message-resource API as a file", async () => {
    const { fake, t } = await start();
    const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await deliver(fake.messageEnvelope({ chatId: waterGroup, userId: zhangSan, type: "text", content: { text: "#中央-07-2 整改报告见附件" } }));
    const env = fake.messageEnvelope({ chatId: waterGroup, userId: zhangSan, type: "file", content: { file_key: "file_v3_report", file_name: "整改报告.pdf" } });
    const messageId = (env.event as { message: { message_id: string } }).message.message_id;
    fake.addResource(messageId, "file_v3_report", pdf, "file");
    await deliver(env);
    await t.deliverAll();
    expect(fake.downloads).toEqual([{ messageId, key: "file_v3_report", type: "file" }]);
    expect(await t.ledger.db.report.count()).toBe(1);
  });

  it("a report without an item asks on a card with buttons, and pressing one files it", async () => {
    const { fake, t } = await start();
    const photo = await jpeg({ seed: 5 });
    const env = fake.messageEnvelope({ chatId: waterGroup, userId: zhangSan, type: "post", content: { title: "", content: [[{ tag: "text", text: "今天完成了护坡加固" }], [{ tag: "img", image_key: "img_v3_slope" }]] } });
    fake.addResource((env.event as { message: { message_id: string } }).message.message_id, "img_v3_slope", photo, "image");
    await deliver(env);
    await t.deliverAll();
    const question = fake.messages.at(-1)!;
    expect(question.msgType).toBe("interactive");
    expect(question.text).toContain("这条进展是关于哪项整改任务的");
    const buttons = (question.content.elements as { tag: string; actions?: { text: { content: string }; value: Record<string, unknown> }[] }[])
      .flatMap((e) => e.actions ?? []);
    const choice = buttons.find((b) => b.text.content.startsWith("中央-07-2"))!;
    await deliver(fake.cardEnvelope({ chatId: waterGroup, userId: zhangSan, messageId: question.messageId, value: choice.value }));
    await t.deliverAll();
    expect(shown(waterGroup).join("\n")).toContain("已记录进展：中央-07-2");
    const report = await t.ledger.db.report.findFirstOrThrow();
    expect(await t.ledger.db.photo.count({ where: { itemId: report.itemId } })).toBe(1);
  });

  it("an event Feishu delivers twice is recorded and answered once", async () => {
    const { fake, t } = await start();
    const env = fake.messageEnvelope({ chatId: waterGroup, userId: zhangSan, type: "text", content: { text: "#中央-07-2 下游段清淤完成70%" } });
    await deliver(env);
    await deliver(env);
    await t.deliverAll();
    expect(await t.ledger.db.report.count()).toBe(1);
    expect(shown(waterGroup)).toHaveLength(1);
  });

  it("a digest refused for the app's rate limit waits the time Feishu asks and then goes out, once", async () => {
    const { fake, t } = await start();
    await t.ledger.db.chat.create({ data: { platform: "feishu", chatId: leadersGroup, purpose: "leaders", createdAt: t.clock.now() } });
    fake.fail429Next(30);
    await t.duban.scheduler.tick();
    expect(await t.deliverAll()).toBe(0);
    expect(shown(leadersGroup)).toEqual([]);
    t.clock.advance(20_000);
    expect(await t.deliverAll()).toBe(0);
    t.clock.advance(10_000);
    expect(await t.deliverAll()).toBeGreaterThan(0);
    const digest = fake.messages.filter((m) => m.chatId === leadersGroup);
    expect(digest[0]!.msgType).toBe("interactive");
    expect(shown(leadersGroup).join("\n")).toContain("省-15");
  });

  it("a group over Feishu's per-chat limit (230020) gets the receipt a moment later", async () => {
    const { fake, t } = await start();
    fake.failNext({ status: 400, code: 230020, msg: "This chat is sending messages too frequently" });
    await deliver(fake.messageEnvelope({ chatId: waterGroup, userId: zhangSan, type: "text", content: { text: "#中央-07-2 完成90%" } }));
    expect(await t.deliverAll()).toBe(0);
    t.clock.advance(1_000);
    expect(await t.deliverAll()).toBe(1);
    expect(shown(waterGroup)).toEqual([expect.stringContaining("已记录进展：中央-07-2")]);
  });

  it("an expired tenant access token is replaced and the answer still goes out", async () => {
    const { fake, t } = await start();
    fake.expireTokens();
    await deliver(fake.messageEnvelope({ chatId: waterGroup, userId: zhangSan, type: "text", content: { text: "#中央-07-2 完成50%" } }));
    expect(await t.deliverAll()).toBe(1);
    expect(fake.tokenRequests).toHaveLength(2);
    expect(shown(waterGroup)).toEqual([expect.stringContaining("已记录进展：中央-07-2")]);
  });

  it("a personal reminder goes to the person's open_id as a direct message", async () => {
    const { adapter, fake } = await start();
    await adapter.send({ platform: "feishu", chatId: zhangSan, direct: true }, { blocks: [{ type: "text", text: "您有 2 项整改任务即将到期" }] });
    expect(fake.messages.map((m) => [m.chatId, m.receiveIdType, m.text])).toEqual([[zhangSan, "open_id", "您有 2 项整改任务即将到期"]]);
  });
});

describe("binding a Feishu account", () => {
  it("/绑定 with a code in a one-to-one chat binds the sender's open_id, and their reports are then recorded", async () => {
    d = await startFeishuDuban("ws");
    const { fake, t } = d;
    const code = await t.ledger.tx((session) => issueBindCode(session, { personId: t.county.people.official.id, createdById: null, now: t.clock.now() }));
    const dm = "oc_p2p_zhangsan";
    await fake.push(fake.messageEnvelope({ chatId: dm, userId: zhangSan, type: "text", content: { text: `/绑定 ${code}` }, chatType: "p2p" }));
    await t.deliverAll();
    expect(shownIn(fake, dm).join("\n")).toContain("绑定成功！张三");
    expect(await t.ledger.db.chatIdentity.findMany({ select: { platform: true, userId: true } })).toEqual([{ platform: "feishu", userId: zhangSan }]);
    await fake.push(fake.messageEnvelope({ chatId: waterGroup, userId: zhangSan, type: "text", content: { text: "#中央-07-2 完成30%" } }));
    await t.deliverAll();
    expect(await t.ledger.db.report.count()).toBe(1);
  });
});
