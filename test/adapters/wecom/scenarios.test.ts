/**
 * The whole bot behind the real WeCom app adapter and a fake WeCom: what officials see in
 * their chat with the app and what goes into the app's group chats, with WeCom's callbacks
 * encrypted and signed as WeCom sends them.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { cardPress, fileMessage, imageMessage, textMessage } from "../../support/fake-wecom";
import { pdf } from "../../support/documents";
import { jpeg } from "../../support/images";
import { startWecomDuban, stopWecomDuban } from "./setup";

type Running = Awaited<ReturnType<typeof startWecomDuban>>;
let w: Running | undefined;
afterEach(async () => {
  await stopWecomDuban(w ?? {});
  w = undefined;
});

const ZHANGSAN = "zhangsan";
const LEADERS_CHAT = "wrDubanLeaders1";
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function start(): Promise<Running> {
  w = await startWecomDuban();
  await w.t.bindAs("wecom", ZHANGSAN, "official");
  return w;
}
/** What a person reads in their chat with the app, message by message. */
const shownTo = (r: Running, userId: string) => r.fake.texts().filter((p) => p.direct && p.chatId === userId).map((p) => p.text);

describe("duban as a WeCom self-built app", () => {
  it("answers the admin console's URL check with the decrypted echostr, and refuses a forged one", async () => {
    const r = await start();
    expect(await r.fake.verifyUrl(r.url, "echo-1234567")).toEqual({ status: 200, body: "echo-1234567" });
    const forged = await fetch(`${r.url}?msg_signature=abc&timestamp=${Math.floor(Date.now() / 1000)}&nonce=1&echostr=xyz`);
    expect(forged.status).toBe(401);
  });

  it("a report, then a picture sent alone, is one report with the full picture, acknowledged in the person's chat", async () => {
    const r = await start();
    const photo = await jpeg({ seed: 11 });
    await r.fake.callback(r.url, textMessage({ from: ZHANGSAN, content: "#中央-07-2 河道清淤完成60%" }));
    await r.fake.callback(r.url, imageMessage({ from: ZHANGSAN, mediaId: r.fake.addMedia(photo, "image/jpeg") }));
    await r.t.deliverAll();
    const item = await r.t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.progress).toBe(60);
    expect((await r.t.ledger.db.photo.findMany({ where: { itemId: item.id } })).map((p) => p.sha256)).toEqual([sha256(photo)]);
    expect(shownTo(r, ZHANGSAN).join("\n")).toContain("已记录进展：中央-07-2 河道清淤");
  });

  it("a report, then a file sent alone (a PDF), keeps the file with that report as a document under its own name", async () => {
    const r = await start();
    const doc = pdf("河道清淤验收报告");
    await r.fake.callback(r.url, textMessage({ from: ZHANGSAN, content: "#中央-07-2 完成90%" }));
    await r.fake.callback(r.url, fileMessage({ from: ZHANGSAN, mediaId: r.fake.addMedia(doc, "application/octet-stream"), fileName: "验收报告.pdf" }));
    await r.t.deliverAll();
    const [report] = await r.t.ledger.db.report.findMany();
    const docs = await r.t.ledger.db.document.findMany();
    expect(docs.map((d) => [d.sha256, d.type, d.name, d.reportId])).toEqual([[sha256(doc), "pdf", "验收报告.pdf", report!.id]]);
    expect(shownTo(r, ZHANGSAN).join("\n")).toContain("已记录进展：中央-07-2");
  });

  it("a picture without an item asks with a template card, and pressing a button files it", async () => {
    const r = await start();
    await r.fake.callback(r.url, textMessage({ from: ZHANGSAN, content: "今天完成了护坡加固" }));
    await r.fake.callback(r.url, imageMessage({ from: ZHANGSAN, mediaId: r.fake.addMedia(await jpeg({ seed: 12 }), "image/jpeg") }));
    await r.t.deliverAll();
    expect(shownTo(r, ZHANGSAN).join("\n")).toContain("这条进展是关于哪项整改任务的");
    const card = r.fake.posted.filter((p) => p.msgtype === "template_card").at(-1)!;
    const tc = card.body.template_card as { task_id: string; button_list: { text: string; key: string }[] };
    const choice = tc.button_list.find((b) => b.text.startsWith("中央-07-2"))!;
    expect((await r.fake.callback(r.url, cardPress({ from: ZHANGSAN, key: choice.key, taskId: tc.task_id }))).status).toBe(200);
    await r.t.deliverAll();
    expect(shownTo(r, ZHANGSAN).at(-1)).toContain("已记录进展：中央-07-2");
    expect(await r.t.ledger.db.photo.count()).toBe(1);
  });

  it("a callback WeCom sends again is recorded once and acknowledged once", async () => {
    const r = await start();
    const msg = textMessage({ from: ZHANGSAN, content: "#中央-07-2 完成80%" });
    expect((await r.fake.callback(r.url, msg)).status).toBe(200);
    expect((await r.fake.callback(r.url, msg)).status).toBe(200);
    await r.t.deliverAll();
    expect(await r.t.ledger.db.report.count()).toBe(1);
    expect(shownTo(r, ZHANGSAN).filter((s) => s.includes("已记录进展"))).toHaveLength(1);
  });

  it("a callback with a bad signature is answered 401, and nothing is written or sent", async () => {
    const r = await start();
    const res = await r.fake.callback(r.url, textMessage({ from: ZHANGSAN, content: "#中央-07-2 完成100%" }), { signWith: "forged" });
    expect(res.status).toBe(401);
    await r.t.deliverAll();
    expect(await r.t.ledger.db.report.count()).toBe(0);
    expect(await r.t.ledger.db.processedEvent.count()).toBe(0);
    expect(r.fake.posted).toEqual([]);
  });

  it("an access token WeCom has expired is fetched again and the receipt still goes out, once", async () => {
    const r = await start();
    await r.fake.callback(r.url, textMessage({ from: ZHANGSAN, content: "#中央-07-2 完成50%" }));
    await r.t.deliverAll();
    expect(r.fake.tokensIssued()).toBe(1);
    r.fake.expireToken();
    await r.fake.callback(r.url, textMessage({ from: ZHANGSAN, content: "#中央-07-2 完成70%" }));
    await r.t.deliverAll();
    expect(r.fake.tokensIssued()).toBe(2);
    expect(shownTo(r, ZHANGSAN).filter((s) => s.includes("已记录进展"))).toHaveLength(2);
  });

  it("a digest refused with errcode 45009 waits WeCom's minute and then goes into the app group chat, once", async () => {
    const r = await start();
    r.fake.chats.set(LEADERS_CHAT, { name: "县领导督办群", owner: ZHANGSAN, userlist: [ZHANGSAN] });
    await r.t.ledger.db.chat.create({ data: { platform: "wecom", chatId: LEADERS_CHAT, purpose: "leaders", createdAt: r.t.clock.now() } });
    r.fake.fail45009Next();
    await r.t.duban.scheduler.tick();
    expect(await r.t.deliverAll()).toBe(0);
    r.t.clock.advance(30_000);
    expect(await r.t.deliverAll()).toBe(0);
    r.t.clock.advance(30_000);
    expect(await r.t.deliverAll()).toBeGreaterThan(0);
    expect(r.fake.calls.filter((c) => c.path === "/cgi-bin/appchat/send").map((c) => c.errcode)).toEqual([45009, 0, 0]); // the digest's text, then its chart
    expect(r.fake.texts().filter((p) => p.chatId === LEADERS_CHAT).map((p) => p.text).join("\n")).toContain("省-15");
  });

  it("/建群 by the office creates the unit's app group chat with its bound people and makes it the unit's group", async () => {
    const r = await start();
    await r.t.bindAs("wecom", "wangwu", "unitHead");
    await r.t.bindAs("wecom", "wangzhuren", "coordinator");
    await r.fake.callback(r.url, textMessage({ from: "wangzhuren", content: "/建群 县水利局整改工作群 单位 水利局" }));
    await r.t.deliverAll();
    expect(shownTo(r, "wangzhuren").at(-1)).toBe("已建立“县水利局整改工作群”（3 人），并设为县水利局的单位工作群。");
    const [created] = [...r.fake.chats.entries()].filter(([id]) => id.startsWith("duban"));
    expect(created![1]).toEqual({ name: "县水利局整改工作群", owner: "wangzhuren", userlist: ["wangzhuren", "wangwu", "zhangsan"] });
    const bound = await r.t.ledger.db.chat.findUniqueOrThrow({ where: { platform_chatId: { platform: "wecom", chatId: created![0] } } });
    expect(bound.purpose).toBe("unit");
  });

  it("/建群 that WeCom refuses (the app may not make groups) tells the coordinator why at once, and binds nothing", async () => {
    const r = await start();
    await r.t.bindAs("wecom", "wangwu", "unitHead");
    await r.t.bindAs("wecom", "wangzhuren", "coordinator");
    // 48002 API接口无权限调用 (全局错误码, developer.work.weixin.qq.com/document/path/90313): appchat needs the app's
    // visible range to be the root department (path/90248, 权限说明).
    r.fake.refuseNext("/cgi-bin/appchat/create", 48002, "api forbidden");
    await r.fake.callback(r.url, textMessage({ from: "wangzhuren", content: "/建群 县水利局整改工作群 单位 水利局" }));
    await r.t.deliverAll();
    const said = shownTo(r, "wangzhuren");
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("平台拒绝建群（errcode 48002 api forbidden），群没有建立");
    expect(said[0]).toContain("48002");
    expect(await r.t.ledger.db.chat.count({ where: { platform: "wecom" } })).toBe(0);
    expect(r.fake.calls.filter((c) => c.path === "/cgi-bin/appchat/create").map((c) => c.errcode)).toEqual([48002]);
  });

  it("/建群 from someone outside the office is refused and no group is made", async () => {
    const r = await start();
    await r.fake.callback(r.url, textMessage({ from: ZHANGSAN, content: "/建群 水利局群 单位 水利局" }));
    await r.t.deliverAll();
    expect(r.fake.calls.filter((c) => c.path === "/cgi-bin/appchat/create")).toEqual([]);
    expect(await r.t.ledger.db.chat.count({ where: { platform: "wecom" } })).toBe(0);
  });
});
