import { describe, expect, it } from "vitest";
import { splitText, utf8Bytes } from "../../src/core/split-text";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every character but line breaks, in order: what a split must keep. */
const withoutBreaks = (s: string) => s.replace(/\n/g, "");

describe("splitting a long text into messages", () => {
  it("keeps a text within the limit whole, even an empty one", () => {
    expect(splitText("今日督办\n逾期3天", 20)).toEqual(["今日督办\n逾期3天"]);
    expect(splitText("", 5)).toEqual([""]);
  });

  it("packs whole lines into each part and cuts only at line breaks when lines fit", () => {
    const lines = Array.from({ length: 300 }, (_, i) => `第${i + 1}项：河道清淤整改进展`);
    const parts = splitText(lines.join("\n"), 200);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(200);
    // Joined again at the line breaks they were cut at, the parts are the text.
    expect(parts.join("\n")).toBe(lines.join("\n"));
    // Greedy: no part could have taken the next part's first line.
    for (let i = 0; i + 1 < parts.length; i++) expect(parts[i]!.length + 1 + parts[i + 1]!.split("\n")[0]!.length).toBeGreaterThan(200);
  });

  it("cuts a line longer than the limit between characters, and lets the next line join its last piece", () => {
    expect(splitText("abcdefghi\nkl\nmnopqr", 4)).toEqual(["abcd", "efgh", "i\nkl", "mnop", "qr"]);
  });

  it("never splits a surrogate pair, even where the limit falls inside one", () => {
    const text = "a" + "🌊".repeat(40) + "\n" + "🔴x".repeat(30);
    for (const limit of [2, 3, 5, 8]) {
      const parts = splitText(text, limit);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(limit);
        expect(p).not.toMatch(LONE_SURROGATE);
      }
      expect(withoutBreaks(parts.join(""))).toBe(withoutBreaks(text));
    }
  });

  it("cuts only between the atoms it is given", () => {
    const line = "&amp;&lt;x".repeat(50);
    const atoms = (s: string) => s.match(/&(?:amp|lt|gt);|[\s\S]/gu) ?? [];
    const parts = splitText(line, 12, atoms);
    expect(parts.join("")).toBe(line);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(12);
      expect(p).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it("keeps empty lines, loses no character on random texts, and stays within the limit", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ["a", "整", "改", "\n", "\n", "🌊", " ", "&"];
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: Math.floor(random() * 300) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      const limit = 2 + Math.floor(random() * 40);
      const parts = splitText(text, limit);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(limit);
        expect(p).not.toMatch(LONE_SURROGATE);
      }
      expect(withoutBreaks(parts.join(""))).toBe(withoutBreaks(text));
      // Line breaks are kept inside parts or become the boundaries between them, never more.
      const kept = parts.join("").split("\n").length - 1;
      expect(kept + parts.length - 1).toBeGreaterThanOrEqual(text.split("\n").length - 1);
      expect(kept).toBeLessThanOrEqual(text.split("\n").length - 1);
    }
  });

  it("an atom longer than the limit is a part of its own rather than cut", () => {
    expect(splitText("ab🌊cd", 1)).toEqual(["a", "b", "🌊", "c", "d"]);
  });
  it("measured in UTF-8 bytes, packs more ASCII than Chinese into a part and never goes over the byte limit", () => {
    expect(utf8Bytes("a整🌊\n")).toBe(1 + 3 + 4 + 1);
    const lines = Array.from({ length: 200 }, (_, i) => (i % 2 ? `item-${i} river dredging` : `第${i}项：河道清淤🌊`));
    const text = lines.join("\n");
    const parts = splitText(text, 2048, undefined, utf8Bytes);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(2048);
    expect(parts.join("\n")).toBe(text);
    // Greedy by bytes: no part could have taken the next part's first line.
    for (let i = 0; i + 1 < parts.length; i++) {
      expect(Buffer.byteLength(parts[i]! + "\n" + parts[i + 1]!.split("\n")[0]!, "utf8")).toBeGreaterThan(2048);
    }
    // A line over the limit is cut between code points by bytes: three-byte characters, 7 bytes a part at most.
    expect(splitText("整改完成了", 7, undefined, utf8Bytes)).toEqual(["整改", "完成", "了"]);
  });
});
