import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { DB_KINDS } from "../support/databases";
import { DEFAULT_THRESHOLDS } from "../../src/core/lights";
import { messagesFor } from "../../src/i18n/index";
import { exportLedger } from "../../src/io/export";
import { describeImport } from "../../src/io/summary";
import { linkCaseToItem } from "../../src/ledger/cases";
import type { Ledger } from "../../src/ledger/db";
import { buildItem, buildUnit } from "../support/ledger-builders";
import { ITEM_HEADER, NOW, importFile, itemRow, ledgerCounts, useLedger, xlsx } from "./helpers";

const zh = messagesFor("zh-CN");
const en = messagesFor("en");
const CASE_HEADER = ["交办编号", "反映问题", "责任单位", "交办时间", "关联问题编号"];
const caseRow = (caseNo: string, item: string | null) => [caseNo, "河道有异味，群众多次反映", "县住建局", "2026-03-01", item];
const itemSheet = { name: "中央督察问题", rows: [["编号", ...ITEM_HEADER], ["中央-31", ...itemRow(1)]] };

/** The case's item code in the ledger, and the link events of its history. */
async function linkOf(ledger: Ledger, caseNo: string) {
  const c = await ledger.db.petitionCase.findUniqueOrThrow({ where: { caseNo } });
  const item = c.itemId === null ? null : (await ledger.db.item.findUniqueOrThrow({ where: { id: c.itemId } })).code;
  const events = await ledger.db.auditEvent.findMany({ where: { caseId: c.id, action: "case.linked" }, orderBy: { id: "asc" } });
  return { item, linked: events.map((e) => JSON.parse(e.detail).item) };
}

