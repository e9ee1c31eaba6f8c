/**
 * The web chat end to end below the browser: sign-in over HTTP, photo and file uploads, and the
 * page's socket protocol against the whole bot on a fresh database.
 */
import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createSigner } from "../../../adapters/web/session";
import { PROTOCOL } from "../../../adapters/web/socket";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exe, pdf } from "../../support/documents";
import { jpeg, jpegWithExif } from "../../support/images";
import { botText, connectPage, RefusedError, startWebDuban, wsUrl, type Frame, type PageClient, type WebDuban } from "./support";

let w: WebDuban;
beforeAll(async () => {
  w = await startWebDuban({ MAX_PHOTO_BYTES: String(300 * 1024) });
});
afterAll(() => w.close());

let counter = 0;
const clientId = () => `client-${Date.now()}-${++counter}`;

async function upload(token: string | null, body: Uint8Array, lang = "zh-CN", name?: string) {
  const res = await fetch(new URL("/api/upload", w.url), {
    method: "POST",
    headers: {
      "content-type": "application/octet-stream", "x-duban-lang": lang,
      ...(token ? { authorization: `Bearer ${token}` } : {}), ...(name ? { "x-file-name": encodeURIComponent(name) } : {}),
    },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as { fileId?: string; error?: string; kind?: string; name?: string } };
}

/** Signs in like the page does; the browser would keep the cookie the answer sets. */
async function signInWithCookie(person: Parameters<WebDuban["bindCode"]>[0]): Promise<{ token: string; cookie: string }> {
  const res = await fetch(new URL("/api/session", w.url), { method: "POST", body: JSON.stringify({ code: await w.bindCode(person) }) });
  const { token } = (await res.json()) as { token: string };
  return { token, cookie: String(res.headers.get("set-cookie")).split(";")[0]! };
}

const fetchMedia = (link: string, cookie: string | null) => fetch(new URL(link, w.url), { headers: cookie ? { cookie } : {} });

/** What a media link says, decoded: anyone holding the link can read this much. */
function linkContents(link: string): string {
  const token = decodeURIComponent(link.slice("/media/".length));
  return Buffer.from(token.split(".")[0]!, "base64url").toString("utf8");
}

/** The page's own conversation, opened. */
async function openDirect(token: string): Promise<{ page: PageClient; chatId: string }> {
  const page = await connectPage(w.url, token);
  const welcome = await page.next((f) => f.type === "welcome", "the welcome");
  const chatId = (welcome.chats as { chatId: string; direct: boolean }[]).find((c) => c.direct)!.chatId;
  page.send({ type: "open", chatId });
  await page.next((f) => f.type === "history" && f.chatId === chatId, "the history");
  return { page, chatId };
}

const botSaid = (text: string) => (f: Frame) => f.type === "message" && botText(f.message as never).includes(text);

describe("signing in", () => {
  it("a bind code from a coordinator signs a browser in, once", async () => {
    const code = await w.bindCode("official");
    const post = (c: string) => fetch(new URL("/api/session", w.url), { method: "POST", body: JSON.stringify({ code: c }) });
    const first = await post(code.toLowerCase());
    expect(first.status).toBe(200);
    expect(((await first.json()) as { name: string }).name).toBe("张三");
    const again = await post(code);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toContain("已经用过");
  });

  it("a forged token, and a token whose identity was unbound, cannot open the socket", async () => {
    const forged = createSigner("a-guessed-secret").sessionToken({ userId: "w-x", personId: w.county.people.coordinator.id }, new Date());
    await expect(connectPage(w.url, forged)).rejects.toEqual(new RefusedError(401));

    const token = await w.signIn("official2");
    const { page } = await openDirect(token);
    await page.close();
    await w.ledger.db.chatIdentity.deleteMany({ where: { platform: "web", personId: w.county.people.official2.id } });
    await expect(connectPage(w.url, token)).rejects.toEqual(new RefusedError(401));
    const me = await fetch(new URL("/api/me", w.url), { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it("one-click demo sign-in does not exist outside demo mode", async () => {
    const res = await fetch(new URL("/api/demo-session", w.url), { method: "POST", body: JSON.stringify({ personId: w.county.people.leader.id }) });
    expect(res.status).toBe(404);
  });
});

describe("a photo report from the page", () => {
  it("becomes one report with its photo, and the receipt comes back to the page", async () => {
    const token = await w.signIn("official");
    const { page, chatId } = await openDirect(token);
    const up = await upload(token, await jpeg({ seed: 11 }));
    expect(up.status).toBe(200);
    const id = clientId();
    page.send({ type: "send", chatId, clientId: id, text: "#中央-07-2 清淤完成60%", media: [up.body.fileId] });
    await page.next((f) => f.type === "ack" && f.clientId === id, "the ack");
    const receipt = await page.next(botSaid("已记录进展"), "the receipt");
    expect(botText(receipt.message as never)).toContain("照片 1 张");
    const reports = await w.ledger.db.report.findMany({ where: { platform: "web", chatId }, include: { photos: true } });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.photos).toHaveLength(1);
    await page.close();
  });

  it("sent again after a reconnect with the same id, it is still one report", async () => {
    const token = await w.signIn("unitHead");
    const first = await openDirect(token);
    const id = clientId();
    const frame = { type: "send", chatId: first.chatId, clientId: id, text: "#省-15 已完成管网排查", media: [] };
    first.page.send(frame);
    await first.page.next((f) => f.type === "ack" && f.clientId === id, "the ack");
    await first.page.close();

    const second = await openDirect(token);
    second.page.send(frame);
    await second.page.next((f) => f.type === "ack" && f.clientId === id, "the second ack");
    const reports = await w.ledger.db.report.count({ where: { platform: "web", chatId: first.chatId } });
    expect(reports).toBe(1);
    const shown = await w.ledger.db.webMessage.count({ where: { chatId: first.chatId, direction: "in" } });
    expect(shown).toBe(1);
    await second.page.close();
  });

  it("a page that was away is shown what it missed when it reconnects", async () => {
    const token = await w.signIn("coordinator");
    const { page, chatId } = await openDirect(token);
    page.send({ type: "send", chatId, clientId: clientId(), text: "/我是谁", media: [] });
    const answer = await page.next(botSaid("王主任"), "the answer");
    const seen = (answer.message as { id: number }).id;
    await page.close();

    await w.web.send({ platform: "web", chatId, direct: true }, { blocks: [{ type: "text", text: "离线期间的提醒" }] });
    const back = await connectPage(w.url, token);
    back.send({ type: "open", chatId, after: seen });
    const caughtUp = await back.next((f) => f.type === "history" && f.chatId === chatId, "the catch-up");
    expect((caughtUp.messages as never[]).map(botText)).toEqual(["离线期间的提醒"]);

    const reloaded = await connectPage(w.url, token);
    reloaded.send({ type: "open", chatId });
    const all = await reloaded.next((f) => f.type === "history" && f.chatId === chatId, "the whole history");
    const texts = (all.messages as { person?: { text: string } }[]).map((m) => m.person?.text ?? botText(m as never));
    expect(texts[0]).toBe("/我是谁");
    expect(texts.at(-1)).toBe("离线期间的提醒");
    await back.close();
    await reloaded.close();
  });

  it("a button the bot offers is pressed from the page", async () => {
    const token = await w.signIn("official");
    const { page, chatId } = await openDirect(token);
    const up = await upload(token, await jpeg({ seed: 12 }));
    page.send({ type: "send", chatId, clientId: clientId(), text: "现场已清理", media: [up.body.fileId] });
    const ask = await page.next((f) => f.type === "message" && ((f.message as { bot?: { buttons: unknown[] } }).bot?.buttons.length ?? 0) > 0, "the question");
    const message = ask.message as { id: number; bot: { buttons: { label: string; data: string }[][] } };
    const choice = message.bot.buttons.flat().find((b) => b.label.startsWith("中央-07-2"))!;
    const id = clientId();
    page.send({ type: "action", chatId, clientId: id, messageId: message.id, data: choice.data });
    await page.next((f) => f.type === "ack" && f.clientId === id, "the ack");
    await page.next(botSaid("已记录进展：中央-07-2"), "the receipt");

    const forged = clientId();
    page.send({ type: "action", chatId, clientId: forged, messageId: message.id, data: "accept:中央-07-2" });
    const refused = await page.next((f) => f.type === "nack" && f.clientId === forged, "the refusal");
    expect(refused.retry).toBe(false);
    await page.close();
  });
});

describe("a photo without a capture time from the page", () => {
  it("gets a receipt asking once for the phone's original, and the original uploaded joins the report with its time", async () => {
    const token = await w.signIn("official2");
    const { page, chatId } = await openDirect(token);
    const ask = "上传手机相册里的原始照片";
    const first = clientId();
    page.send({ type: "send", chatId, clientId: first, text: "#中央-03 工地已覆盖", media: [(await upload(token, await jpeg({ seed: 41 }))).body.fileId] });
    const receipt = await page.next(botSaid("已记录进展"), "the receipt");
    expect(botText(receipt.message as never)).toContain(ask);

    const original = await jpegWithExif({ seed: 41, dateTimeOriginal: "2026:11:25 09:30:00", offsetTimeOriginal: "+08:00" });
    page.send({ type: "send", chatId, clientId: clientId(), text: "", media: [(await upload(token, original)).body.fileId] });
    const corrected = await page.next(botSaid("照片 2 张"), "the corrected receipt");
    expect(botText(corrected.message as never)).not.toContain(ask);
    const report = await w.ledger.db.report.findFirstOrThrow({ where: { platform: "web", chatId }, include: { photos: { orderBy: { id: "asc" } } } });
    expect(report.photos.map((p) => p.takenAt?.toISOString() ?? null)).toEqual([null, "2026-11-25T01:30:00.000Z"]);
    await page.close();
  });
});

describe("uploads", () => {
  it("a file that is not a photo is taken as a file, and the bot refuses it as evidence when it is not a document", async () => {
    const token = await w.signIn("official");
    const { page, chatId } = await openDirect(token);
    const res = await upload(token, exe(), "zh-CN", "setup.exe");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "file", name: "setup.exe" });
    page.send({ type: "send", chatId, clientId: clientId(), text: "#中央-03 附件", media: [res.body.fileId] });
    await page.next(botSaid("“setup.exe”不是可接收的佐证材料"), "the refusal");
    expect(await w.ledger.db.document.count({ where: { name: "setup.exe" } })).toBe(0);
    await page.close();
  });

  it("a PDF from the page is kept with the report, and the history links it for download to that session only", async () => {
    const { token, cookie } = await signInWithCookie("official");
    const { page, chatId } = await openDirect(token);
    const bytes = pdf();
    const up = await upload(token, bytes, "zh-CN", "监测报告.pdf");
    page.send({ type: "send", chatId, clientId: clientId(), text: "#中央-07-2 水质监测报告", media: [up.body.fileId] });
    const receipt = await page.next(botSaid("已记录进展：中央-07-2"), "the receipt");
    expect(botText(receipt.message as never)).toContain("文件 1 份");
    expect(await w.ledger.db.document.count({ where: { name: "监测报告.pdf", type: "pdf" } })).toBe(1);

    page.send({ type: "send", chatId, clientId: clientId(), text: "/进展 中央-07-2" });
    const history = await page.next(botSaid("📎 监测报告.pdf（PDF，"), "the history");
    const [file] = (history.message as { bot: { files: { url: string; name: string }[] } }).bot.files;
    expect(file!.name).toBe("监测报告.pdf");
    const download = await fetchMedia(file!.url, cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain(encodeURIComponent("监测报告.pdf"));
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    expect(linkContents(file!.url)).not.toContain(w.database.dataDir);
    expect((await fetchMedia(file!.url, (await signInWithCookie("official2")).cookie)).status).toBe(404);
    await page.close();
  });

  it("/导入 with an .xlsx uploaded from the page lands its rows", async () => {
    const token = await w.signIn("coordinator");
    const { page, chatId } = await openDirect(token);
    const before = await w.ledger.db.item.count();
    const up = await upload(token, readFileSync(join(import.meta.dirname, "../../../samples/sample-ledger.xlsx")), "zh-CN", "整改台账.xlsx");
    expect(up.status).toBe(200);
    page.send({ type: "send", chatId, clientId: clientId(), text: "/导入", media: [up.body.fileId] });
    await page.next(botSaid("导入 整改台账.xlsx"), "the import's answer");
    expect(await w.ledger.db.item.count()).toBeGreaterThan(before + 20);
    expect(await w.ledger.db.document.count({ where: { name: "整改台账.xlsx" } })).toBe(0);
    await page.close();
  });

  it("a photo over the size limit is refused, and so is an upload without a session", async () => {
    const token = await w.signIn("official");
    // Noise does not compress: a real photo's worth of bytes in a small picture.
    const big = await sharp(randomBytes(800 * 600 * 3), { raw: { width: 800, height: 600, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    expect(big.length).toBeGreaterThan(300 * 1024);
    const res = await upload(token, big);
    expect(res.status).toBe(413);
    expect(res.body.error).toContain("0.3 MB");
    expect((await upload(null, await jpeg({ seed: 14 }))).status).toBe(401);
  });

  it("a page cannot send another person's upload as its own", async () => {
    const theirs = await upload(await w.signIn("official"), await jpeg({ seed: 15 }));
    const { page, chatId } = await openDirect(await w.signIn("official2"));
    const id = clientId();
    page.send({ type: "send", chatId, clientId: id, text: "#中央-03 工地已覆盖", media: [theirs.body.fileId] });
    const refused = await page.next((f) => f.type === "nack" && f.clientId === id, "the refusal");
    expect(refused.error).toContain("没有上传成功");
    await page.close();
  });

  it("a photo in the chat is served only through the link the server signed, to the session it was signed for", async () => {
    const { token, cookie } = await signInWithCookie("official");
    const { page, chatId } = await openDirect(token);
    const up = await upload(token, await jpeg({ seed: 16 }));
    const id = clientId();
    page.send({ type: "send", chatId, clientId: id, text: "#中央-07-2 补充照片", media: [up.body.fileId] });
    const mine = await page.next((f) => f.type === "message" && (f.message as { person?: { clientId?: string } }).person?.clientId === id, "my message");
    const link = (mine.message as { person: { photos: { url: string }[] } }).person.photos[0]!.url;
    const ok = await fetchMedia(link, cookie);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/jpeg");
    const tampered = link.slice(0, -3) + (link.endsWith("AAA") ? "BBB" : "AAA");
    expect((await fetchMedia(tampered, cookie)).status).toBe(404);

    expect((await fetchMedia(link, null)).status).toBe(404);
    const someoneElse = await signInWithCookie("official2");
    expect((await fetchMedia(link, someoneElse.cookie)).status).toBe(404);
    await page.close();
  });

  it("an exported ledger's link downloads it for the coordinator's session only, and names no path on the server", async () => {
    const { token, cookie } = await signInWithCookie("coordinator");
    const { page, chatId } = await openDirect(token);
    page.send({ type: "send", chatId, clientId: clientId(), text: "/导出" });
    const sent = await page.next((f) => f.type === "message" && ((f.message as { bot?: { files: unknown[] } }).bot?.files.length ?? 0) > 0, "the export");
    const [file] = (sent.message as { bot: { files: { url: string; name: string }[] } }).bot.files;
    const download = await fetchMedia(file!.url, cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain(encodeURIComponent(file!.name));
    expect(linkContents(file!.url)).not.toContain("/");
    expect(linkContents(file!.url)).not.toContain(w.database.dataDir);
    expect((await fetchMedia(file!.url, (await signInWithCookie("official")).cookie)).status).toBe(404);
    await page.close();
  });

  it("the socket's handshake renews the browser's media cookie", async () => {
    const token = await w.signIn("official");
    const cookie = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(wsUrl(w.url), [PROTOCOL, token]);
      ws.on("upgrade", (res) => {
        resolve(String(res.headers["set-cookie"] ?? ""));
        ws.close();
      });
      ws.on("error", reject);
    });
    expect(cookie).toMatch(/^duban_media=[\w-]+\.[\w-]+; Max-Age=\d+; Path=\/media\/; HttpOnly; SameSite=Strict$/);
  });

  it("signing out drops the media cookie", async () => {
    const res = await fetch(new URL("/api/session", w.url), { method: "DELETE" });
    expect(res.headers.get("set-cookie")).toMatch(/^duban_media=; Max-Age=0;/);
  });
});

describe("rooms", () => {
  it("the leaders' room opens for a leader and not for an official", async () => {
    await w.ledger.db.chat.create({ data: { platform: "web", chatId: "leaders", purpose: "leaders", title: "县领导群" } });
    const leader = await openDirect(await w.signIn("leader"));
    leader.page.send({ type: "open", chatId: "leaders" });
    const opened = await leader.page.next((f) => f.type === "history" && f.chatId === "leaders", "the room");
    expect(opened.denied).toBeUndefined();

    const official = await openDirect(await w.signIn("official"));
    official.page.send({ type: "open", chatId: "leaders" });
    const denied = await official.page.next((f) => f.type === "history" && f.chatId === "leaders", "the refusal");
    expect(denied.denied).toBe(true);
    const id = clientId();
    official.page.send({ type: "send", chatId: "leaders", clientId: id, text: "/逾期", media: [] });
    await official.page.next((f) => f.type === "nack" && f.clientId === id, "the refusal to send");
    await leader.page.close();
    await official.page.close();
  });
});
