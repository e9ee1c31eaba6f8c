import { describe, expect, it } from "vitest";
import { parseCsv, writeCsv } from "../../src/io/csv";

describe("CSV as Excel writes it", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks inside them", () => {
    const text = '编号,问题\r\n中央-01,"河道垃圾，""漂浮物""多"\r\n中央-02,"第一行\n第二行"\r\n';
    expect(parseCsv(text)).toEqual([
      ["编号", "问题"],
      ["中央-01", '河道垃圾，"漂浮物"多'],
      ["中央-02", "第一行\n第二行"],
    ]);
  });

  it("drops the byte-order mark Excel puts before UTF-8", () => {
    expect(parseCsv("\uFEFF序号,问题\n1,x")).toEqual([["序号", "问题"], ["1", "x"]]);
  });

  it("keeps empty fields and a last line without a line break", () => {
    expect(parseCsv("a,,c\n,,\nx")).toEqual([["a", "", "c"], ["", "", ""], ["x"]]);
  });

  it("writes what it reads back, with a BOM so Excel opens it as UTF-8", () => {
    const rows = [["编号", "说明"], ["省-01", '含逗号, 引号" 和\n换行'], ["省-02", " 前后空格 "]];
    const text = writeCsv(rows);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(parseCsv(text)).toEqual(rows);
  });
});
