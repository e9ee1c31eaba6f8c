import { describe, expect, it } from "vitest";
import { codeKey, editDistance, looksLikeCode, suggestCodes } from "../../src/core/find";

const CODES = ["中央-04", "中央-07-2", "中央-03", "省-15", "风险-危废-003"];

describe("codes typed loosely", () => {
  it("中央04, 中央-4, 中央—04 and #中央-04 are one code", () => {
    expect(new Set(["中央04", "中央-4", "中央—04", "#中央-04", "中央－04"].map(codeKey))).toEqual(new Set(["中央-4"]));
  });

  it("a loosely typed code is answered with the real one", () => {
    expect(suggestCodes("中央4", CODES)).toEqual(["中央-04"]);
    expect(suggestCodes("风险危废3", CODES)).toEqual(["风险-危废-003"]);
  });

  it("a code one edit away is suggested, nearest first; a far one is not", () => {
    expect(suggestCodes("中央-07-3", CODES)[0]).toBe("中央-07-2");
    expect(suggestCodes("省-16", CODES)).toEqual(["省-15"]);
    expect(suggestCodes("市-99-9", CODES)).toEqual([]);
  });

  it("edit distance counts Han characters as one", () => {
    expect(editDistance("中央", "中共")).toBe(1);
    expect(editDistance("", "省-1")).toBe(3);
  });

  it("采砂 reads as a keyword, 中央04 as a code", () => {
    expect(looksLikeCode("采砂")).toBe(false);
    expect(looksLikeCode("河道 清淤 2")).toBe(false);
    expect(looksLikeCode("中央04")).toBe(true);
  });
});
