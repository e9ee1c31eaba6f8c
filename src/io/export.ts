/**
 * The ledger as a file to forward: the items in the layout they were imported in plus
 * their current state (status, progress, last report, photo count, traffic light), and
 * the petition cases on a second sheet. A CSV file holds one table: the items, or the
 * cases when asked. Spreadsheets are written in Chinese, the county's working language;
 * JSON uses the codes. The petitioner's identity is never
 * read here, so no export can contain it.
 */
import ExcelJS from "exceljs";
import { dayOf, formatInstant } from "../core/days";
import { viewItem, type Thresholds } from "../core/lights";
import { messagesFor } from "../i18n/index";
import type { Ledger } from "../ledger/db";
import { writeCsv } from "./csv";
import { CASE_COLUMNS, DATE_FORMAT, ITEM_COLUMNS, ITEM_STATUS_COLUMNS, startSheet } from "./layout";
import { exportedCases, exportedItems, type ExportCase, type ExportItem } from "../ledger/ledger-export";

export interface ExportOptions {
  format: "xlsx" | "json" | "csv";
  /** Which table a CSV file holds (the items unless told). */
  table?: "items" | "cases";
  now: Date;
  tz: string;
  thresholds: Thresholds;
  onProgress?: (p: { phase: "exporting"; done: number; total: number }) => void;
}

export interface ExportFile {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
  items: number;
  cases: number;
}

type Cell = string | number | Date | null;

const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const LIGHT_FILL: Record<string, string> = { red: "FFF4B6B6", yellow: "FFFFE699", green: "FFC6EFCE" };

export async function exportLedger(ledger: Ledger, o: ExportOptions): Promise<ExportFile> {
  const today = dayOf(o.now, o.tz);
  const items = await exportedItems(ledger.session);
  const cases = await exportedCases(ledger.session);
  const view = (i: ExportItem) => viewItem(i, today, (at) => dayOf(at, o.tz), o.thresholds);
  const base = `整改台账-${today}`;
  if (o.format === "json") {
    const doc = {
      exportedAt: o.now.toISOString(),
      timeZone: o.tz,
      items: items.map((i) => ({ ...i, ...pickView(view(i)) })),
      cases,
    };
    const bytes = new TextEncoder().encode(JSON.stringify(doc, null, 2) + "\n");
    return { fileName: `${base}.json`, mime: "application/json", bytes, items: items.length, cases: cases.length };
  }
  if (o.format === "csv") {
    const zh = messagesFor("zh-CN");
    const rows =
      o.table === "cases"
        ? [CASE_COLUMNS.map((c) => c.header), ...cases.map((c, n) => caseCells(c, n).map(csvText))]
        : [[...ITEM_COLUMNS, ...ITEM_STATUS_COLUMNS].map((c) => c.header), ...items.map((i, n) => itemCells(i, n, o.tz, view(i)).map(csvText))];
    const name = o.table === "cases" ? `${zh.io.export.casesSheet}-${today}` : base;
    const bytes = new TextEncoder().encode(writeCsv(rows));
    return { fileName: `${name}.csv`, mime: "text/csv", bytes, items: o.table === "cases" ? 0 : items.length, cases: o.table === "cases" ? cases.length : 0 };
  }
  const wb = new ExcelJS.Workbook();
  const total = items.length + cases.length;
  let done = 0;
  const tick = () => {
    done++;
    if (done % 200 === 0 || done === total) o.onProgress?.({ phase: "exporting", done, total });
  };
  itemSheet(wb, items, today, o.tz, view, tick);
  caseSheet(wb, cases, today, tick);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  return { fileName: `${base}.xlsx`, mime: XLSX_MIME, bytes, items: items.length, cases: cases.length };
}

function pickView(v: ReturnType<typeof viewItem>) {
  return { light: v.light, overdue: v.overdue, overdueDays: v.overdueDays, dueInDays: v.dueInDays, stale: v.stale };
}

/** Days as Excel date cells (UTC midnight is how Excel's wall-clock dates are carried). */
function excelDate(day: string | null): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

/** A date cell in CSV is the day itself, as the import reads it back. */
function csvText(cell: Cell): string {
  return cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell ?? "");
}

function itemCells(i: ExportItem, n: number, tz: string, v: ReturnType<typeof viewItem>): Cell[] {
  const zh = messagesFor("zh-CN");
  const deadlineCell = (day: string | null) => (i.longTerm ? zh.common.longTerm : excelDate(day));
  return [
    n + 1, i.code, zh.common.source[i.source], i.batch ?? "", zh.common.category[i.category],
    i.problem, i.target, i.measures, i.leaderName ?? "", i.leadUnit, i.cooperating.join("、"), i.personName ?? "",
    deadlineCell(i.originalDeadline), i.progressNote ?? "", i.completionNote ?? "",
    zh.common.status[i.status], deadlineCell(i.deadline), i.progress ?? "",
    i.lastReportAt ? formatInstant(i.lastReportAt, tz) : "", i.lastReport ?? "", i.photoCount, zh.common.light[v.light],
  ];
}

function caseCells(c: ExportCase, n: number): Cell[] {
  const zh = messagesFor("zh-CN");
  return [
    n + 1, c.caseNo, c.batch ?? "", excelDate(c.assignedOn), c.summary, c.place ?? "", c.pollutionType ?? "", c.unit,
    c.ownerLeader ?? "", excelDate(c.batchDue), zh.common.caseStatus[c.status],
    c.finding ? zh.common.finding[c.finding] : "", c.actions ?? "", c.accountability ?? "",
    c.disclosed ? zh.common.yes : zh.common.no, c.repeats.join("、"),
  ];
}

function itemSheet(
  wb: ExcelJS.Workbook, items: ExportItem[], today: string, tz: string,
  view: (i: ExportItem) => ReturnType<typeof viewItem>, tick: () => void,
): void {
  const zh = messagesFor("zh-CN");
  const columns = [...ITEM_COLUMNS, ...ITEM_STATUS_COLUMNS];
  const ws = startSheet(wb, zh.io.export.itemsSheet, zh.io.export.itemsTitle({ day: today }), columns);
  const lightColumn = columns.length;
  items.forEach((i, n) => {
    const v = view(i);
    const row = ws.addRow(itemCells(i, n, tz, v));
    row.alignment = { vertical: "top", wrapText: true };
    for (const c of [13, 17]) row.getCell(c).numFmt = DATE_FORMAT;
    row.getCell(lightColumn).fill = { type: "pattern", pattern: "solid", fgColor: { argb: LIGHT_FILL[v.light]! } };
    tick();
  });
}

function caseSheet(wb: ExcelJS.Workbook, cases: ExportCase[], today: string, tick: () => void): void {
  const zh = messagesFor("zh-CN");
  const ws = startSheet(wb, zh.io.export.casesSheet, zh.io.export.casesTitle({ day: today }), CASE_COLUMNS);
  cases.forEach((c, n) => {
    const row = ws.addRow(caseCells(c, n));
    row.alignment = { vertical: "top", wrapText: true };
    for (const col of [4, 10]) row.getCell(col).numFmt = DATE_FORMAT;
    tick();
  });
}
