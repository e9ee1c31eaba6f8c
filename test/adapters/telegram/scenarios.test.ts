/**
 * The whole bot behind the real grammY adapter and a fake Telegram: what officials and
 * leaders see in their Telegram chats, by long polling and by webhook.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeTelegram, TgChat, TgUser } from "../../support/fake-telegram";
import type { TestDuban } from "../../support/harness";
import { jpeg } from "../../support/images";
import { MODES, dmWith, shownIn, startTelegramDuban, stopTelegramDuban, waterGroup, zhangSan, type Wired } from "./setup";

const leadersGroup: TgChat = { id: -1001500009, type: "supergroup", title: "县领导督办群" };
const stranger: TgUser = { id: 4242999, first_name: "路人" };

let fake: FakeTelegram;
let wired: Wired;
let t: TestDuban;
afterEach(() => stopTelegramDuban({ fake, wired, t }));

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** What people read in a Telegram chat, message by message. */
const shown = (chat: TgChat) => shownIn(fake, chat);

describe.each(MODES)("duban on Telegram by %s", (mode) => {
  async function start() {
    ({ fake, wired, t } = await startTelegramDuban(mode));
    await t.bindAs("telegram", String(zhangSan.id), "official");
  }

  it("/帮助 in a group warns, while privacy mode hides group messages, that photos there go unseen", async () => {
    await start();
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "/帮助" }));
    await fake.deliver(fake.text({ chat: dmWith(zhangSan), from: zhangSan, text: "/帮助" }));
    await t.deliverAll();
    expect(shown(waterGroup).join("\n")).toContain("我目前看不到本群的普通消息和照片");
    expect(shown(dmWith(zhangSan)).join("\n")).not.toContain("我目前看不到本群的普通消息和照片");
  });

  it("a photo report with a caption is recorded with the full-size photo and acknowledged in the group", async () => {
    await start();
    const photo = await jpeg({ seed: 1 });
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: photo, caption: "#中央-07-2 河道清淤完成60%" }));
    await t.deliverAll();
    const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.progress).toBe(60);
    expect((await t.ledger.db.photo.findMany({ where: { itemId: item.id } })).map((p) => p.sha256)).toEqual([sha256(photo)]);
    expect(shown(waterGroup).join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
  });

  it("an album of three photos becomes one report with three photos and one receipt", async () => {
    await start();
    const parts = await Promise.all([1, 2, 3].map((seed) => jpeg({ seed })));
    const updates = parts.map((bytes, i) =>
      fake.photo({ chat: waterGroup, from: zhangSan, bytes, albumKey: "13579246", ...(i === 0 ? { caption: "#中央-07-2 清淤现场" } : {}) }),
    );
    await Promise.all(updates.map((u) => fake.deliver(u)));
    await t.deliverAll();
    const reports = await t.ledger.db.report.findMany();
    expect(reports).toHaveLength(1);
    expect(await t.ledger.db.photo.count({ where: { reportId: reports[0]!.id } })).toBe(3);
    expect(shown(waterGroup)).toHaveLength(1);
    expect(shown(waterGroup)[0]).toContain("照片 3 张");
  });

  it("/进展 shows the item's history with the album's photos as one album", async () => {
    await start();
    const parts = await Promise.all([4, 5, 6].map((seed) => jpeg({ seed })));
    const updates = parts.map((bytes, i) =>
      fake.photo({ chat: waterGroup, from: zhangSan, bytes, albumKey: "24681357", ...(i === 0 ? { caption: "#中央-07-2 清淤现场" } : {}) }),
    );
    for (const u of updates) await fake.deliver(u);
    await t.deliverAll();
    await fake.deliver(fake.text({ chat: dmWith(zhangSan), from: zhangSan, text: "/进展 中央-07-2" }));
    await t.deliverAll();
    expect(shown(dmWith(zhangSan)).at(-1)).toContain("中央-07-2 河道清淤 · 整改进展");
    const album = fake.callsTo("sendMediaGroup").filter((c) => String(c.params.chat_id) === String(zhangSan.id));
    expect(album).toHaveLength(1);
    expect(Object.values(album[0]!.files).map(sha256).sort()).toEqual(parts.map(sha256).sort());
  });

  it("a reply to the bot's message about an item is a report on that item", async () => {
    await start();
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "/查询 省-15" }));
    await t.deliverAll();
    const card = fake.botMessages(waterGroup.id).at(-1)!;
    expect(card.text).toContain("省-15");
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "截污管网已铺设完成50%", replyTo: card.message_id as number }));
    await t.deliverAll();
    expect(shown(waterGroup).at(-1)).toContain("已记录进展：省-15");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } })).progress).toBe(50);
  });

  it("a report without an item asks with buttons, and pressing one files it", async () => {
    await start();
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: await jpeg({ seed: 5 }), caption: "今天完成了护坡加固" }));
    await t.deliverAll();
    const question = fake.botMessages(waterGroup.id).at(-1)!;
    expect(question.text).toContain("这条进展是关于哪项整改任务的");
    const buttons = (question.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    const choice = buttons.find((b) => b.text.startsWith("中央-07-2"))!;
    const press = fake.buttonPress({ chat: waterGroup, from: zhangSan, data: choice.callback_data, messageId: question.message_id as number });
    await fake.deliver(press);
    await t.deliverAll();
    expect(shown(waterGroup).at(-1)).toContain("已记录进展：中央-07-2");
    const report = await t.ledger.db.report.findFirstOrThrow();
    expect(await t.ledger.db.photo.count({ where: { itemId: report.itemId } })).toBe(1);
    expect(fake.callsTo("answerCallbackQuery").map((c) => [c.params.callback_query_id, c.status])).toEqual([[press.callback_query!.id, 200]]);
  });

  it("a command addressed to @DubanBot in a group is answered there; one for another bot is not", async () => {
    await start();
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "/status@OtherBot 中央-07-2" }));
    await t.deliverAll();
    expect(shown(waterGroup)).toEqual([]);
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "/status@DubanBot 中央-07-2" }));
    await t.deliverAll();
    expect(shown(waterGroup).join("\n")).toContain("中央-07-2 河道清淤");
  });

  it("an update Telegram delivers twice is recorded and answered once", async () => {
    await start();
    const update = fake.text({ chat: waterGroup, from: zhangSan, text: "#中央-07-2 下游段清淤完成70%" });
    await fake.deliver(update);
    await fake.deliver(update);
    await t.deliverAll();
    expect(await t.ledger.db.report.count()).toBe(1);
    expect(shown(waterGroup)).toHaveLength(1);
  });

  it("a digest refused with 429 waits the time Telegram asks and then goes out, once", async () => {
    await start();
    await t.ledger.db.chat.create({ data: { platform: "telegram", chatId: String(leadersGroup.id), purpose: "leaders", createdAt: t.clock.now() } });
    fake.failNext("sendMessage", { status: 429, retryAfter: 30 });
    await t.duban.scheduler.tick();
    expect(await t.deliverAll()).toBe(0);
    expect(fake.callsTo("sendMessage").map((c) => c.status)).toEqual([429]);
    t.clock.advance(20_000);
    expect(await t.deliverAll()).toBe(0);
    t.clock.advance(10_000);
    expect(await t.deliverAll()).toBeGreaterThan(0);
    expect(fake.callsTo("sendMessage").map((c) => c.status)).toEqual([429, 200]);
    expect(shown(leadersGroup).join("\n")).toContain("省-15");
  });

  it("the digest arrives in the leaders' group as its text and then its chart, a PNG photo", async () => {
    await start();
    await t.ledger.db.chat.create({ data: { platform: "telegram", chatId: String(leadersGroup.id), purpose: "leaders", createdAt: t.clock.now() } });
    await t.duban.scheduler.tick();
    await t.deliverAll();
    expect(shown(leadersGroup).join("\n")).toContain("督察整改日报");
    const photos = fake.callsTo("sendPhoto").filter((c) => String(c.params.chat_id) === String(leadersGroup.id));
    expect(photos).toHaveLength(1);
    expect(photos[0]!.params.caption).toBe("各单位红黄绿灯与逾期趋势");
    const bytes = Object.values(photos[0]!.files)[0]!;
    expect(Buffer.from(bytes.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
  });

  it("a receipt waits while the Bot API is down and goes out when it is back", async () => {
    await start();
    fake.failNext("sendMessage", { status: 502 });
    fake.failNext("sendMessage", "network");
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "#中央-07-2 完成80%" }));
    expect(await t.deliverAll()).toBe(0);
    t.clock.advance(60_000);
    expect(await t.deliverAll()).toBe(0);
    t.clock.advance(60_000);
    expect(await t.deliverAll()).toBe(1);
    expect(fake.callsTo("sendMessage").map((c) => c.status)).toEqual([502, 0, 200]);
    expect(shown(waterGroup)).toEqual([expect.stringContaining("已记录进展：中央-07-2")]);
  });

  it("a photo that cannot be downloaded is reported back, and the text is still recorded", async () => {
    await start();
    fake.failNext("file", { status: 502 }, 2);
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: await jpeg({ seed: 6 }), caption: "#中央-07-2 清淤完成40%" }));
    await t.deliverAll();
    const answer = shown(waterGroup).join("\n");
    expect(answer).toContain("有一张图片未能接收（下载失败），请重新发送。");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).progress).toBe(40);
    expect(await t.ledger.db.photo.count()).toBe(0);
  });

  it("someone not bound to the ledger is told how to bind, and nothing is recorded", async () => {
    await start();
    await fake.deliver(fake.text({ chat: dmWith(stranger), from: stranger, text: "#中央-07-2 完成了" }));
    await t.deliverAll();
    expect(shown(dmWith(stranger)).join("\n")).toContain("您的账号还没有绑定到台账中的人员");
    expect(await t.ledger.db.report.count()).toBe(0);
  });
});
