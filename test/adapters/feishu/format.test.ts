import { describe, expect, it } from "vitest";
import { renderMessage } from "../../../adapters/feishu/format";

type Card = { elements: { tag: string; text?: { tag: string; content: string }; actions?: { text: { content: string } }[] }[] };
type Post = { zh_cn: { content: { tag: string; text: string }[][] } };

describe("Feishu formatting", () => {
  it("a digest with headings, lists and dividers is one card of plain texts and rules", () => {
    const [card, ...rest] = renderMessage({ blocks: [{ type: "heading", text: "今日督办" }, { type: "divider" }, { type: "list", items: ["省-15 红灯", "中央-07-2 黄灯"] }, { type: "divider" }] });
    expect(rest).toEqual([]);
    expect(card!.msgType).toBe("interactive");
    const content = JSON.parse(card!.content) as Card;
    expect(content.elements.map((e) => e.tag)).toEqual(["div", "hr", "div"]);
    expect(content.elements.map((e) => e.text?.tag)).toEqual(["plain_text", undefined, "plain_text"]);
    expect(content.elements[2]!.text!.content).toBe("• 省-15 红灯\n• 中央-07-2 黄灯");
  });

  it("plain text is a post with one text element a line", () => {
    const [post] = renderMessage({ blocks: [{ type: "text", text: "第一行\n第二行 *不是粗体*" }] });
    expect(post!.msgType).toBe("post");
    expect((JSON.parse(post!.content) as Post).zh_cn.content).toEqual([[{ tag: "text", text: "第一行" }], [{ tag: "text", text: "第二行 *不是粗体*" }]]);
  });

  it("puts at most four buttons side by side, and the buttons under the last part of a long text", () => {
    const buttons = [Array.from({ length: 6 }, (_, i) => ({ label: `选项${i + 1}`, data: `pick:${i}` }))];
    const parts = renderMessage({ blocks: [{ type: "text", text: Array.from({ length: 30 }, (_, i) => `第${i + 1}行`).join("\n") }], buttons }, 60);
    expect(parts.length).toBeGreaterThan(1);
    const cards = parts.map((p) => JSON.parse(p.content) as Card);
    expect(cards.slice(0, -1).every((c) => c.elements.every((e) => e.tag === "div"))).toBe(true);
    const rows = cards.at(-1)!.elements.filter((e) => e.tag === "action").map((e) => e.actions!.map((a) => a.text.content));
    expect(rows).toEqual([["选项1", "选项2", "选项3", "选项4"], ["选项5", "选项6"]]);
  });
});
