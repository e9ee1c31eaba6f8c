/**
 * The web chat in a real browser (Debian's Chromium driven by playwright-core), as an
 * official would use it: sign in with a bind code, report with a photo, ask, reload.
 */
import { createHash, randomBytes } from "node:crypto";
import { chromium, type Browser, type Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSigner } from "../../../adapters/web/session";
import { evidencePath } from "../../../src/ledger/evidence";
import { jpeg } from "../../support/images";
import type { PersonKey } from "../../support/county";
import { connectPage, startWebDuban, type WebDuban } from "./support";

const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];

let w: WebDuban;
let browser: Browser;
beforeAll(async () => {
  w = await startWebDuban({ MAX_PHOTO_BYTES: String(300 * 1024) });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

async function signedIn(person: PersonKey = "official", page?: Page): Promise<Page> {
  page ??= await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(w.url);
  await page.fill("#code", await w.bindCode(person));
  await page.click("#code-form button[type=submit]");
  await page.locator("#chat").waitFor();
  await page.locator("#messages .empty").waitFor();
  return page;
}

const bubble = (page: Page, text: string) => page.locator(".msg", { hasText: text });

describe("the web chat in a browser", () => {
  it("an official reports with a photo, sees the receipt and the photo counted, and still sees it all after a reload", async () => {
    const page = await signedIn();
    await page.setInputFiles("#gallery", { name: "河道.jpg", mimeType: "image/jpeg", buffer: await jpeg({ seed: 21 }) });
    await page.locator("#tray .label", { hasText: "已上传" }).waitFor();
    await page.fill("#text", "#中央-07-2 青山河清淤完成60%");
    await page.click("#send");

    const receipt = bubble(page, "已记录进展：中央-07-2");
    await receipt.waitFor();
    await expect(receipt.textContent()).resolves.toContain("照片 1 张");

    await page.fill("#text", "/查询 中央-07-2");
    await page.keyboard.press("Enter");
    const card = page.locator(".msg.bot", { hasText: "进展 1 条 · 照片 1 张" });
    await card.waitFor();

    await page.reload();
    await bubble(page, "#中央-07-2 青山河清淤完成60%").waitFor();
    await receipt.waitFor();
    await card.waitFor();
    const photo = page.locator(".msg.mine img").first();
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
    await page.close();
  });

  it("an item code in a bubble opens the item's history, whose photos are thumbnails that open full size", async () => {
    const page = await signedIn();
    await page.setInputFiles("#gallery", { name: "堤岸.jpg", mimeType: "image/jpeg", buffer: await jpeg({ seed: 23 }) });
    await page.locator("#tray .label", { hasText: "已上传" }).waitFor();
    await page.fill("#text", "#中央-07-2 堤岸复绿完成");
    await page.click("#send");
    const receipt = bubble(page, "已记录进展：中央-07-2 河道清淤");
    await receipt.waitFor();
    await receipt.locator("a.code", { hasText: "中央-07-2" }).first().click();
    const history = page.locator(".msg.bot", { hasText: "中央-07-2 河道清淤 · 整改进展" });
    await history.waitFor();
    await expect(history.textContent()).resolves.toContain("堤岸复绿完成");
    await expect(page.locator(".msg.mine", { hasText: "/进展 中央-07-2" }).count()).resolves.toBe(1);
    const thumb = history.locator(".photos a").first();
    await thumb.waitFor();
    const href = await thumb.getAttribute("href");
    await expect(thumb.getAttribute("target")).resolves.toBe("_blank");
    const full = await page.request.get(new URL(href!, w.url).toString());
    expect(full.status()).toBe(200);
    expect((await sharp(await full.body()).metadata()).width).toBe(640);
    await page.close();
  });

  it("an official corrects a report by editing it, and the bubble and the receipt show the correction", async () => {
    const page = await signedIn();
    await page.fill("#text", "#中央-07-2 青山河清淤完成40%");
    await page.click("#send");
    await bubble(page, "进度 40%").waitFor();
    page.once("dialog", (dialog) => void dialog.accept("#中央-07-2 青山河清淤完成45%"));
    await page.locator(".msg.mine", { hasText: "完成40%" }).locator("button.edit").click();
    await page.locator(".msg.mine", { hasText: "完成45%" }).locator(".edited").waitFor();
    await bubble(page, "进度 45%").waitFor();
    await expect(page.locator(".msg.mine", { hasText: "完成40%" }).count()).resolves.toBe(0);
  });

  it("switching to English changes the page, and the bot answers in English from then on", async () => {
    const page = await signedIn("unitHead");
    await page.click("#chat .lang-switch");
    await page.locator("#send", { hasText: "Send" }).waitFor();
    await page.locator(".msg.bot", { hasText: "English" }).waitFor();
    await page.fill("#text", "/whoami");
    await page.keyboard.press("Enter");
    await page.locator(".msg.bot", { hasText: "You are 王五" }).waitFor();
    await page.reload();
    await page.locator("#send", { hasText: "Send" }).waitFor();
    await page.close();
  });

  it("a forged session token and an oversized photo are both refused, with a message saying so", async () => {
    const forged = createSigner("a-guessed-secret").sessionToken({ userId: "w-intruder", personId: w.county.people.coordinator.id }, new Date());
    const intruder = await browser.newPage();
    await intruder.addInitScript((token) => localStorage.setItem("duban.token", token), forged);
    await intruder.goto(w.url);
    await intruder.locator("#signin-error", { hasText: "登录已失效" }).waitFor();
    expect(await intruder.locator("#chat").isVisible()).toBe(false);
    await intruder.close();

    const page = await signedIn();
    // Noise does not compress: a real photo's worth of bytes, over this server's 300 KB limit.
    const big = await sharp(randomBytes(800 * 600 * 3), { raw: { width: 800, height: 600, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    await page.setInputFiles("#gallery", { name: "大照片.jpg", mimeType: "image/jpeg", buffer: big });
    await page.locator("#composer-error", { hasText: "超过 0.3 MB" }).waitFor();
    await page.locator("#tray .item.failed").waitFor();
    // Refused before it entered evidence storage.
    expect(await evidencePath(w.config.dataDir, createHash("sha256").update(big).digest("hex"))).toBeNull();
    await page.close();
  });

  it("a tab opened beyond the session's limit of pages says so, and stops trying to connect", async () => {
    const context = await browser.newContext();
    const page = await signedIn("official2", await context.newPage());
    const token = (await page.evaluate(() => localStorage.getItem("duban.token")))!;
    // This page holds one socket; nine more reach the limit of ten.
    const others = await Promise.all(Array.from({ length: 9 }, () => connectPage(w.url, token)));
    const tab = await page.context().newPage();
    await tab.goto(w.url);
    await tab.locator("#composer-error", { hasText: "同时打开的页面已达 10 个上限" }).waitFor();
    await expect.poll(() => tab.locator("#conn").textContent()).toBe("");
    await Promise.all(others.map((o) => o.close()));
    await context.close();
  });
});
