import { describe, expect, it } from "vitest";
import { parseDay, parseDeadline } from "../../../src/core/parse/dates";

describe("reading a day typed in a command", () => {
  const today = "2026-07-15";

  it.each([
    ["2026-12-31", "2026-12-31"],
    ["2026/12/31", "2026-12-31"],
    ["2026.12.31", "2026-12-31"],
    ["2026-1-5", "2026-01-05"],
    ["2026年12月31日", "2026-12-31"],
    ["2026年12月31号", "2026-12-31"],
    ["2026年1月5日", "2026-01-05"],
    ["2026 年 12 月 31 日", "2026-12-31"],
    ["２０２６－１２－３１", "2026-12-31"],
    ["２０２６年１２月３１日", "2026-12-31"],
    ["2025-03-01", "2025-03-01"],
  ])("%s is %s", (text, day) => {
    expect(parseDay(text, today)).toBe(day);
  });

  it("a day without a year is the next such day, this year when it is still ahead", () => {
    expect(parseDay("12月31日", today)).toBe("2026-12-31");
    expect(parseDay("12-31", today)).toBe("2026-12-31");
    expect(parseDay("8月1号", today)).toBe("2026-08-01");
    expect(parseDay("１２月３１日", today)).toBe("2026-12-31");
  });

  it("a day without a year that is today means today", () => {
    expect(parseDay("7月15日", today)).toBe("2026-07-15");
  });

  it("a day without a year that has passed this year means next year", () => {
    expect(parseDay("3月1日", today)).toBe("2027-03-01");
    expect(parseDay("7-14", today)).toBe("2027-07-14");
  });

  it("29 February without a year is the next leap day, or nothing when next year has none", () => {
    expect(parseDay("2月29日", "2027-06-01")).toBe("2028-02-29");
    expect(parseDay("2月29日", today)).toBeNull();
  });

  it.each([
    ["2026-02-30"],
    ["2026年2月29日"],
    ["2026-13-01"],
    ["2026-12-32"],
    ["13月1日"],
    ["2月30日"],
    ["2026-12/31"],
    ["明天"],
    ["下周五"],
    ["2026"],
    ["20261231"],
    ["2026-12-31 前"],
    [""],
  ])("%j is not a day", (text) => {
    expect(parseDay(text, today)).toBeNull();
  });
});

describe("reading the deadline column of a ledger", () => {
  it.each([
    ["2026-06-30", "2026-06-30"],
    ["2026/6/30", "2026-06-30"],
    ["2026.6.30", "2026-06-30"],
    ["2026年6月30日", "2026-06-30"],
    ["2026年6月30日前", "2026-06-30"],
    ["2026年6月30日之前", "2026-06-30"],
    ["2026年6月30日前完成", "2026-06-30"],
    ["2026年6月30日前完成整改", "2026-06-30"],
    ["2025年12月底前", "2025-12-31"],
    ["2025年12月底", "2025-12-31"],
    ["2025年12月", "2025-12-31"],
    ["2026年2月底", "2026-02-28"],
    ["2028年2月底前", "2028-02-29"],
    ["2025年11月底前完成", "2025-11-30"],
    ["2025年底前", "2025-12-31"],
    ["2025年年底", "2025-12-31"],
    ["2025年底", "2025-12-31"],
    ["2025年年底前完成", "2025-12-31"],
    ["2026年上半年", "2026-06-30"],
    ["2026年下半年", "2026-12-31"],
    ["2025年三季度", "2025-09-30"],
    ["2025年第一季度前", "2025-03-31"],
    ["2026年6月中旬", "2026-06-20"],
    ["2026年6月上旬前", "2026-06-10"],
    ["2026年6月下旬", "2026-06-30"],
    [" ２０２６年６月３０日前 ", "2026-06-30"],
  ])("%j is due on %s", (text, day) => {
    expect(parseDeadline(text)).toEqual({ kind: "day", day });
  });

  it.each([["长期坚持"], ["长期"], ["持续推进"], ["持续整改"], ["长期 坚持"]])("%j is long-term", (text) => {
    expect(parseDeadline(text)).toEqual({ kind: "long_term" });
  });

  it.each([
    ["年底"],
    ["年底前"],
    ["立行立改"],
    ["已完成"],
    ["2026年2月30日"],
    ["2025年13月底"],
    ["2025年"],
    ["2025年底前完成并长期坚持"],
    [""],
  ])("%j is not a deadline the bot can keep", (text) => {
    expect(parseDeadline(text)).toBeNull();
  });
});
