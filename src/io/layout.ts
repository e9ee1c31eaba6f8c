/**
 * The column layout of duban's own spreadsheets — the templates, the sample ledger and
 * every export — in the words county ledgers use, so an export reads like the file it
 * came from and imports back unchanged.
 */
import type ExcelJS from "exceljs";

export interface Column {
  header: string;
  width: number;
}

export const ITEM_COLUMNS: Column[] = [
  { header: "序号", width: 6 },
  { header: "编号", width: 12 },
  { header: "来源", width: 10 },
  { header: "批次", width: 10 },
  { header: "类别", width: 10 },
  { header: "反馈问题", width: 48 },
  { header: "整改目标", width: 30 },
  { header: "整改措施", width: 48 },
  { header: "责任领导", width: 10 },
  { header: "责任单位", width: 16 },
  { header: "配合单位", width: 20 },
  { header: "责任人", width: 10 },
  { header: "整改时限", width: 12 },
  { header: "进展情况", width: 36 },
  { header: "完成情况", width: 10 },
  // "经度,纬度" in GCJ-02, as the county's map and its own sheet write them.
  { header: "经纬度", width: 22 },
];

/** What duban adds on export; read back, these columns are ignored (see DERIVED_HEADERS). */
export const ITEM_STATUS_COLUMNS: Column[] = [
  { header: "当前状态", width: 10 },
  { header: "当前时限", width: 12 },
  { header: "进度(%)", width: 8 },
  { header: "销号时间", width: 12 },
  { header: "验收人", width: 12 },
  { header: "回头看", width: 20 },
  { header: "照片数", width: 7 },
  { header: "红绿灯", width: 9 },
];

/** The 调度汇总 sheet: per lead unit, what a weekly 调度 meeting asks. */
export const SUMMARY_COLUMNS: Column[] = [
  { header: "责任单位", width: 24 },
  { header: "未销号", width: 10 },
  { header: "其中逾期", width: 10 },
  { header: "本周有进展", width: 12 },
  { header: "本周销号", width: 10 },
];

export const CASE_COLUMNS: Column[] = [
  { header: "序号", width: 6 },
  { header: "交办编号", width: 16 },
  { header: "批次", width: 8 },
  { header: "交办时间", width: 12 },
  { header: "反映问题", width: 48 },
  { header: "所在地", width: 14 },
  { header: "污染类型", width: 10 },
  { header: "责任单位", width: 16 },
  { header: "包案领导", width: 10 },
  { header: "办理时限", width: 12 },
  { header: "办理状态", width: 10 },
  { header: "是否属实", width: 10 },
  { header: "处理和整改情况", width: 40 },
  { header: "问责情况", width: 20 },
  { header: "是否公开", width: 9 },
  { header: "重复件", width: 16 },
  // Read back by the import (CASE_FIELDS.item): the item the case is about, as /关联 set it.
  { header: "关联问题编号", width: 14 },
];

/** Columns a county fills in on the template and that no export ever contains. */
export const PETITIONER_COLUMNS: Column[] = [
  { header: "信访人", width: 10 },
  { header: "联系方式", width: 14 },
];

export const UNIT_COLUMNS: Column[] = [
  { header: "单位名称", width: 28 },
  { header: "简称", width: 28 },
  { header: "上级单位", width: 20 },
];

export const DATE_FORMAT = "yyyy-mm-dd";

/** Columns only duban's export has: a sheet with them is duban's own (see parse.ts). */
export const EXPORT_ONLY_HEADERS = ["当前状态", "红绿灯"];

/**
 * A sheet with a merged title row above a bold, frozen header row, as ledgers are laid
 * out, printed as offices print them: A4 landscape, one page wide, the title and header
 * on every page.
 */
export function startSheet(wb: ExcelJS.Workbook, name: string, title: string | null, columns: Column[]): ExcelJS.Worksheet {
  const headerRow = title ? 2 : 1;
  const ws = wb.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: headerRow }],
    pageSetup: {
      paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      printTitlesRow: `1:${headerRow}`, horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = columns.map((c) => ({ width: c.width }));
  if (title) {
    const row = ws.addRow([title]);
    row.font = { bold: true, size: 14 };
    row.alignment = { horizontal: "center" };
    ws.mergeCells(row.number, 1, row.number, columns.length);
  }
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  return ws;
}

/** The filter arrows over the header, covering every row written below it. */
export function filterSheet(ws: ExcelJS.Worksheet, header: number, columns: Column[]): void {
  ws.autoFilter = { from: { row: header, column: 1 }, to: { row: Math.max(ws.rowCount, header), column: columns.length } };
}
