/**
 * A photo without a capture time on Telegram, through the real grammY adapter and the fake
 * Telegram: the receipt asks once for the original "as file", a further photo of the same
 * report asks nothing more, the original sent as a file joins the report with its capture
 * time, and the soft note never becomes a warning on the sign-off card.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeTelegram, TgUser } from "../../support/fake-telegram";
import { readTelegramHtml } from "../../support/fake-telegram";
import type { TestDuban } from "../../support/harness";
import { PHOTOS_DIR } from "../../support/copies";
import { dmWith, shownIn, startTelegramDuban, stopTelegramDuban, waterGroup, zhangSan, type Wired } from "./setup";

let fake: FakeTelegram;
let wired: Wired;
let t: TestDuban;
afterEach(() => stopTelegramDuban({ fake, wired, t }));

const wangZhuren: TgUser = { id: 4242003, first_name: "主任", username: "wang" };
const office = dmWith(wangZhuren);
const ASK = "以文件形式发送";
const fixture = (name: string) => readFileSync(join(PHOTOS_DIR, name));

/** The phone's original of a chat photo: the same picture, with the capture time its camera wrote (county time, +08:00). */
async function original(bytes: Buffer, takenAt: Date): Promise<Buffer> {
  const local = new Date(takenAt.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/-/g, ":").replace("T", " ");
  return sharp(bytes).withExif({ IFD0: { Make: "duban-test-phone" }, IFD2: { DateTimeOriginal: local, OffsetTimeOriginal: "+08:00" } }).jpeg({ quality: 95 }).toBuffer();
}

/** Every message the bot ever sent into the group that asks for an original (edits are not new messages). */
const asks = () => fake.sentTexts().filter((s) => s.chatId === String(waterGroup.id) && readTelegramHtml(s.text).includes(ASK));
const receiptNow = () => readTelegramHtml(String(fake.botMessages(waterGroup.id).find((m) => String(m.text).includes("已记录进展：中央-07-2"))!.text));

async function start(): Promise<void> {
  ({ fake, wired, t } = await startTelegramDuban("polling"));
  await t.bindAs("telegram", String(zhangSan.id), "official");
  await t.bindAs("telegram", String(wangZhuren.id), "coordinator");
}

describe("a photo without a capture time on Telegram", () => {
  it("gets one ask for the original as a file; the original joins the report with its capture time and answers the note", async () => {
    await start();
    const brick = fixture("brick.jpg");
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: brick, caption: "#中央-07-2 清淤现场" }));
    await t.deliverAll();
    expect(shownIn(fake, waterGroup).at(-1)).toContain("已记录进展：中央-07-2");
    expect(asks()).toHaveLength(1);
    expect(asks()[0]!.text).toContain("10 分钟内");

    // A second photo a minute later joins the same report: its receipt is corrected, not asked again.
    t.clock.advance(60_000);
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: fixture("gravel.jpg") }));
    await t.deliverAll();
    expect(receiptNow()).toContain("照片 2 张");
    expect(asks()).toHaveLength(1);

    // The original, sent as a file: a photo of the same report, with the time its camera wrote.
    t.clock.advance(60_000);
    const takenAt = new Date(Math.floor((t.clock.now().getTime() - 3600_000) / 1000) * 1000);
    await fake.deliver(fake.document({ chat: waterGroup, from: zhangSan, bytes: await original(brick, takenAt), mime: "image/jpeg", fileName: "IMG_2041.jpg" }));
    await t.deliverAll();
    const photos = await t.ledger.db.photo.findMany({ where: { item: { code: "中央-07-2" } }, orderBy: { id: "asc" } });
    expect(photos).toHaveLength(3);
    expect(new Set(photos.map((p) => p.reportId)).size).toBe(1);
    expect(photos.map((p) => p.takenAt?.toISOString() ?? null)).toEqual([null, null, takenAt.toISOString()]);
    expect(photos.map((p) => p.flags)).toEqual(["", "", ""]);
    expect(receiptNow()).toContain("照片 3 张");
    expect(receiptNow()).not.toContain(ASK);
    expect(asks()).toHaveLength(1);

    // The history keeps the quiet note, answered; it is no flag for the coordinator's /存疑.
    await fake.deliver(fake.text({ chat: office, from: wangZhuren, text: "/进展 中央-07-2" }));
    await t.deliverAll();
    const history = shownIn(fake, office).at(-1)!;
    expect(history).toContain("📷3 · 拍摄时间未知，本次报送另有原图");
    expect(history).not.toContain("⚠️");
    await fake.deliver(fake.text({ chat: office, from: wangZhuren, text: "/存疑" }));
    await t.deliverAll();
    expect(shownIn(fake, office).at(-1)).not.toContain("中央-07-2");
  });

  it("leaves an item whose only note is soft to be signed off without an evidence warning, the note still in its history", async () => {
    await start();
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: fixture("brick.jpg"), caption: "#省-15 排污口已封堵 100%" }));
    await t.deliverAll();
    expect(asks()).toHaveLength(1);
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "/申请销号 省-15 已全部完成" }));
    await t.deliverAll();
    expect(shownIn(fake, waterGroup).at(-1)).toContain("已提交 省-15 的销号申请");

    await fake.deliver(fake.text({ chat: office, from: wangZhuren, text: "/销号 省-15" }));
    await t.deliverAll();
    const answer = shownIn(fake, office).at(-1)!;
    expect(answer).toContain("省-15");
    expect(answer).toContain("已验收销号");
    expect(answer).not.toContain("存疑");
    const signedOff = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { action: "item.signed_off" } });
    expect(JSON.parse(signedOff.detail).warnings).toEqual([]);

    await fake.deliver(fake.text({ chat: office, from: wangZhuren, text: "/进展 省-15" }));
    await t.deliverAll();
    const history = shownIn(fake, office).at(-1)!;
    expect(history).toMatch(/📷1 · 拍摄时间未知$/m);
    expect(history).not.toContain("另有原图");
  });
});
