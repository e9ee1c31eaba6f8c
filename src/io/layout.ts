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
];

/** What duban adds on export; read back, these columns are ignored (see DERIVED_HEADERS). */
export const ITEM_STATUS_COLUMNS: Column[] = [
  { header: "当前状态", width: 10 },
  { header: "当前时限", width: 12 },
  { header: "进度(%)", width: 8 },
  { header: "最近报告时间", width: 17 },
  { header: "最近报告", width: 36 },
  { header: "照片数", width: 7 },
  { header: "红绿灯", width: 9 },
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

/**
 * The subject of every workbook duban exports. Read back, such a file's 进展情况 and
 * 完成情况 are the live values duban wrote, not a plan's text, and its 调度汇总 sheet
 * is no ledger. (The creator is no mark: the shipped sample says "duban" too.)
 */
export const EXPORT_MARK = "duban-ledger-export";

/** A sheet with a merged title row above a bold, frozen header row, as ledgers are laid out. */
export function startSheet(wb: ExcelJS.Workbook, name: string, title: string | null, columns: Column[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: title ? 2 : 1 }] });
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
