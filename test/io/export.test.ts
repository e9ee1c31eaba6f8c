import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { DB_KINDS } from "../support/databases";
import { DEFAULT_THRESHOLDS } from "../../src/core/lights";
import { exportLedger } from "../../src/io/export";
import type { Ledger } from "../../src/ledger/db";
import { NOW, importFile, ledgerCounts, useLedger } from "./helpers";
import { zipText } from "./zips";

const SAMPLE = readFileSync(join(import.meta.dirname, "../../samples/sample-ledger.xlsx"));
const PETITIONERS = ["周某某", "吴某", "蒋某", "许某", "13900001001", "13900001009", "13900001015"];

const exportAt = (ledger: Ledger, format: "xlsx" | "json", now = NOW) =>
  exportLedger(ledger, { format, now, tz: "Asia/Shanghai", thresholds: DEFAULT_THRESHOLDS });

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

async function sheetRows(bytes: Uint8Array, sheet: string): Promise<Map<string, Record<string, unknown>>> {
  const ws = (await workbook(bytes)).getWorksheet(sheet)!;
  const header = (ws.getRow(2).values as unknown[]).slice(1) as string[];
  const rows = new Map<string, Record<string, unknown>>();
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    const values = (row.values as unknown[]).slice(1);
    rows.set(String(values[1]), Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

/** A report with photos on an item, as the bot would have stored it. */
async function reportOn(ledger: Ledger, code: string, text: string, percent: number, photos: number, at: Date) {
  const item = await ledger.db.item.findUniqueOrThrow({ where: { code } });
  const person = await ledger.db.person.create({ data: { name: "报告人", unitId: item.leadUnitId } });
  const report = await ledger.db.report.create({ data: { itemId: item.id, reporterId: person.id, at, text, percent, platform: "test", chatId: "g1" } });
  for (let i = 0; i < photos; i++) {
    await ledger.db.photo.create({ data: { reportId: report.id, itemId: item.id, sha256: `${code}-${i}`, size: 1000, mime: "image/jpeg", receivedAt: at } });
  }
  await ledger.db.item.update({ where: { id: item.id }, data: { status: "in_progress", progress: percent, lastReportAt: at } });
}

describe.each(DB_KINDS)("exporting the ledger on %s", (kind) => {
  const open = useLedger(kind);

  it("exports a workbook that imports back without a single change", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    await reportOn(ledger, "中央-01", "老城区雨污分流又完成1.3公里", 60, 2, new Date("2026-03-14T06:00:00Z"));
    const before = await ledgerCounts(ledger);
    const file = await exportAt(ledger, "xlsx");
    expect(file).toMatchObject({ fileName: "整改台账-2026-03-15.xlsx", items: 36, cases: 15 });
    const r = await importFile(ledger, file.bytes, file.fileName);
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.items).toEqual({ created: 0, updated: 0, unchanged: 36 });
    expect(r.cases).toEqual({ created: 0, updated: 0, unchanged: 15 });
    expect(await ledgerCounts(ledger)).toEqual(before);
  });

  it("carries the whole plan: imported into an empty ledger, it exports the same again", async () => {
    const first = await open();
    await importFile(first, SAMPLE, "sample-ledger.xlsx");
    const exported = await exportAt(first, "json");
    const second = await open();
    await importFile(second, (await exportAt(first, "xlsx")).bytes, "export.xlsx");
    const plan = (bytes: Uint8Array) => {
      const doc = JSON.parse(new TextDecoder().decode(bytes));
      // What the county's file said in 完成情况, and which file signed an item off, are the first import's.
      const unlike = ["assignedAt", "completionNote", "signedOffVia", "acceptedBy"];
      const items = doc.items.map((i: Record<string, unknown>) => Object.fromEntries(Object.entries(i).filter(([k]) => !unlike.includes(k))));
      return { items, cases: doc.cases };
    };
    expect(plan((await exportAt(second, "json")).bytes)).toEqual(plan(exported.bytes));
  });

  it("shows each item's status, progress, last report, photo count and traffic light", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    await reportOn(ledger, "中央-01", "老城区雨污分流又完成1.3公里", 60, 2, new Date("2026-03-14T06:00:00Z"));
    const bytes = (await exportAt(ledger, "xlsx")).bytes;
    const rows = await sheetRows(bytes, "中央督察");
    expect(rows.get("中央-01")).toMatchObject({
      编号: "中央-01", 来源: "中央督察", 类别: "水", 责任单位: "县住房和城乡建设局", 整改时限: new Date("2026-06-30T00:00:00Z"),
      进展情况: "2026-03-14：老城区雨污分流又完成1.3公里", 完成情况: "整改中",
      当前状态: "整改中", "进度(%)": 60, 照片数: 2, 红绿灯: "🟢 绿灯",
    });
    expect((await sheetRows(bytes, "省督察")).get("省-04")).toMatchObject({ 当前状态: "未开始", 完成情况: "未开始", 照片数: 0, 红绿灯: "🔴 红灯" });
    expect(rows.get("中央-02")).toMatchObject({ 整改时限: "长期坚持", 当前时限: "长期坚持", 完成情况: "长期坚持" });
    // The sample says 基本完成 for 中央-15: the export says what the ledger knows, not the frozen text.
    expect(rows.get("中央-15")).toMatchObject({ 完成情况: "整改中", 当前状态: "整改中" });
  });

  it("keeps the county's own order and 序号, one sheet per source, then the cases and the 调度汇总", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    const wb = await workbook((await exportAt(ledger, "xlsx")).bytes);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(["中央督察", "省督察", "风险排查", "信访件", "调度汇总"]);
    const column = (sheet: string, n: number) => {
      const out: unknown[] = [];
      wb.getWorksheet(sheet)!.eachRow((row, i) => void (i > 2 && out.push(row.getCell(n).value)));
      return out;
    };
    expect(column("中央督察", 1)).toEqual([...Array.from({ length: 18 }, (_, i) => String(i + 1)), "19-1", "19-2"]);
    expect(column("中央督察", 2).slice(0, 3)).toEqual(["中央-01", "中央-02", "中央-03"]);
    expect(column("风险排查", 2)).toEqual([
      "风险-危废-001", "风险-危废-002", "风险-水源-001", "风险-园区-001", "风险-重金属-001", "风险-设施-001", "风险-尾矿-001", "风险-生态-001",
    ]);
    expect(column("省督察", 1)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
  });

  it("shows who signed off and when: an item the county's file said was 已完成 was signed off by the import", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    const rows = await sheetRows((await exportAt(ledger, "xlsx")).bytes, "中央督察");
    expect(rows.get("中央-03")).toMatchObject({
      当前状态: "已销号", 完成情况: "已完成", 销号时间: new Date("2026-03-15T00:00:00Z"), 验收人: "导入（sample-ledger.xlsx）", 回头看: "",
    });
    expect(rows.get("中央-01")).toMatchObject({ 销号时间: null, 验收人: "" });
  });

  it("prints on A4 landscape with the title and header on every page, frozen below the header, with filters", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    const wb = await workbook((await exportAt(ledger, "xlsx")).bytes);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
      expect(ws.autoFilter).toBeTruthy();
    }
    expect(wb.getWorksheet("中央督察")!.autoFilter).toBe("A2:X22");
    expect(wb.getWorksheet("中央督察")!.pageSetup.printTitlesRow).toBe("1:2");
  });

  it("sums up per unit in the 调度汇总: open, overdue, reported this week and signed off this week", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    await reportOn(ledger, "中央-01", "老城区雨污分流又完成1.3公里", 60, 0, new Date("2026-03-14T06:00:00Z"));
    await reportOn(ledger, "省-01", "上周的报告", 20, 0, new Date("2026-03-08T06:00:00Z"));
    const file = await exportAt(ledger, "json");
    const { summary } = JSON.parse(new TextDecoder().decode(file.bytes));
    expect(summary.week).toEqual({ from: "2026-03-09", to: "2026-03-15" });
    const housing = summary.units.find((u: { unit: string }) => u.unit === "县住房和城乡建设局");
    expect(housing).toMatchObject({ reportedThisWeek: 1 });
    expect(housing.open).toBeGreaterThan(0);
    const ws = (await workbook((await exportAt(ledger, "xlsx")).bytes)).getWorksheet("调度汇总")!;
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(["责任单位", "未销号", "其中逾期", "本周有进展", "本周销号"]);
    const last = (ws.getRow(ws.rowCount).values as unknown[]).slice(1);
    expect(last).toEqual(["合计", summary.total.open, summary.total.overdue, 1, summary.total.signedOffThisWeek]);
    expect(summary.total.open).toBe(summary.units.reduce((n: number, u: { open: number }) => n + u.open, 0));
  });

  it("lists the petition cases on their own sheet with their state, and without the petitioner", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    const file = await exportAt(ledger, "xlsx");
    const cases = await sheetRows(file.bytes, "信访件");
    expect(cases.size).toBe(15);
    expect(cases.get("D990000202511080006")).toMatchObject({ 办理状态: "办理中", 是否属实: "属实", 重复件: "D990000202511030003", 包案领导: "王建国" });
    const header = Object.keys(cases.get("D990000202511080006")!);
    expect(header).not.toContain("信访人");
    expect(header).not.toContain("联系方式");
  });

  it("never lets a petitioner's name or contact into any export", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    expect(await ledger.db.petitioner.count()).toBe(15);
    const texts = [zipText((await exportAt(ledger, "xlsx")).bytes), new TextDecoder().decode((await exportAt(ledger, "json")).bytes)];
    for (const text of texts) for (const secret of PETITIONERS) expect(text).not.toContain(secret);
  });

  it("exports JSON for machines, with codes and the computed light", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    const file = await exportAt(ledger, "json");
    expect(file.mime).toBe("application/json");
    const doc = JSON.parse(new TextDecoder().decode(file.bytes));
    expect(doc.items).toHaveLength(36);
    expect(doc.items.find((i: { code: string }) => i.code === "省-04")).toMatchObject({ source: "provincial", status: "not_started", light: "red", overdue: true, overdueDays: 43 });
    expect(doc.cases.find((c: { caseNo: string }) => c.caseNo === "D990000202511030003")).toMatchObject({ unit: "县住房和城乡建设局", status: "handled", finding: "true" });
  });
});
