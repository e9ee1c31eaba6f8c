/**
 * The ledger as a file to send upward: one sheet per source (中央, 省, 信访, 风险, 自查)
 * in the county's own order and 序号, each item with its live progress, status,
 * sign-off and look-back; the petition cases; and the 调度汇总 per unit. A CSV file
 * holds one table: the items, or the cases when asked. JSON carries the same data with
 * codes instead of words. The petitioner's identity is never read here, so no export
 * can contain it. Read back, an export imports without a change (see parse.ts).
 */
import type ExcelJS from "exceljs";
import { lazily } from "../lazy";

const excel = lazily<typeof ExcelJS>("exceljs");
import { dayOf } from "../core/days";
import { viewItem, type Thresholds } from "../core/lights";
import { ITEM_SOURCES } from "../core/types";
import { messagesFor } from "../i18n/index";
import type { Ledger } from "../ledger/db";
import { exportedCases, exportedItems, type ExportCase, type ExportItem } from "../ledger/ledger-export";
import { writeCsv } from "./csv";
import {
  acceptorText, CASE_DATE_COLUMNS, caseCells, completionText, csvText, ITEM_DATE_COLUMNS, itemCells, lookbackText,
  progressText, type ItemView,
} from "./export-cells";
import { summariseUnits, totalOf, weekOf, type UnitSummary, type Week } from "./export-summary";
import {
  CASE_COLUMNS, DATE_FORMAT, filterSheet, ITEM_COLUMNS, ITEM_STATUS_COLUMNS, startSheet, SUMMARY_COLUMNS,
} from "./layout";

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

const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const LIGHT_FILL: Record<string, string> = { red: "FFF4B6B6", yellow: "FFFFE699", green: "FFC6EFCE" };
const ITEM_SHEET_COLUMNS = [...ITEM_COLUMNS, ...ITEM_STATUS_COLUMNS];

export async function exportLedger(ledger: Ledger, o: ExportOptions): Promise<ExportFile> {
  const today = dayOf(o.now, o.tz);
  const week = weekOf(today, o.tz);
  const items = await exportedItems(ledger.session, { reportsSince: week.since });
  const cases = await exportedCases(ledger.session);
  const views = new Map(items.map((i) => [i, viewItem(i, today, (at) => dayOf(at, o.tz), o.thresholds)]));
  const view = (i: ExportItem) => views.get(i)!;
  const base = `整改台账-${today}`;
  const summary = summariseUnits(items, view, week, o.tz);
  if (o.format === "json") {
    const doc = {
      exportedAt: o.now.toISOString(),
      timeZone: o.tz,
      items: items.map((i) => jsonItem(i, view(i), o.tz)),
      cases,
      summary: { week: { from: week.from, to: week.to }, units: summary, total: totalOf(summary) },
    };
    const bytes = new TextEncoder().encode(JSON.stringify(doc, null, 2) + "\n");
    return { fileName: `${base}.json`, mime: "application/json", bytes, items: items.length, cases: cases.length };
  }
  if (o.format === "csv") {
    const zh = messagesFor("zh-CN");
    const places = placesInSheet(items);
    const rows =
      o.table === "cases"
        ? [CASE_COLUMNS.map((c) => c.header), ...cases.map((c, n) => caseCells(c, n + 1).map(csvText))]
        : [ITEM_SHEET_COLUMNS.map((c) => c.header), ...items.map((i) => itemCells(i, places.get(i)!, o.tz, view(i)).map(csvText))];
    const name = o.table === "cases" ? `${zh.io.export.casesSheet}-${today}` : base;
    const bytes = new TextEncoder().encode(writeCsv(rows));
    return { fileName: `${name}.csv`, mime: "text/csv", bytes, items: o.table === "cases" ? 0 : items.length, cases: o.table === "cases" ? cases.length : 0 };
  }
  const wb = new (excel().Workbook)();
  wb.creator = "duban";
  const total = items.length + cases.length;
  let done = 0;
  const tick = () => {
    done++;
    if (done % 200 === 0 || done === total) o.onProgress?.({ phase: "exporting", done, total });
  };
  for (const source of ITEM_SOURCES) {
    const ofSource = items.filter((i) => i.source === source);
    // An empty ledger still gets a sheet to fill in; otherwise only sources it has.
    if (ofSource.length > 0 || (items.length === 0 && source === "central")) itemSheet(wb, source, ofSource, today, o.tz, view, tick);
  }
  caseSheet(wb, cases, today, tick);
  summarySheet(wb, summary, week);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  return { fileName: `${base}.xlsx`, mime: XLSX_MIME, bytes, items: items.length, cases: cases.length };
}

