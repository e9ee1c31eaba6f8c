/**
 * The whole bot behind the real WeCom robot adapter (the real aibot SDK on the fake
 * long-connection server): what officials see in a group where they @mention the robot and
 * in their one-to-one chat with it.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { robotCardPress, robotFile, robotImage, robotMixed, robotText, type Json } from "../../support/fake-wecom-robot";
import { pdf } from "../../support/documents";
import { jpeg } from "../../support/images";
import { ROBOT_GROUP, startRobotDuban, stopRobotDuban } from "./robot-setup";

type Running = Awaited<ReturnType<typeof startRobotDuban>>;
let r: Running | undefined;
afterEach(async () => {
  await stopRobotDuban(r ?? {});
  r = undefined;
});

const ZHANGSAN = "zhangsan";
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function start(): Promise<Running> {
  r = await startRobotDuban();
  await r.t.bindAs("wecom", ZHANGSAN, "official");
  return r;
}

/** WeCom pushes these, one after another; resolves once the bot has taken each in. */
async function push(w: Running, ...bodies: Json[]): Promise<void> {
  const before = await w.t.ledger.db.processedEvent.count();
  for (const b of bodies) w.fake.push(b, b.msgtype === "event" ? "aibot_event_callback" : "aibot_msg_callback");
  const ids = new Set(bodies.map((b) => b.msgid));
  for (let i = 0; i < 500; i++) {
    if ((await w.t.ledger.db.processedEvent.count()) >= before + ids.size) return;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error("the bot did not take the pushed messages in");
}
const shownIn = (w: Running, chatId: string) => w.fake.texts().filter((s) => s.chatId === chatId).map((s) => s.text);

describe("duban as a WeCom intelligent robot", () => {
  it("a photo report in a group (text with a picture in one message, the robot @mentioned) is recorded with the photo and acknowledged there", async () => {
    const w = await start();
    const photo = await jpeg({ seed: 31 });
    await push(w, robotMixed(w.fake.botId, { userId: ZHANGSAN, chatId: ROBOT_GROUP, content: "@督办助手 #中央-07-2 河道清淤完成60%", images: [w.fake.addMedia(photo)] }));
    await w.t.deliverAll();
    const item = await w.t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.progress).toBe(60);
    expect((await w.t.ledger.db.photo.findMany({ where: { itemId: item.id } })).map((p) => p.sha256)).toEqual([sha256(photo)]);
    expect(shownIn(w, ROBOT_GROUP).join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
  });

  // WeCom pushes a picture sent alone only from the one-to-one chat ("用户单聊中向智能机器人发送图片消息",
  // developer.work.weixin.qq.com/document/path/100719); in a group a picture must go with the @mention, as a mixed message.
  it("a picture sent alone in the one-to-one chat after a report joins that report", async () => {
    const w = await start();
    const photo = await jpeg({ seed: 32 });
    await push(
      w,
      robotText(w.fake.botId, { userId: ZHANGSAN, content: "#中央-07-2 完成70%" }),
      robotImage(w.fake.botId, { userId: ZHANGSAN, media: w.fake.addMedia(photo) }),
    );
    await w.t.deliverAll();
    const reports = await w.t.ledger.db.report.findMany();
    expect(reports.map((x) => x.percent)).toEqual([70]);
    expect((await w.t.ledger.db.photo.findMany({ where: { reportId: reports[0]!.id } })).map((p) => p.sha256)).toEqual([sha256(photo)]);
  });

  it("a file sent in the one-to-one chat after a report is decrypted and kept with it as a document, named by its bytes (文件.pdf)", async () => {
    const w = await start();
    const doc = pdf("河道清淤验收报告");
    await push(
      w,
      robotText(w.fake.botId, { userId: ZHANGSAN, content: "#中央-07-2 完成90%" }),
      robotFile(w.fake.botId, { userId: ZHANGSAN, media: w.fake.addMedia(doc) }),
    );
    await w.t.deliverAll();
    const docs = await w.t.ledger.db.document.findMany();
    // The robot's file message carries only url and aeskey, no name (developer.work.weixin.qq.com/document/path/100719).
    expect(docs.map((d) => [d.sha256, d.type, d.name])).toEqual([[sha256(doc), "pdf", "文件.pdf"]]);
    expect(shownIn(w, ZHANGSAN).join("\n")).toContain("已记录进展：中央-07-2");
  });

  it("a report without an item asks with a template card, and pressing a button files it", async () => {
    const w = await start();
    await push(w, robotText(w.fake.botId, { userId: ZHANGSAN, content: "今天完成了护坡加固" }));
    await w.t.deliverAll();
    expect(shownIn(w, ZHANGSAN).join("\n")).toContain("这条进展是关于哪项整改任务的");
    const card = w.fake.sent.filter((s) => s.msgtype === "template_card").at(-1)!;
    expect(card.chatId).toBe(ZHANGSAN);
    const tc = card.body.template_card as { task_id: string; button_list: { text: string; key: string }[] };
    const choice = tc.button_list.find((b) => b.text.startsWith("中央-07-2"))!;
    await push(w, robotCardPress(w.fake.botId, { userId: ZHANGSAN, key: choice.key, taskId: tc.task_id }));
    await w.t.deliverAll();
    expect(shownIn(w, ZHANGSAN).at(-1)).toContain("已记录进展：中央-07-2");
    expect(await w.t.ledger.db.report.count()).toBe(1);
  });

  it("a message WeCom pushes again is recorded once and acknowledged once", async () => {
    const w = await start();
    const msg = robotText(w.fake.botId, { userId: ZHANGSAN, chatId: ROBOT_GROUP, content: "@督办助手 #中央-07-2 完成80%" });
    await push(w, msg);
    w.fake.push(msg);
    await push(w, robotText(w.fake.botId, { userId: ZHANGSAN, chatId: ROBOT_GROUP, content: "@督办助手 /帮助" }));
    await w.t.deliverAll();
    expect(await w.t.ledger.db.report.count()).toBe(1);
    expect(shownIn(w, ROBOT_GROUP).filter((s) => s.includes("已记录进展"))).toHaveLength(1);
  });

  it("a send WeCom refuses with errcode 45009 waits its minute, then goes out once", async () => {
    const w = await start();
    w.fake.failNext(45009);
    await push(w, robotText(w.fake.botId, { userId: ZHANGSAN, content: "#中央-07-2 完成50%" }));
    expect(await w.t.deliverAll()).toBe(0);
    w.t.clock.advance(60_000);
    expect(await w.t.deliverAll()).toBeGreaterThan(0);
    expect(shownIn(w, ZHANGSAN).filter((s) => s.includes("已记录进展"))).toHaveLength(1);
  });
});
