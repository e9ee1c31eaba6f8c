import { describe, expect, it } from "vitest";
import { plainText } from "../../../src/core/chat";
import { botPayloads, pageMessage } from "../../../adapters/web/format";

const link = { evidence: (sha: string) => `/media/e-${sha}`, file: (_path: string, name: string) => `/media/f-${name}` };

describe("bot messages on the page", () => {
  it("a long list becomes several bubbles, nothing lost, buttons under the last", () => {
    const items = Array.from({ length: 400 }, (_, i) => `第${i + 1}项：河道清淤整改进展情况说明`);
    const parts = botPayloads({ blocks: [{ type: "heading", text: "逾期任务" }, { type: "list", items }], buttons: [[{ label: "查看", data: "status:中央-01" }]] }, 4000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(plainText({ blocks: p.blocks }).length).toBeLessThanOrEqual(4000);
    const all = parts.flatMap((p) => p.blocks.flatMap((b) => (b.type === "list" ? b.items : [])));
    expect(all).toEqual(items);
    expect(parts.slice(0, -1).every((p) => p.buttons === undefined)).toBe(true);
    expect(parts.at(-1)!.buttons).toHaveLength(1);
  });

  it("an edit replaces the earlier message, and the page is told which", () => {
    const [edit] = botPayloads({ blocks: [{ type: "text", text: "照片 3 张" }] }, 8000, 41);
    const shown = pageMessage({ id: 57, chatId: "w-a", at: new Date("2026-11-25T02:00:00Z"), payload: edit! }, { personId: 1 }, link);
    expect(shown.edit).toBe(41);
    expect(shown.bot!.blocks).toEqual([{ type: "text", text: "照片 3 张" }]);
  });

  it("markup in a title stays text, and photos and files become the session's links", () => {
    const title = "<b>河道</b> &amp; <script>alert(1)</script>";
    const [p] = botPayloads({ blocks: [{ type: "heading", text: title }], images: [{ sha256: "ab" }], files: [{ path: "/data/x.xlsx", name: "台账.xlsx" }] }, 8000);
    const shown = pageMessage({ id: 1, chatId: "w-a", at: new Date(), payload: p! }, { personId: 1 }, link);
    expect(shown.bot!.blocks[0]).toEqual({ type: "heading", text: title });
    expect(shown.bot!.images).toEqual([{ url: "/media/e-ab" }]);
    expect(shown.bot!.files).toEqual([{ url: "/media/f-台账.xlsx", name: "台账.xlsx" }]);
  });

  it("a person's own message is marked as theirs, with its client id; another's is not", () => {
    const payload = { kind: "person" as const, personId: 7, name: "张三", text: "已完成", photos: ["cd"], clientId: "c-1" };
    const row = { id: 3, chatId: "unit-water", at: new Date(), payload };
    expect(pageMessage(row, { personId: 7 }, link).person).toEqual({ name: "张三", mine: true, text: "已完成", photos: [{ url: "/media/e-cd" }], clientId: "c-1" });
    expect(pageMessage(row, { personId: 8 }, link).person).toEqual({ name: "张三", mine: false, text: "已完成", photos: [{ url: "/media/e-cd" }] });
  });
});
