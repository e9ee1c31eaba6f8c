/**
 * /建群 in the web chat: a coordinator creates a room from the chat, the people it is for
 * find it in their list, and it is bound like a group /设置群 binds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botText, connectPage, startWebDuban, type Frame, type PageClient, type WebDuban } from "./support";

let w: WebDuban;
beforeAll(async () => {
  w = await startWebDuban();
});
afterAll(() => w.close());

let counter = 0;
const clientId = () => `new-group-${Date.now()}-${++counter}`;

interface Page { page: PageClient; chatId: string; chats: { chatId: string; title: string; direct: boolean }[] }

/** Signs in and opens the person's own conversation with the bot. */
async function openDirect(person: Parameters<WebDuban["signIn"]>[0]): Promise<Page> {
  const page = await connectPage(w.url, await w.signIn(person));
  const welcome = await page.next((f) => f.type === "welcome", "the welcome");
  const chats = welcome.chats as Page["chats"];
  const chatId = chats.find((c) => c.direct)!.chatId;
  page.send({ type: "open", chatId });
  await page.next((f) => f.type === "history" && f.chatId === chatId, "the history");
  return { page, chatId, chats };
}

const botSaid = (chatId: string, text: string) => (f: Frame) =>
  f.type === "message" && (f.message as { chatId: string }).chatId === chatId && botText(f.message as never).includes(text);

/** Sends a line and waits for the bot's answer that contains `answer`. */
async function say(p: Page, chatId: string, line: string, answer: string): Promise<string> {
  p.page.send({ type: "send", chatId, clientId: clientId(), text: line, media: [] });
  const f = await p.page.next(botSaid(chatId, answer), `the answer to ${line}`);
  return botText(f.message as never);
}

const webRooms = () => w.ledger.db.chat.findMany({ where: { platform: "web", purpose: { not: "direct" } }, orderBy: { id: "asc" } });

describe("/建群 in the web chat", () => {
  it("a leaders' room is refused while no leader has signed in to the web chat", async () => {
    const office = await openDirect("coordinator");
    expect(await say(office, office.chatId, "/建群 领导督办群 领导", "建群"))
      .toBe("建群至少需要两人：领导群还没有人在本渠道绑定账号，请先让他们发送 /绑定 <码>。");
    expect(await webRooms()).toEqual([]);
    await office.page.close();
  });

  it("a coordinator creates the unit's room from the direct chat; the unit's people see it appear and read its first message", async () => {
    const official = await openDirect("official");
    const otherUnit = await openDirect("official2");
    const office = await openDirect("coordinator");
    expect(await say(office, office.chatId, "/建群 水利整改群 单位 水利局", "已建立"))
      .toBe("已建立“水利整改群”（2 人），并设为县水利局的单位工作群。");

    const [room] = await webRooms();
    expect(room).toMatchObject({ title: "水利整改群", purpose: "unit", unitId: w.county.units.water });
    const listed = await official.page.next((f) => f.type === "chats", "the new chat list");
    expect((listed.chats as Page["chats"]).map((c) => c.title)).toContain("水利整改群");
    official.page.send({ type: "open", chatId: room!.chatId });
    const history = await official.page.next((f) => f.type === "history" && f.chatId === room!.chatId, "the room's history");
    expect((history.messages as never[]).map((m) => botText(m))).toEqual(["王主任建立了“水利整改群”，作为县水利局的单位工作群：相关通知和日报会发到这里。"]);

    // Another unit's official is not invited: the room is not theirs to open.
    otherUnit.page.send({ type: "open", chatId: room!.chatId });
    expect((await otherUnit.page.next((f) => f.type === "history" && f.chatId === room!.chatId, "the refusal")).denied).toBe(true);
    expect(otherUnit.page.frames.some((f) => f.type === "chats")).toBe(false);

    const audit = await w.ledger.db.auditEvent.findFirstOrThrow({ where: { action: "chat.created" } });
    expect(audit.actor).toBe("王主任");
    expect(JSON.parse(String(audit.detail))).toMatchObject({ platform: "web", chatId: room!.chatId, title: "水利整改群", members: 2, purpose: [null, "unit"] });
    for (const p of [official, otherUnit, office]) await p.page.close();
  });

  it("sent inside a room, /建群 answers there and creates the leaders' room that a leader then finds in the list", async () => {
    const leader = await openDirect("leader");
    await leader.page.close();
    const office = await openDirect("coordinator");
    const [room] = await webRooms();
    office.page.send({ type: "open", chatId: room!.chatId });
    await office.page.next((f) => f.type === "history" && f.chatId === room!.chatId, "the room");
    expect(await say(office, room!.chatId, "/建群 领导督办群 领导", "已建立")).toBe("已建立“领导督办群”（2 人），并设为领导群。");

    const leaders = (await webRooms()).find((r) => r.purpose === "leaders");
    expect(leaders).toMatchObject({ title: "领导督办群", unitId: null });
    const again = await openDirect("leader");
    expect(again.chats.map((c) => c.title)).toContain("领导督办群");
    await again.page.close();
    await office.page.close();
  });

  it("a wrong purpose, an unknown unit, a missing unit and a person outside the office are told why, and no room is made", async () => {
    const before = (await webRooms()).length;
    const office = await openDirect("coordinator");
    expect(await say(office, office.chatId, "/建群 气象群 水利局", "群用途")).toBe("没有“水利局”这种群用途。可选：单位、领导、督察办。");
    expect(await say(office, office.chatId, "/建群 气象群 单位 气象局", "气象局")).toBe("没有找到单位“气象局”。请使用台账中的单位名称或简称。");
    expect(await say(office, office.chatId, "/建群 气象群 单位", "缺少")).toContain("缺少单位名。");
    expect(await say(office, office.chatId, "/帮助", "使用帮助")).toContain("/建群 <名称> <单位|领导|督察办> [单位名]");
    await say(office, office.chatId, "/lang en", "English");
    expect(await say(office, office.chatId, "/help", "duban · help")).toContain("/newgroup <name> <unit|leaders|coordinators> [unit name]");
    expect(await say(office, office.chatId, "/newgroup Weather unit Meteorology", "Meteorology")).toBe(`No unit called "Meteorology". Use the unit's name or short name as in the ledger.`);
    await say(office, office.chatId, "/lang 中文", "中文");
    const official = await openDirect("official");
    expect(await say(official, official.chatId, "/建群 我的群 单位 水利局", "督察整改办")).toBe("只有督察整改办（协调人）可以使用这个命令。");
    expect((await webRooms()).length).toBe(before);
    await office.page.close();
    await official.page.close();
  });
});
