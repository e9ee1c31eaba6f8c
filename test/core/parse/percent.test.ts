import { describe, expect, it } from "vitest";
import { parsePercent } from "../../../src/core/parse/percent";

const value = (text: string) => {
  const r = parsePercent(text);
  if (!r.ok) throw new Error(`"${text}" was refused as ${r.raw}`);
  return r.value;
};

describe("reading the progress percentage an official writes", () => {
  it.each([
    ["60%", 60],
    ["60％", 60],
    ["60 %", 60],
    ["６０％", 60],
    ["完成100%", 100],
    ["河道清淤完成60%，剩余部分下周完成", 60],
    ["0%", 0],
    ["百分之六十", 60],
    ["百分之六十五", 65],
    ["百分之百", 100],
    ["百分之一百", 100],
    ["百分之十", 10],
    ["百分之十五", 15],
    ["百分之两", 2],
    ["百分之零", 0],
    ["百分之5", 5],
    ["百分之 80", 80],
    ["已完成百分之八十以上", 80],
  ])("%s is read as %d", (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it("a message without a percentage has no value, and is not an error", () => {
    expect(parsePercent("今天开会，讨论清淤方案")).toEqual({ ok: true, value: null });
    expect(parsePercent("")).toEqual({ ok: true, value: null });
    expect(parsePercent("完成了一半")).toEqual({ ok: true, value: null });
  });

  it("of several percentages the last one is the current progress", () => {
    expect(value("从40%推进到60%")).toBe(60);
    expect(value("上周百分之三十，本周百分之五十")).toBe(50);
    expect(value("40%-60%")).toBe(60);
  });

  it("an earlier out-of-range figure does not spoil a good last one", () => {
    expect(value("原定160%的目标有误，实际完成60%")).toBe(60);
  });

  it("decimals are cut down, never rounded up, so 99.5% is not reported as done", () => {
    expect(value("60.5%")).toBe(60);
    expect(value("99.5%")).toBe(99);
    expect(value("100.0%")).toBe(100);
    expect(value("百分之99.9")).toBe(99);
  });

  it("the numbers inside an item code are not a percentage", () => {
    expect(value("#中央-07-2 河道清淤完成60%")).toBe(60);
    expect(value("#省-15 已完成")).toBe(null);
  });

  it("a hyphen after a letter, digit or percent sign is not a minus sign", () => {
    expect(value("ZY-5%")).toBe(5);
    expect(value("3-5%")).toBe(5);
  });

  it.each([
    ["160%", "160%"],
    ["完成-5%", "-5%"],
    ["-5%", "-5%"],
    ["100.5%", "100.5%"],
    ["1,000%", "1,000%"],
    ["百分之", "百分之"],
    ["完成了百分之多少还不清楚", "百分之"],
    ["百分之一千", "百分之一千"],
    ["百分之一百二十", "百分之一百二十"],
    ["百分之六六", "百分之六六"],
    ["百分之120", "百分之120"],
  ])("%s is refused, quoting %s back", (text, raw) => {
    expect(parsePercent(text)).toEqual({ ok: false, raw });
  });

  it("a refused percentage is quoted as the official typed it, full-width and all", () => {
    expect(parsePercent("完成１６０％")).toEqual({ ok: false, raw: "１６０％" });
  });
});
