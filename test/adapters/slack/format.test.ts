import { describe, expect, it } from "vitest";
import type { types } from "@slack/bolt";
import { escapeMrkdwn, MAX_TEXT, renderMessage, splitMrkdwn } from "../../../adapters/slack/format";
import { readMrkdwn } from "./requests";

const sectionTexts = (blocks: types.KnownBlock[]) =>
  blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : []));

describe("Slack message text", () => {
  it("escapes &, < and > so that a title can never become a link, a mention or @channel", () => {
    expect(escapeMrkdwn("A&B <!channel> <http://x.cn|点我> 1<2>0")).toBe(
      "A&amp;B &lt;!channel&gt; &lt;http://x.cn|点我&gt; 1&lt;2&gt;0",
    );
  });

  it("fences mrkdwn's formatting characters so that an item title shows as written", () => {
    const title = "河道_清淤 *重点* ~旧~ `代码` A_1";
    const mrkdwn = escapeMrkdwn(title);
    expect(mrkdwn.replace(/\u200B[*_~`]\u200B/g, "")).not.toMatch(/[*_~`]/);
    expect(readMrkdwn(mrkdwn)).toBe(title);
  });

  it("keeps a line that starts with > from turning into a quote", () => {
    expect(escapeMrkdwn("第一行\n> 第二行")).toBe("第一行\n\u200B&gt; 第二行");
  });

  it("shows a heading in bold, a list with bullets and a divider between sections", () => {
    const [m, ...rest] = renderMessage({
      blocks: [
        { type: "heading", text: "今日督办" },
        { type: "list", items: ["中央-07-2 河道清淤", "省-15 污水直排整治"] },
        { type: "divider" },
        { type: "text", text: "详情回复 /查询 编号" },
      ],
    });
    expect(rest).toEqual([]);
    expect(m!.blocks.map((b) => b.type)).toEqual(["section", "divider", "section"]);
    expect(sectionTexts(m!.blocks)).toEqual(["*今日督办*\n• 中央-07-2 河道清淤\n• 省-15 污水直排整治", "详情回复 /查询 编号"]);
    expect(m!.text).toBe("*今日督办*\n• 中央-07-2 河道清淤\n• 省-15 污水直排整治\n详情回复 /查询 编号");
  });

  it("puts buttons under the text, each sending back its data as the button's value", () => {
    const [m] = renderMessage({
      blocks: [{ type: "text", text: "这条进展是哪一项？" }],
      buttons: [[{ label: "中央-07-2 河道清淤", data: "pick:12:3" }, { label: "省-15 污水直排整治", data: "pick:12:4" }]],
    });
    const actions = m!.blocks[1] as types.ActionsBlock;
    expect(actions.type).toBe("actions");
    expect(actions.elements.map((e) => (e as types.Button).value)).toEqual(["pick:12:3", "pick:12:4"]);
    expect(actions.elements.map((e) => (e as types.Button).text.text)).toEqual(["中央-07-2 河道清淤", "省-15 污水直排整治"]);
    expect(new Set(actions.elements.map((e) => (e as types.Button).action_id)).size).toBe(2);
  });

  it("shortens a button label to Slack's 75 characters and keeps rows within 25 buttons", () => {
    const row = Array.from({ length: 30 }, (_, i) => ({ label: "很长的按钮文字".repeat(12), data: `pick:1:${i}` }));
    const [m] = renderMessage({ blocks: [{ type: "text", text: "选择" }], buttons: [row] });
    const actions = m!.blocks.filter((b): b is types.ActionsBlock => b.type === "actions");
    expect(actions.map((a) => a.elements.length)).toEqual([25, 5]);
    for (const b of actions.flatMap((a) => a.elements) as types.Button[]) expect(Array.from(b.text.text).length).toBeLessThanOrEqual(75);
  });
});

describe("splitting at Slack's limits", () => {
  it("splits a long digest at line ends into messages within 3000 characters, losing nothing", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `第${i + 1}项：县水利局 河道清淤 <逾期${i}天> & 待整改`);
    const parts = renderMessage({ blocks: [{ type: "text", text: lines.join("\n") }], buttons: [[{ label: "查看", data: "status:中央-07-2" }]] });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_TEXT);
      for (const s of sectionTexts(p.blocks)) expect(s.length).toBeLessThanOrEqual(MAX_TEXT);
    }
    expect(parts.map((p) => readMrkdwn(p.text)).join("\n")).toBe(lines.join("\n"));
    expect(parts.at(-1)!.blocks.at(-1)!.type).toBe("actions");
    expect(parts.slice(0, -1).flatMap((p) => p.blocks).some((b) => b.type === "actions")).toBe(false);
  });

  it("cuts a single over-long line without breaking an escaped or fenced character apart", () => {
    const line = escapeMrkdwn("<&>_".repeat(400));
    const pieces = splitMrkdwn(line, 100);
    expect(pieces.join("")).toBe(line);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(100);
      expect(p).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(p.replace(/\u200B[*_~`]\u200B/g, "")).not.toMatch(/[*_~`\u200B]/);
    }
  });

  it("never splits a character outside the basic plane in two", () => {
    const pieces = splitMrkdwn("🌊".repeat(60), 7);
    expect(pieces.join("")).toBe("🌊".repeat(60));
    for (const p of pieces) expect(p).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
  });
});