describe.each(DB_KINDS)("a petition sheet naming the cases' items, on %s", (kind) => {
  const open = useLedger(kind);

  async function ledgerWithItem() {
    const ledger = await open();
    const unit = await buildUnit(ledger.db, { name: "县住建局" });
    await buildItem(ledger.db, { code: "中央-07", leadUnitId: unit.id, deadline: "2026-06-30", status: "signed_off", problem: "城区河道黑臭", measures: "清淤截污" });
    return ledger;
  }

  it("links each case to the item it names, an item of the ledger or of the same file, as /关联 does, and says so in the case's history", async () => {
    const ledger = await ledgerWithItem();
    const file = await xlsx(itemSheet, { name: "信访件", rows: [CASE_HEADER, caseRow("X-2026-001", "中央-07"), caseRow("X-2026-002", "中央－31"), caseRow("X-2026-003", null)] });
    const r = await importFile(ledger, file, "信访件.xlsx");
    expect(r.problems).toEqual([]);
    expect(r.cases).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(await linkOf(ledger, "X-2026-001")).toEqual({ item: "中央-07", linked: [[null, "中央-07"]] });
    expect(await linkOf(ledger, "X-2026-002")).toEqual({ item: "中央-31", linked: [[null, "中央-31"]] });
    expect(await linkOf(ledger, "X-2026-003")).toEqual({ item: null, linked: [] });
  });

  it("moves a case to the item the file now names, counted as updated, and leaves a link alone where the cell is blank", async () => {
    const ledger = await ledgerWithItem();
    await importFile(ledger, await xlsx(itemSheet, { name: "信访件", rows: [CASE_HEADER, caseRow("X-2026-001", "中央-07"), caseRow("X-2026-002", null)] }), "信访件.xlsx");
    // A coordinator linked the second case in chat.
    const second = await ledger.db.petitionCase.findUniqueOrThrow({ where: { caseNo: "X-2026-002" } });
    const item = await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-31" } });
    await linkCaseToItem(ledger.session, second, item, { at: NOW, actor: "赵主任" });

    const r = await importFile(ledger, await xlsx({ name: "信访件", rows: [["交办编号", "反映问题", "责任单位", "交办时间", "整改问题编号"], caseRow("X-2026-001", "中央-31"), caseRow("X-2026-002", null)] }), "信访件.xlsx");
    expect(r.cases).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(await linkOf(ledger, "X-2026-001")).toEqual({ item: "中央-31", linked: [[null, "中央-07"], ["中央-07", "中央-31"]] });
    expect(await linkOf(ledger, "X-2026-002")).toEqual({ item: "中央-31", linked: [[null, "中央-31"]] });
  });

  it("brings a signed-off item's look-back forward when the file's cases petition about it again, as /关联 does, and says so", async () => {
    const ledger = await ledgerWithItem();
    await ledger.db.item.update({ where: { code: "中央-07" }, data: { signedOffAt: new Date("2026-02-01T02:00:00Z"), lookbackDue: "2026-09-01" } });
    const file = await xlsx({ name: "信访件", rows: [CASE_HEADER, caseRow("X-2026-001", "中央-07"), caseRow("X-2026-002", "中央-07")] });
    const r = await importFile(ledger, file, "信访件.xlsx", { lookback: { baseDays: 180, tz: "Asia/Shanghai" } });
    // Two petitions about it: one repeats the other, so 180 days / (1 + 2) from the import's day, 15 March.
    expect((await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07" } })).lookbackDue).toBe("2026-05-14");
    const moved = await ledger.db.auditEvent.findMany({ where: { action: "item.lookback_moved" } });
    expect(moved.map((e) => JSON.parse(e.detail))).toEqual([{ lookbackDue: ["2026-09-01", "2026-05-14"], because: "case:X-2026-002" }]);
    expect(describeImport(r, zh)).toContain("已销号事项又有群众重复信访，回头看提前：中央-07 → 2026-05-14");
  });

  it("refuses a code the ledger does not hold, with its row and column in the reader's language, and writes nothing", async () => {
    const ledger = await ledgerWithItem();
    const before = await ledgerCounts(ledger);
    const file = await xlsx({ name: "信访件", rows: [CASE_HEADER, caseRow("X-2026-001", "中央-07"), caseRow("X-2026-002", "中央-99")] });
    const r = await importFile(ledger, file, "信访件.xlsx");
    expect(r.written).toBe(false);
    expect(await ledgerCounts(ledger)).toEqual(before);
    expect(describeImport(r, zh).join("\n")).toContain("第3行 关联问题编号: 台账中没有编号为“中央-99”的问题");
    expect(describeImport(r, en).join("\n")).toContain('no ledger item has the code "中央-99"');
  });

  it("with invalid rows skipped, imports the rest and hands back the row with the unknown code to fix", async () => {
    const ledger = await ledgerWithItem();
    const file = await xlsx({ name: "信访件", rows: [CASE_HEADER, caseRow("X-2026-001", "中央-07"), caseRow("X-2026-002", "中央-99")] });
    const r = await importFile(ledger, file, "信访件.xlsx", { skipInvalid: true });
    expect(r.cases).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(await linkOf(ledger, "X-2026-001")).toEqual({ item: "中央-07", linked: [[null, "中央-07"]] });
    expect(r.rejected?.rows).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rejected!.bytes as unknown as ArrayBuffer);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toContain("X-2026-002");
    expect(values).not.toContain("X-2026-001");
  });

  it("writes each case's item back in the export, and the exported file imports again unchanged", async () => {
    const ledger = await ledgerWithItem();
    await importFile(ledger, await xlsx(itemSheet, { name: "信访件", rows: [CASE_HEADER, caseRow("X-2026-001", "中央-07"), caseRow("X-2026-002", null)] }), "信访件.xlsx");
    const file = await exportLedger(ledger, { format: "xlsx", now: NOW, tz: "Asia/Shanghai", thresholds: DEFAULT_THRESHOLDS });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("信访件")!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    const column = header.indexOf("关联问题编号") + 1;
    expect(column).toBeGreaterThan(0);
    expect([ws.getRow(3).getCell(2).value, ws.getRow(3).getCell(column).value]).toEqual(["X-2026-001", "中央-07"]);
    expect(ws.getRow(4).getCell(column).value ?? "").toBe("");

    const again = await importFile(ledger, file.bytes, file.fileName);
    expect(again.problems).toEqual([]);
    expect(again.cases).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });
});
