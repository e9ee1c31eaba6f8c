/**
 * The leaders' dashboard in a real browser (Debian's Chromium driven by playwright-core):
 * a leader, a coordinator and a unit head sign in on the chat page and open the overview;
 * they filter it, open an item with its photos, and take the A4 print preview. Each view
 * is saved under docs/screenshots/ so that anyone can see what it looks like.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, dayOf } from "../../../src/core/days";
import { storeEvidence } from "../../../src/ledger/evidence";
import { chineseFonts } from "../../../src/charts/font";
import { projectPath } from "../../../src/paths";
import { jpeg } from "../../support/images";
import type { PersonKey } from "../../support/county";
import { buildCase } from "../../support/ledger-builders";
import { startWebDuban, type WebDuban } from "./support";

const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
const SHOTS = projectPath("docs/screenshots");
const PETITIONER = "陈某某信访人";

let w: WebDuban;
let browser: Browser;
/** The server's address without its trailing slash. */
let base: string;
beforeAll(async () => {
  w = await startWebDuban();
  base = w.url.replace(/\/$/, "");
  mkdirSync(SHOTS, { recursive: true });
  const today = dayOf(new Date(), w.config.DUBAN_TZ);
  await buildCase(w.ledger.db, { caseNo: "信-2026-031", unitId: w.county.units.water, assignedOn: addDays(today, -20), batchDue: addDays(today, 2), ownerLeader: "刘县长", petitioner: { name: PETITIONER, contact: "13800000000" } });
  // A report on 中央-07-2 with a real photo, as the chat would have stored it.
  const stored = await storeEvidence(w.config.dataDir, await jpeg({ seed: 31 }), { maxBytes: 10_000_000, tz: w.config.DUBAN_TZ });
  const item = await w.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
  const report = await w.ledger.db.report.create({
    data: { itemId: item.id, reporterId: w.county.people.official.id, at: new Date(), text: "河道清淤完成60%，附现场照片", percent: 60, platform: "web", chatId: "c", messageId: "m-dash-1" },
  });
  await w.ledger.db.photo.create({ data: { reportId: report.id, itemId: item.id, sha256: stored.sha256, size: stored.size, mime: stored.mime, width: stored.width, height: stored.height, receivedAt: new Date() } });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

async function dashboardAs(person: PersonKey, viewport = { width: 390, height: 844 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(w.url);
  await page.fill("#code", await w.bindCode(person));
  await page.click("#code-form button[type=submit]");
  await page.locator("#chat").waitFor();
  await page.goto(`${base}/dashboard`);
  await page.locator("h1").waitFor();
  return page;
}

/** Every chart image on the page has loaded (an SVG the server drew). */
async function chartsLoaded(page: Page): Promise<void> {
  const charts = page.locator(".charts img");
  await expect.poll(() => charts.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);
}

/**
 * Whether the browser draws Chinese as Chinese: a character no font has (U+E000) is drawn
 * as the missing-glyph box; without a CJK font "督" is drawn as the same box.
 */
async function drawsChinese(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const draw = (text: string) => {
      const canvas = document.createElement("canvas");
      canvas.width = 60;
      canvas.height = 40;
      const g = canvas.getContext("2d")!;
      g.font = "28px sans-serif";
      g.fillText(text, 4, 30);
      return Array.from(g.getImageData(0, 0, 60, 40).data).join(",");
    };
    return draw("督") !== draw("\uE000");
  });
}

const shot = async (page: Page, name: string) => writeFileSync(`${SHOTS}/${name}.png`, await page.screenshot({ fullPage: true }));

describe("the dashboard in a browser", () => {
  it("a leader sees every unit's lights and counts, the charts, the cases and the exceptions, in Chinese", async () => {
    const page = await dashboardAs("leader", { width: 1100, height: 900 });
    await expect(page.locator("h1").textContent()).resolves.toBe("督察整改总览");
    const units = page.locator("table.units tbody th");
    await expect(units.allTextContents()).resolves.toEqual(expect.arrayContaining(["县水利局", "县住房和城乡建设局"]));
    await chartsLoaded(page);
    await expect(page.locator("section.exceptions").textContent()).resolves.toContain("省-15");
    await expect(page.locator("section.cases").textContent()).resolves.toContain("信-2026-031");
    expect(await drawsChinese(page)).toBe(true);
    expect(await page.content()).not.toContain(PETITIONER);
    await shot(page, "dashboard-leader");
    await page.close();
  });

  it("a coordinator filters by light and by search, and opens an item with its photo", async () => {
    const page = await dashboardAs("coordinator");
    await page.selectOption("select[name=light]", "red");
    await page.click(".filter button[type=submit]");
    await page.waitForURL(/light=red/);
    await expect(page.locator("table.items a.code").allTextContents()).resolves.toEqual(["省-15"]);
    await shot(page, "dashboard-filter-red");

    await page.selectOption("select[name=light]", "");
    await page.fill("input[name=q]", "河道");
    await page.click(".filter button[type=submit]");
    await page.waitForURL(/q=/);
    await expect(page.locator("table.items a.code").allTextContents()).resolves.toEqual(["中央-07-2"]);
    await page.click("table.items a.code");
    await page.locator(".history").waitFor();
    await expect(page.locator("h1").textContent()).resolves.toContain("中央-07-2");
    await expect(page.locator(".entries").textContent()).resolves.toContain("河道清淤完成60%");
    const photo = page.locator(".photos img").first();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
    await shot(page, "dashboard-item");
    await page.close();
  });

  it("a unit head sees only their unit, and another unit's item is refused", async () => {
    const page = await dashboardAs("unitHead");
    await expect(page.locator("h1").textContent()).resolves.toBe("督察整改总览 · 县水利局");
    await expect(page.locator("table.units tbody th").allTextContents()).resolves.toEqual(["县水利局"]);
    await expect(page.locator("body").textContent()).resolves.not.toContain("县住房和城乡建设局");
    await expect(page.locator("select[name=unit]").count()).resolves.toBe(0);
    await chartsLoaded(page);
    await shot(page, "dashboard-unit-head");
    // 中央-03 is led by the housing bureau, with the water bureau cooperating: shown. A
    // housing item the water bureau has no part in is not.
    const housing = await w.ledger.db.item.create({
      data: { code: "省-99", source: "provincial", title: "住建专项整治", leadUnitId: w.county.units.housing, deadline: "2027-06-30" },
    });
    const refused = await page.goto(`${base}/dashboard/item/${encodeURIComponent(housing.code)}`);
    expect(refused?.status()).toBe(403);
    await expect(page.locator("main").textContent()).resolves.toContain("这一项不属于您的单位");
    await w.ledger.db.item.delete({ where: { id: housing.id } });
    await page.close();
  });

  it("the print preview is the A4 handout: title, date, charts and exceptions, no filter, no petitioner", async () => {
    const page = await dashboardAs("leader", { width: 794, height: 1123 });
    await chartsLoaded(page);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".filter").isHidden()).resolves.toBe(true);
    await expect(page.locator("nav").isHidden()).resolves.toBe(true);
    await expect(page.locator(".as-of").isVisible()).resolves.toBe(true);
    await expect(page.locator("section.exceptions").isVisible()).resolves.toBe(true);
    await shot(page, "dashboard-print");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(await page.content()).not.toContain(PETITIONER);
    await page.close();
  });

  it("without a session the dashboard asks to sign in, and an official is not let in", async () => {
    const anonymous = await fetch(`${base}/dashboard`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain("请先在督办对话页面登录");
    const token = await w.signIn("official");
    const official = await fetch(`${base}/dashboard`, { headers: { cookie: `duban_dashboard=${token}` } });
    expect(official.status).toBe(403);
    expect(await official.text()).toContain("总览只向领导、督察整改办和单位负责人开放");
  });

  it("the server has a font that draws Chinese for the charts", async () => {
    expect(await chineseFonts()).toEqual(expect.arrayContaining([expect.stringMatching(/CJK/)]));
  });
});
