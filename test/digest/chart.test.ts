/**
 * The digest carries one picture — each unit's lights as stacked bars and the overdue
 * trend — beside the text it always had.
 */
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { plainText } from "../../src/core/chat";
import { thresholdsOf } from "../../src/config";
import { digestChartSvg } from "../../src/digest/chart";
import { composeDigest } from "../../src/digest/compose";
import { renderDigest } from "../../src/digest/render";
import { messagesFor } from "../../src/i18n/index";
import { evidencePath } from "../../src/ledger/evidence";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
afterEach(() => t?.close());

describe("the digest's chart", () => {
  it("goes to the leaders' group as a PNG image beside the unchanged text", async () => {
    t = await startTestDuban();
    await t.ledger.db.chat.create({ data: { platform: "test", chatId: "leaders", purpose: "leaders", createdAt: t.clock.now() } });
    await t.duban.scheduler.tick();
    await t.deliverAll();
    const digest = t.chat.sent.find((s) => s.to.chatId === "leaders");
    expect(digest).toBeDefined();
    const data = await composeDigest(t.ledger, { now: t.clock.now(), tz: t.config.DUBAN_TZ, thresholds: thresholdsOf(t.config) });
    expect(digest!.text).toBe(plainText(renderDigest(data, "zh-CN")));
    expect(digest!.msg.images).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), caption: "各单位红黄绿灯与逾期趋势" }]);
    const file = await evidencePath(t.config.dataDir, digest!.msg.images![0]!.sha256);
    expect(file).toMatch(/\.png$/);
    const meta = await sharp(file!).metadata();
    expect(meta.format).toBe("png");
    expect(meta.width).toBe(1280);
  });

  it("names the units in Chinese and draws the red item of the water bureau as a red bar", async () => {
    t = await startTestDuban();
    const data = await composeDigest(t.ledger, { now: t.clock.now(), tz: t.config.DUBAN_TZ, thresholds: thresholdsOf(t.config) });
    const svg = await digestChartSvg(t.ledger, data, messagesFor("zh-CN"), { now: t.clock.now(), tz: t.config.DUBAN_TZ });
    expect(svg).toContain("县水利局");
    expect(svg).toContain("各单位红黄绿灯");
    expect(svg).toContain("每周在办、逾期、已销号");
    expect(svg).toContain('fill="#d93025"');
    expect(svg).toContain("Noto Sans CJK SC");
  });
});
