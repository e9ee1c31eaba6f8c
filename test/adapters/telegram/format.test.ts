import { describe, expect, it } from "vitest";
import { MAX_CAPTION, MAX_TEXT, escapeHtml, renderCaption, renderHtml } from "../../../adapters/telegram/format";
import { readTelegramHtml } from "../../support/fake-telegram";

describe("Telegram HTML", () => {
  it("shows item titles with _ * - ( ) < > & exactly as written", () => {
    const title = "河道_清淤 *重点* (A-1) <b>&amp; [链接](x) `代码` 1.5 a>b";
    const [html] = renderHtml([{ type: "text", text: title }]);
    expect(html).toBe("河道_清淤 *重点* (A-1) &lt;b&gt;&amp;amp; [链接](x) `代码` 1.5 a&gt;b");
    expect(readTelegramHtml(html!)).toBe(title);
  });

  it("makes headings bold, lists bulleted and dividers a line", () => {
    const [html] = renderHtml([
      { type: "heading", text: "今日督办 <水利局>" },
      { type: "list", items: ["中央-07-2 逾期3天", "省-15\n第二行"] },
      { type: "divider" },
      { type: "text", text: "详情 /status" },
    ]);
    expect(html).toBe("<b>今日督办 &lt;水利局&gt;</b>\n• 中央-07-2 逾期3天\n• 省-15\n  第二行\n——————\n详情 /status");
  });

  it("splits a long text at line boundaries into messages within the limit, losing nothing", () => {
    const lines = Array.from({ length: 800 }, (_, i) => `第${i + 1}项：河道清淤 & 整改 <进展>`);
    const parts = renderHtml([{ type: "heading", text: "台账" }, { type: "text", text: lines.join("\n") }]);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(parts.map(readTelegramHtml).join("\n")).toBe(["台账", ...lines].join("\n"));
  });

  it("cuts a single line longer than the limit between characters, keeping every part valid", () => {
    const line = "&<>".repeat(700) + "🔴".repeat(1500);
    const parts = renderHtml([{ type: "heading", text: line }]);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MAX_TEXT);
      expect(p.startsWith("<b>") && p.endsWith("</b>")).toBe(true);
      expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(parts.map(readTelegramHtml).join("")).toBe(line);
  });

  it("drops what would be an empty message", () => {
    expect(renderHtml([{ type: "text", text: "\n\n" }, { type: "heading", text: "  " }])).toEqual([]);
  });

  it("keeps a caption within Telegram's caption limit", () => {
    expect(renderCaption("照片 <1>")).toBe("照片 &lt;1&gt;");
    const long = renderCaption("&".repeat(MAX_CAPTION));
    expect(long.length).toBeLessThanOrEqual(MAX_CAPTION);
    expect(readTelegramHtml(long)).toMatch(/^&+…$/);
  });

  it("escapes only what Telegram's HTML needs", () => {
    expect(escapeHtml(`_*[]()~\`>#+-=|{}.!<&"`)).toBe(`_*[]()~\`&gt;#+-=|{}.!&lt;&amp;"`);
  });
});
