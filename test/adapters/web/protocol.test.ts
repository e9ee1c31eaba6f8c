/**
 * What the web socket does with frames it cannot take, and with more sockets than a
 * session may hold: the page is told what was wrong, in its language.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOO_MANY_CONNECTIONS } from "../../../adapters/web/socket";
import { connectPage, startWebDuban, type Frame, type PageClient, type WebDuban } from "./support";

let w: WebDuban;
beforeAll(async () => {
  w = await startWebDuban({ WEB_MAX_CONNECTIONS: "3" });
});
afterAll(() => w.close());

async function welcomed(token: string, lang?: string): Promise<{ page: PageClient; chatId: string }> {
  const page = await connectPage(w.url, token, lang);
  const welcome = await page.next((f) => f.type === "welcome", "the welcome");
  return { page, chatId: (welcome.chats as { chatId: string; direct: boolean }[]).find((c) => c.direct)!.chatId };
}

/** The error frame after `send`, whatever came before it. */
async function errorAfter(page: PageClient, send: () => void): Promise<Frame> {
  const before = page.frames.length;
  send();
  return page.next((f) => f.type === "error" && page.frames.indexOf(f) >= before, "the error frame");
}

describe("a frame the server cannot take is answered with what was wrong", () => {
  let page: PageClient;
  let chatId: string;
  beforeAll(async () => {
    ({ page, chatId } = await welcomed(await w.signIn("official")));
  });
  afterAll(() => page.close());

  it("text that is not JSON", async () => {
    expect((await errorAfter(page, () => page.sendRaw("{not json"))).error).toBe("页面发来的消息无法识别（不是有效的 JSON），未处理。请刷新页面。");
  });

  it("a type the server does not know", async () => {
    expect((await errorAfter(page, () => page.send({ type: "typing", chatId }))).error).toContain("消息类型“typing”无法识别");
  });

  it("a message without its id", async () => {
    expect((await errorAfter(page, () => page.send({ type: "send", chatId, text: "河道清淤完成" }))).error).toContain("缺少编号（clientId）");
  });

  it("a message with a wrong field, answered on the message's own id", async () => {
    const error = await errorAfter(page, () => page.send({ type: "send", chatId, clientId: "client-badfield-1", text: 42 }));
    expect(error).toMatchObject({ clientId: "client-badfield-1", error: "页面发来的消息中“text”一项不正确，未处理。请刷新页面。" });
  });

  it("a frame over the size limit, and the socket stays open for the next message", async () => {
    const huge = JSON.stringify({ type: "send", chatId, clientId: "client-huge-0001", text: "泥".repeat(100_000) });
    expect(await errorAfter(page, () => page.sendRaw(huge))).toMatchObject({ clientId: "client-huge-0001", error: expect.stringContaining("超过 256 KB 的上限") });
    page.send({ type: "open", chatId });
    await page.next((f) => f.type === "history" && f.chatId === chatId, "the history after the error");
  });

  it("in English for a page in English", async () => {
    const { page: english } = await welcomed(await w.signIn("official2"), "en");
    expect((await errorAfter(english, () => english.sendRaw("[]"))).error).toBe(
      "The page sent a message that could not be read (not valid JSON); it was not handled. Please reload the page.",
    );
    await english.close();
  });
});

describe("sockets per session", () => {
  it("one more socket than WEB_MAX_CONNECTIONS is told why and closed; those already open keep working", async () => {
    const token = await w.signIn("leader");
    const open = await Promise.all([1, 2, 3].map(() => welcomed(token)));
    const extra = await connectPage(w.url, token);
    const refusal = await extra.next((f) => f.type === "error", "the refusal");
    expect(refusal.error).toBe("这个账号同时打开的页面已达 3 个上限。请关闭其他页面后刷新本页。");
    expect((await extra.closed).code).toBe(TOO_MANY_CONNECTIONS);

    const { page, chatId } = open[0]!;
    page.send({ type: "open", chatId });
    await page.next((f) => f.type === "history" && f.chatId === chatId, "the history on a page already open");

    // Another session is not counted with this one.
    const other = await welcomed(await w.signIn("official"));
    await other.page.close();

    await open[2]!.page.close();
    await open[2]!.page.closed;
    const again = await welcomed(token);
    await Promise.all([again.page.close(), open[0]!.page.close(), open[1]!.page.close()]);
  });
});

describe("an edit frame", () => {
  it("corrects one's own message and is refused on the bot's", async () => {
    const official = await welcomed(await w.signIn("official"));
    official.page.send({ type: "open", chatId: official.chatId });
    official.page.send({ type: "send", chatId: official.chatId, clientId: "client-edit-own-1", text: "#中央-07-2 河道清淤完成30%", media: [] });
    const ack = await official.page.next((f) => f.type === "ack" && f.clientId === "client-edit-own-1", "the ack");
    const receipt = await official.page.next((f) => f.type === "message" && (f.message as { bot?: unknown }).bot !== undefined, "the receipt");

    official.page.send({ type: "edit", chatId: official.chatId, clientId: "client-edit-bot-1", messageId: (receipt.message as { id: number }).id, text: "改掉回执" });
    const refused = await official.page.next((f) => f.type === "nack" && f.clientId === "client-edit-bot-1", "the refusal");
    expect(refused.error).toBe("只能修改自己发的消息。");

    official.page.send({ type: "edit", chatId: official.chatId, clientId: "client-edit-own-2", messageId: ack.id, text: "#中央-07-2 河道清淤完成35%" });
    await official.page.next((f) => f.type === "ack" && f.clientId === "client-edit-own-2", "the edit's ack");
    const corrected = await official.page.next((f) => f.type === "message" && (f.message as { edit?: number }).edit === ack.id, "the corrected message");
    expect((corrected.message as { person: { text: string } }).person.text).toBe("#中央-07-2 河道清淤完成35%");
    await official.page.close();
  });
});
