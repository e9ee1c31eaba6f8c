import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../support/databases";
import { describeProblem } from "../../src/io/problems";
import { describeImport } from "../../src/io/summary";
import { messagesFor } from "../../src/i18n/index";
import { ITEM_HEADER, csv, importFile, itemRow, ledgerCounts, useLedger, xlsx } from "./helpers";
import { handBuiltZip, zeros } from "./zips";

const zh = messagesFor("zh-CN");
const en = messagesFor("en");

describe.each(DB_KINDS)("a malformed file on %s", (kind) => {
  const open = useLedger(kind);

  /** Imports for real (not a dry run) and checks that the ledger did not change. */
  async function refused(bytes: Uint8Array, fileName: string) {
    const ledger = await open();
    const before = await ledgerCounts(ledger);
    const r = await importFile(ledger, bytes, fileName);
    expect(r.written).toBe(false);
    expect(await ledgerCounts(ledger)).toEqual(before);
    return { r, lines: r.problems.map((p) => describeProblem(p, zh.io, r.multiSheet)) };
  }

  it("names every problem with its row and column, and writes none of the valid rows", async () => {
    const rows = [ITEM_HEADER, ...Array.from({ length: 12 }, (_, i) => itemRow(i + 1))];
    rows[12] = itemRow(11, { 整改时限: "年底" });
    rows[5] = itemRow(4, { 责任单位: "" });
    rows[8] = itemRow(7, { 问题: null, 整改时限: "2026-02-30" });
    rows[10] = itemRow(9, { 序号: "中央-01" });
    const { r, lines } = await refused(await xlsx({ name: "中央督察问题", rows }), "台账.xlsx");
    expect(lines).toEqual([
      "第6行 责任单位: 不能为空",
      "第9行 问题: 不能为空",
      "第9行 整改时限: 无法识别日期“2026-02-30”",
      "第11行 序号: 编号“中央-01”与第2行重复",
      "第13行 整改时限: 无法识别日期“年底”",
    ]);
    expect(describeImport(r, zh).at(-1)).toBe(zh.io.summary.blocked);
  });

  it("says the same in English for an English-speaking coordinator", async () => {
    const rows = [ITEM_HEADER, itemRow(1), itemRow(2, { 整改时限: "年底" })];
    const { r } = await refused(await xlsx({ name: "中央督察问题", rows }), "台账.xlsx");
    expect(describeProblem(r.problems[0]!, en.io, false)).toBe('Row 3, 整改时限: cannot read the date "年底"');
  });

  it("refuses a sheet whose headers are not a ledger's", async () => {
    const { lines } = await refused(await xlsx({ name: "名单", rows: [["姓名", "年龄", "电话"], ["张三", 30, "139"]] }), "名单.xlsx");
    expect(lines).toEqual([zh.io.problem.noHeader({ text: "", n: 0 })]);
  });

  it("refuses a ledger without a deadline column, naming the column", async () => {
    const { lines } = await refused(await xlsx({ name: "中央督察问题", rows: [["序号", "问题", "责任单位"], [1, "x", "县住建局"]] }), "a.xlsx");
    expect(lines).toEqual(["缺少必需的列：整改时限"]);
  });

  it("asks for a source when codes must be made from numbers and nothing says which inspection", async () => {
    const ledger = await open();
    const r = await importFile(ledger, await xlsx({ name: "Sheet1", rows: [ITEM_HEADER, itemRow(1)] }), "a.xlsx", { source: undefined });
    expect(r.problems.map((p) => describeProblem(p, zh.io, false))).toEqual([`第2行 序号: ${zh.io.problem.noCode({ text: "", n: 0 })}`, `第2行 来源: ${zh.io.problem.noSource({ text: "", n: 0 })}`]);
  });

  it("refuses a file that is not a spreadsheet and an old .xls", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await refused(png, "台账.xlsx")).r.problems).toEqual([{ code: "notSpreadsheet" }]);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await refused(xls, "台账.xls")).r.problems).toEqual([{ code: "legacyXls" }]);
  });

  it("refuses a .csv that is neither UTF-8 nor GB18030 instead of misreading it", async () => {
    const binary = new Uint8Array([0xd0, 0xf2, 0x81, 0x20, 0xff, 0xfe, 0x80, 0x0a]);
    const { r, lines } = await refused(binary, "台账.csv");
    expect(r.problems).toEqual([{ code: "badEncoding" }]);
    expect(lines).toEqual([zh.io.problem.badEncoding({ text: "", n: 0 })]);
  });

  it("refuses a zip bomb renamed .xlsx without expanding it", async () => {
    const bomb = handBuiltZip([{ name: "xl/worksheets/sheet1.xml", data: zeros(64) }]);
    expect((await refused(bomb, "台账.xlsx")).lines).toEqual([zh.io.problem.zipRatio({ text: "", n: 0 })]);
  });

  it("refuses a zip that is not a workbook", async () => {
    const zip = handBuiltZip([{ name: "readme.txt", data: Buffer.from("hello") }]);
    expect((await refused(zip, "台账.xlsx")).r.problems).toEqual([{ code: "badXlsx" }]);
  });

  it("reads merged cells as county files mean them: a title across, a unit down several rows, a section heading", async () => {
    const ledger = await open();
    const rows = [
      ["清河县整改台账"],
      ITEM_HEADER,
      ["一、大气污染问题"],
      itemRow(1, { 责任单位: "县住建局" }),
      itemRow(2, { 责任单位: null }),
      itemRow(3, { 责任单位: null }),
    ];
    const bytes = await xlsx({ name: "中央督察问题", rows, merges: ["A1:K1", "A3:K3", "F4:F6"] });
    const r = await importFile(ledger, bytes, "a.xlsx");
    expect(r.problems).toEqual([]);
    const items = await ledger.db.item.findMany({ include: { leadUnit: true }, orderBy: { code: "asc" } });
    expect(items.map((i) => [i.code, i.leadUnit.name, i.category])).toEqual([
      ["中央-01", "县住建局", "air"],
      ["中央-02", "县住建局", "air"],
      ["中央-03", "县住建局", "air"],
    ]);
  });

  it("skips empty rows, rows numbered in advance but never filled, and a footnote", async () => {
    const ledger = await open();
    const rows = [ITEM_HEADER, itemRow(1), [], [null, null, null], itemRow(2), [3], [4], ["注：长期坚持的任务每月报送进展"]];
    const r = await importFile(ledger, await xlsx({ name: "中央督察问题", rows }), "a.xlsx");
    expect(r.problems).toEqual([]);
    expect(r.items.created).toBe(2);
  });

  it("reads a CSV ledger with quoted multi-line cells", async () => {
    const ledger = await open();
    const rows = [ITEM_HEADER, itemRow(1, { 整改措施: "1.排查；\n2.整改，验收" }).map((c) => (c === null ? "" : String(c)))];
    const r = await importFile(ledger, csv(rows), "中央督察台账.csv");
    expect(r.problems).toEqual([]);
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-01" } })).toMatchObject({ measures: "1.排查；\n2.整改，验收" });
  });
});
