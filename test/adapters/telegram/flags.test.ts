/**
 * A reused photo on Telegram, through the real grammY adapter and the fake Telegram: the
 * group's receipt records it without a word of blame, the coordinator's /存疑 lists it beside
 * the photo it copies, and its 核实无误 button and /核实 clear it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeTelegram, TgUser } from "../../support/fake-telegram";
import type { TestDuban } from "../../support/harness";
import { PHOTOS_DIR } from "../../support/copies";
import { dmWith, shownIn, startTelegramDuban, stopTelegramDuban, waterGroup, zhangSan, type Wired } from "./setup";

let fake: FakeTelegram;
let wired: Wired;
let t: TestDuban;
afterEach(() => stopTelegramDuban({ fake, wired, t }));

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const wangZhuren: TgUser = { id: 4242003, first_name: "主任", username: "wang" };
const office = dmWith(wangZhuren);

describe("a reused photo on Telegram", () => {
  it("is recorded with a plain receipt, listed to the coordinator beside its original, and cleared by button and /核实", async () => {
    ({ fake, wired, t } = await startTelegramDuban("polling"));
    await t.bindAs("telegram", String(zhangSan.id), "official");
    await t.bindAs("telegram", String(wangZhuren.id), "coordinator");
    const brick = readFileSync(join(PHOTOS_DIR, "brick.jpg"));
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: brick, caption: "#中央-07-2 清淤现场" }));
    await t.deliverAll();
    t.clock.advance(86_400_000);
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes: brick, caption: "#省-15 排污口已封堵" }));
    await t.deliverAll();

    const receipt = shownIn(fake, waterGroup).at(-1)!;
    expect(receipt).toContain("已记录进展：省-15");
    expect(receipt).not.toContain("存疑");
    const copy = await t.ledger.db.photo.findFirstOrThrow({ where: { item: { code: "省-15" } } });
    expect(copy.flags).toBe("reused");

    await fake.deliver(fake.text({ chat: office, from: wangZhuren, text: "/存疑" }));
    await t.deliverAll();
    const list = fake.botMessages(office.id).at(-1)!;
    expect(shownIn(fake, office).at(-1)).toMatch(new RegExp(`照片#${copy.id} 省-15（县水利局）[^]*对照：中央-07-2（县水利局）`));
    const button = (list.reply_markup as Keyboard).inline_keyboard.flat().find((b) => b.text === `核实无误 照片#${copy.id}`)!;
    await fake.deliver(fake.buttonPress({ chat: office, from: wangZhuren, data: button.callback_data, messageId: list.message_id as number }));
    await t.deliverAll();
    expect(shownIn(fake, office).at(-1)).toContain(`/核实 ${copy.id} <原因>`);

    await fake.deliver(fake.text({ chat: office, from: wangZhuren, text: `/核实 ${copy.id} 同一处排污口，两项任务共用现场照片` }));
    await t.deliverAll();
    expect(shownIn(fake, office).at(-1)).toContain(`已核实照片#${copy.id}`);
    expect((await t.ledger.db.photo.findUniqueOrThrow({ where: { id: copy.id } })).clearReason).toBe("同一处排污口，两项任务共用现场照片");
  });
});
