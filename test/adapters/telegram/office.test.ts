/**
 * The office's daily work on Telegram, through the real grammY adapter and the fake
 * Telegram: finding items by keyword and by a loosely typed code, buttons and all.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FakeTelegram } from "../../support/fake-telegram";
import type { TestDuban } from "../../support/harness";
import { dmWith, shownIn, startTelegramDuban, stopTelegramDuban, zhangSan, type Wired } from "./setup";

let fake: FakeTelegram;
let wired: Wired;
let t: TestDuban;
afterEach(() => stopTelegramDuban({ fake, wired, t }));

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const dm = dmWith(zhangSan);

async function start() {
  ({ fake, wired, t } = await startTelegramDuban("polling"));
  await t.bindAs("telegram", String(zhangSan.id), "official");
}

async function say(text: string) {
  await fake.deliver(fake.text({ chat: dm, from: zhangSan, text }));
  await t.deliverAll();
}

async function press(label: string) {
  const message = fake.botMessages(dm.id).at(-1)!;
  const button = (message.reply_markup as Keyboard).inline_keyboard.flat().find((b) => b.text === label)!;
  await fake.deliver(fake.buttonPress({ chat: dm, from: zhangSan, data: button.callback_data, messageId: message.message_id as number }));
  await t.deliverAll();
}

describe("finding things on Telegram", () => {
  it("/查询 中央-7-3 asks 您是不是要找 and its button shows the item", async () => {
    await start();
    await say("/查询 中央-7-3");
    expect(shownIn(fake, dm).at(-1)).toContain("您是不是要找：中央-07-2");
    await press("中央-07-2");
    expect(shownIn(fake, dm).at(-1)).toContain("中央-07-2 河道清淤");
  });

  it("/search with a keyword pages with 下一页", async () => {
    await start();
    for (let n = 1; n <= 12; n++) {
      await t.ledger.db.item.create({ data: { code: `省-采砂-${n}`, source: "provincial", title: `河段${n}非法采砂整治`, leadUnitId: t.county.units.water } });
    }
    await say("/search 采砂");
    expect(shownIn(fake, dm).at(-1)).toContain("第 1/2 页");
    await press("下一页 ▶");
    expect(shownIn(fake, dm).at(-1)).toContain("第 2/2 页");
  });

  it("查询 省-15 without the slash is answered as the query", async () => {
    await start();
    await say("查询 省-15");
    expect(shownIn(fake, dm).at(-1)).toContain("省-15 污水直排整治");
    expect(await t.ledger.db.report.count()).toBe(0);
  });
});