/** Each item's place in its source's sheet, from 1. */
function placesInSheet(items: ExportItem[]): Map<ExportItem, number> {
  const next = new Map<string, number>();
  return new Map(items.map((i) => {
    const n = (next.get(i.source) ?? 0) + 1;
    next.set(i.source, n);
    return [i, n];
  }));
}

function jsonItem(i: ExportItem, v: ItemView, tz: string) {
  const { recentReports: _week, ...rest } = i;
  return {
    ...rest,
    progressText: progressText(i, tz), completionText: completionText(i), acceptedBy: acceptorText(i) || null,
    lookbackText: lookbackText(i, tz) || null,
    light: v.light, overdue: v.overdue, overdueDays: v.overdueDays, dueInDays: v.dueInDays, stale: v.stale,
  };
}

function itemSheet(
  wb: ExcelJS.Workbook, source: (typeof ITEM_SOURCES)[number], items: ExportItem[], today: string, tz: string,
  view: (i: ExportItem) => ItemView, tick: () => void,
): void {
  const zh = messagesFor("zh-CN");
  const label = zh.common.source[source];
  const ws = startSheet(wb, label, zh.io.export.sourceTitle({ source: label, day: today }), ITEM_SHEET_COLUMNS);
  items.forEach((i, n) => {
    const v = view(i);
    const row = ws.addRow(itemCells(i, n + 1, tz, v));
    row.alignment = { vertical: "top", wrapText: true };
    for (const c of ITEM_DATE_COLUMNS) row.getCell(c).numFmt = DATE_FORMAT;
    row.getCell(ITEM_SHEET_COLUMNS.length).fill = { type: "pattern", pattern: "solid", fgColor: { argb: LIGHT_FILL[v.light]! } };
    tick();
  });
  filterSheet(ws, 2, ITEM_SHEET_COLUMNS);
}

function caseSheet(wb: ExcelJS.Workbook, cases: ExportCase[], today: string, tick: () => void): void {
  const zh = messagesFor("zh-CN");
  const ws = startSheet(wb, zh.io.export.casesSheet, zh.io.export.casesTitle({ day: today }), CASE_COLUMNS);
  cases.forEach((c, n) => {
    const row = ws.addRow(caseCells(c, n + 1));
    row.alignment = { vertical: "top", wrapText: true };
    for (const col of CASE_DATE_COLUMNS) row.getCell(col).numFmt = DATE_FORMAT;
    tick();
  });
  filterSheet(ws, 2, CASE_COLUMNS);
}

function summarySheet(wb: ExcelJS.Workbook, rows: UnitSummary[], week: Week): void {
  const io = messagesFor("zh-CN").io.export;
  const ws = startSheet(wb, io.summarySheet, io.summaryTitle({ from: week.from, to: week.to }), SUMMARY_COLUMNS);
  for (const r of rows) ws.addRow([r.unit, r.open, r.overdue, r.reportedThisWeek, r.signedOffThisWeek]);
  filterSheet(ws, 2, SUMMARY_COLUMNS);
  const t = totalOf(rows);
  ws.addRow([io.total, t.open, t.overdue, t.reportedThisWeek, t.signedOffThisWeek]).font = { bold: true };
}
