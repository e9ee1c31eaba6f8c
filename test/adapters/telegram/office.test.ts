/**
 * The office's daily work on Telegram, through the real grammY adapter and the fake
 * Telegram: finding items, transfers, assignments, chases, instructions, and their refusals.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FakeTelegram, TgUser } from "../../support/fake-telegram";
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

const wang: TgUser = { id: 4242101, first_name: "主任", username: "wangzhuren" };
const liu: TgUser = { id: 4242102, first_name: "县长", username: "liuxianzhang" };

async function startOffice() {
  await start();
  await t.bindAs("telegram", String(wang.id), "coordinator");
  await t.bindAs("telegram", String(liu.id), "leader");
}

/** The bot's last message to the user that has buttons: the question being answered. */
let keyboardMessage: Record<string, unknown> | undefined;

function keyboardOf(user: TgUser): { text: string; callback_data: string }[] {
  keyboardMessage = fake.botMessages(dmWith(user).id).filter((m) => m.reply_markup).at(-1);
  return (keyboardMessage!.reply_markup as Keyboard).inline_keyboard.flat();
}

async function pressAs(user: TgUser, label: string, message = fake.botMessages(dmWith(user).id).filter((m) => m.reply_markup).at(-1)) {
  const button = (message!.reply_markup as Keyboard).inline_keyboard.flat().find((b) => b.text === label)!;
  await fake.deliver(fake.buttonPress({ chat: dmWith(user), from: user, data: button.callback_data, messageId: message!.message_id as number }));
  await t.deliverAll();
}

async function sayAs(user: TgUser, text: string): Promise<string> {
  await fake.deliver(fake.text({ chat: dmWith(user), from: user, text }));
  await t.deliverAll();
  return shownIn(fake, dmWith(user)).at(-1) ?? "";
}

describe("the office's work on Telegram", () => {
  it("/转办 needs a reason and a known unit, then moves the item and tells the old responsible person", async () => {
    await startOffice();
    expect(await sayAs(wang, "/转办 中央-07-2 住建局")).toContain("缺少原因");
    expect(await sayAs(wang, "/转办 中央-07-2 宇宙局 调整")).toContain("没有找到单位“宇宙局”");
    expect(await sayAs(wang, "/转办 中央-07-2 住建局 城建部门实施")).toContain("由县水利局转至县住房和城乡建设局牵头");
    expect(shownIn(fake, dm).join("\n")).toContain("🔀 转办：中央-07-2");
  });

  it("/指派 refuses an unknown person and a person of another unit; /配合 sets the units", async () => {
    await startOffice();
    expect(await sayAs(wang, "/指派 中央-03 孙悟空")).toContain("台账中没有名为“孙悟空”的人员");
    expect(await sayAs(wang, "/指派 中央-03 张三")).toContain("张三 是县水利局的人员");
    expect(await sayAs(wang, "/指派 中央-03 李四")).toContain("责任人：李四");
    expect(await sayAs(wang, "/配合 中央-03 水利局 生态环境局")).toContain("配合单位：县水利局、市生态环境局");
  });

  it("/催办 is refused to an official and for a 期限 in the past, and reaches the responsible person", async () => {
    await startOffice();
    expect(await sayAs(zhangSan, "/催办 中央-07-2")).toContain("只有督察整改办和领导可以催办");
    expect(await sayAs(wang, "/催办 中央-07-2 加快 2026-01-01")).toContain("已经过去了");
    expect(await sayAs(liu, "/催办 中央-07-2 加快进度")).toContain("已督办 中央-07-2");
    expect(shownIn(fake, dm).join("\n")).toContain("📣 督办：中央-07-2 河道清淤（县水利局）\n刘县长要求：加快进度");
  });

  it("/批示 is refused to someone who is not a leader; a leader's #编号 内容 is an instruction", async () => {
    await startOffice();
    expect(await sayAs(wang, "/批示 中央-07-2 抓紧")).toContain("只有领导可以作出批示");
    expect(await sayAs(liu, "#中央-07-2 请本周内完成清淤")).toContain("已记录对 中央-07-2 的批示");
    expect(shownIn(fake, dm).join("\n")).toContain("📝 领导批示：中央-07-2 河道清淤\n刘县长：请本周内完成清淤");
    expect(await t.ledger.db.report.count()).toBe(0);
  });

  it("a /催办 for several matching units keeps its request and 期限 behind the buttons, and a button works once", async () => {
    await startOffice();
    expect(await sayAs(wang, "/催办 县 请本周内报送清淤进度和整改方案 2099-12-31")).toContain("有几个单位与“县”相符");
    const buttons = keyboardOf(wang);
    expect(buttons.map((b) => b.text)).toEqual(expect.arrayContaining(["县水利局", "县住房和城乡建设局"]));
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    await pressAs(wang, "县水利局");
    expect(shownIn(fake, dmWith(wang)).at(-1)).toContain("县水利局");
    expect(await t.ledger.db.chase.findMany({ select: { request: true, dueDay: true } })).toEqual([{ request: "请本周内报送清淤进度和整改方案", dueDay: "2099-12-31" }]);
    await pressAs(wang, "县住房和城乡建设局", keyboardMessage);
    expect(shownIn(fake, dmWith(wang)).at(-1)).toBe("此按钮已失效，请重新发送命令。");
  });

  it("a /转办 for several matching units keeps its reason behind the buttons", async () => {
    await startOffice();
    expect(await sayAs(wang, "/转办 中央-07-2 县 城建部门实施，由住建局统一牵头整改")).toContain("有几个单位与“县”相符");
    await pressAs(wang, "县住房和城乡建设局");
    expect(shownIn(fake, dmWith(wang)).at(-1)).toContain("由县水利局转至县住房和城乡建设局牵头");
    expect(shownIn(fake, dmWith(wang)).at(-1)).toContain("城建部门实施，由住建局统一牵头整改");
  });

  it("/设置群 in a private chat is refused", async () => {
    await startOffice();
    expect(await sayAs(wang, "/设置群 领导")).toContain("私聊不能设置为群");
  });

  it("/建群 on Telegram, where the bot cannot create groups, says how to bind an existing group instead", async () => {
    await startOffice();
    expect(await sayAs(wang, "/建群 水利整改群 单位 水利局")).toBe(
      "本渠道不能由我建群：请把我拉进已有的群，在群里发送 /设置群 单位 <单位名称>、/设置群 领导 或 /设置群 督察办。",
    );
    expect(await t.ledger.db.chat.count({ where: { purpose: "unit" } })).toBe(0);
  });
});
