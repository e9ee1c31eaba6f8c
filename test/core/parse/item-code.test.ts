import { describe, expect, it } from "vitest";
import { findItemCode, normalizeItemCode } from "../../../src/core/parse/item-code";

describe("finding the item code in a message", () => {
  it("#中央-07-2 followed by the report gives the code and the report", () => {
    expect(findItemCode("#中央-07-2 河道清淤完成60%")).toEqual({ code: "中央-07-2", rest: "河道清淤完成60%" });
  });

  it("a code opening the message and followed by a colon takes the colon with it", () => {
    expect(findItemCode("中央-07-2：已完成")).toEqual({ code: "中央-07-2", rest: "已完成" });
    expect(findItemCode("省-15: 已完成")).toEqual({ code: "省-15", rest: "已完成" });
  });

  it("a code opening the message may be followed by a space, a line break or nothing", () => {
    expect(findItemCode("风险-危废-003 已转移处置")).toEqual({ code: "风险-危废-003", rest: "已转移处置" });
    expect(findItemCode("自查-3\n照片见下")).toEqual({ code: "自查-3", rest: "照片见下" });
    expect(findItemCode("ZY-07-2")).toEqual({ code: "ZY-07-2", rest: "" });
    expect(findItemCode("  省-15 完成")).toEqual({ code: "省-15", rest: "完成" });
  });

  it("a code opening the message and running into the text is not taken as a code", () => {
    expect(findItemCode("中央-07-2已完成")).toBeNull();
  });

  it("a #code may stand anywhere in the message, and what surrounds it is kept", () => {
    expect(findItemCode("今天 #省-15 的清淤完成了")).toEqual({ code: "省-15", rest: "今天 的清淤完成了" });
    expect(findItemCode("进展汇报：#自查-3：围挡已拆除")).toEqual({ code: "自查-3", rest: "进展汇报：围挡已拆除" });
  });

  it("a #code typed straight into Chinese text ends where the digits end", () => {
    expect(findItemCode("#中央-07-2河道清淤完成60%")).toEqual({ code: "中央-07-2", rest: "河道清淤完成60%" });
  });

  it("a full-width ＃, full-width digits and a Chinese dash are read as the plain code", () => {
    expect(findItemCode("＃中央－０７－２ 完成")).toEqual({ code: "中央-07-2", rest: "完成" });
    expect(findItemCode("#中央—07—2 完成")?.code).toBe("中央-07-2");
    expect(findItemCode("#中央——07——2 完成")?.code).toBe("中央-07-2");
    expect(findItemCode("#ＺＹ–07‐2 完成")?.code).toBe("ZY-07-2");
  });

  it("the rest keeps the official's own characters", () => {
    expect(findItemCode("#省-15 完成６０％")?.rest).toBe("完成６０％");
  });

  it("the first of several codes is the one the message is about", () => {
    expect(findItemCode("#省-15 同 #省-16")).toEqual({ code: "省-15", rest: "同 #省-16" });
  });

  it.each([
    ["今天开会"],
    ["2026-06-30 前完成"],
    ["#2026-06-30"],
    ["#风险-危废"],
    ["#中央"],
    ["#07-2"],
    ["详见 https://example.org/page#sec-2"],
    ["省 15 完成"],
    [""],
  ])("%j names no item", (text) => {
    expect(findItemCode(text)).toBeNull();
  });

  it("a date before a #code does not hide the code", () => {
    expect(findItemCode("2026-06-30 #省-15 已完成")).toEqual({ code: "省-15", rest: "2026-06-30 已完成" });
  });
});

describe("normalising an item code", () => {
  it.each([
    ["中央-07-2", "中央-07-2"],
    [" 中央－０７－２ ", "中央-07-2"],
    ["中央—07—2", "中央-07-2"],
    ["中央——07——2", "中央-07-2"],
    ["中央–07‐2", "中央-07-2"],
    ["ＺＹ－０７－２", "ZY-07-2"],
    ["风险-危废-003", "风险-危废-003"],
  ])("%j becomes %j", (raw, code) => {
    expect(normalizeItemCode(raw)).toBe(code);
  });
});
