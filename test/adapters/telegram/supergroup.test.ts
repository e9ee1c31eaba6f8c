/**
 * A Telegram group upgraded to a supergroup gets a new chat id and its old one dies. The
 * bound group keeps its binding and digest, whether duban learns of the upgrade from the
 * service messages or from a send refused at the old id. Payload shapes: see
 * test/support/fake-telegram.ts (upgrade), taken from teloxide's issue 427 test.
 *
 * Receiving is the same code in both modes (parse.ts); polling alone keeps this file quick.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { FakeTelegram, TgChat, TgUser } from "../../support/fake-telegram";
import type { TestDuban } from "../../support/harness";
import { shownIn, startTelegramDuban, stopTelegramDuban, zhangSan, type Wired } from "./setup";

const oldGroup: TgChat = { id: -599075523, type: "group", title: "县领导督办群" };
const supergroup: TgChat = { id: -1001555296434, type: "supergroup", title: "县领导督办群" };
const wang: TgUser = { id: 4242007, first_name: "主任", username: "wangzhuren" };

let fake: FakeTelegram;
let wired: Wired;
let t: TestDuban;
afterEach(() => stopTelegramDuban({ fake, wired, t }));

const shown = (chat: TgChat) => shownIn(fake, chat);
const movedEvents = () => t.ledger.db.auditEvent.findMany({ where: { action: "chat.moved" } });

/** The office binds the old group as the leaders' group, the way it is done in the chat. */
async function startWithLeadersGroup() {
  ({ fake, wired, t } = await startTelegramDuban("polling"));
  await t.bindAs("telegram", String(zhangSan.id), "official");
  await t.bindAs("telegram", String(wang.id), "coordinator");
  await fake.deliver(fake.text({ chat: oldGroup, from: wang, text: "/设置群 领导群" }));
  await t.deliverAll();
  expect(shown(oldGroup)).toEqual(["本群已设置为：领导群。"]);
}

describe("a bound Telegram group upgraded to a supergroup", () => {
  it("moves with both service messages, once: the supergroup is told, answers reports and gets the digest; the old id gets nothing", async () => {
    await startWithLeadersGroup();
    const sentBefore = fake.calls.length;
    const [inOld, inNew] = fake.upgrade({ group: oldGroup, to: supergroup, by: wang });
    await fake.deliver(inOld);
    await fake.deliver(inNew);
    await t.deliverAll();

    const chat = await t.ledger.db.chat.findUniqueOrThrow({ where: { platform_chatId: { platform: "telegram", chatId: String(supergroup.id) } } });
    expect(chat).toMatchObject({ purpose: "leaders", digestEnabled: true });
    expect(await t.ledger.db.chat.count({ where: { chatId: String(oldGroup.id) } })).toBe(0);
    expect(shown(supergroup)).toEqual(["本群已升级为超级群，绑定和日报设置已随群迁移。"]);
    const moved = await movedEvents();
    expect(moved).toHaveLength(1);
    expect(moved[0]!.actor).toBe("system");
    expect(JSON.parse(moved[0]!.detail)).toMatchObject({ from: String(oldGroup.id), to: String(supergroup.id), cause: "service_message" });

    await fake.deliver(fake.text({ chat: supergroup, from: zhangSan, text: "#中央-07-2 河道清淤完成60%" }));
    await t.deliverAll();
    expect(shown(supergroup).at(-1)).toContain("已记录进展：中央-07-2 河道清淤");

    await t.duban.scheduler.tick();
    await t.deliverAll();
    expect(shown(supergroup).at(-1)).toContain("省-15");
    expect(fake.calls.slice(sentBefore).filter((c) => String(c.params.chat_id) === String(oldGroup.id))).toEqual([]);
  });

  it("a unit group upgraded to a supergroup gets its reminders there", async () => {
    ({ fake, wired, t } = await startTelegramDuban("polling"));
    await t.bindAs("telegram", String(wang.id), "coordinator");
    await fake.deliver(fake.text({ chat: oldGroup, from: wang, text: "/设置群 单位 水利局" }));
    const [inOld, inNew] = fake.upgrade({ group: oldGroup, to: supergroup, by: wang });
    await fake.deliver(inOld);
    await fake.deliver(inNew);
    await t.deliverAll();
    const sentBefore = fake.calls.length;

    // 10:00 on a working day: the reminder run is due; 省-15 of the water bureau is overdue.
    await t.duban.scheduler.tick();
    await t.deliverAll();
    expect(shown(supergroup).join("\n")).toContain("省-15");
    expect(fake.calls.slice(sentBefore).filter((c) => String(c.params.chat_id) === String(oldGroup.id))).toEqual([]);
  });

  it("moves when a digest is refused at the old id: the digest goes to the supergroup instead, and the late service messages change nothing", async () => {
    await startWithLeadersGroup();
    // The bot missed the upgrade: its first news of it is Telegram refusing the digest.
    const [inOld, inNew] = fake.upgrade({ group: oldGroup, to: supergroup, by: wang });
    await t.duban.scheduler.tick();
    await t.deliverAll();

    const digestSends = fake.callsTo("sendMessage").filter((c) => String(c.params.text).includes("省-15"));
    expect(digestSends.map((c) => [String(c.params.chat_id), c.status])).toEqual([
      [String(oldGroup.id), 400],
      [String(supergroup.id), 200],
    ]);
    expect(shown(supergroup)).toEqual([expect.stringContaining("省-15"), "本群已升级为超级群，绑定和日报设置已随群迁移。"]);
    const digest = await t.ledger.db.outbox.findFirstOrThrow({ where: { key: { startsWith: "digest:" } } });
    expect(digest).toMatchObject({ status: "sent", chatId: String(supergroup.id) });
    expect(JSON.parse((await movedEvents())[0]!.detail)).toMatchObject({ cause: "send_refused", binding: "moved", messages: 1 });

    await fake.deliver(inOld);
    await fake.deliver(inNew);
    await t.deliverAll();
    expect(await movedEvents()).toHaveLength(1);
    expect(shown(supergroup)).toHaveLength(2);
    expect((await t.ledger.db.chat.findFirstOrThrow()).chatId).toBe(String(supergroup.id));
  });
});
