/**
 * The cells of one exported row, in the columns of layout.ts. 进展情况 and 完成情况 are
 * live (the latest report with its day; the status), never the text frozen at import,
 * so the file sent upward cannot contradict itself.
 */
import { dayOf } from "../core/days";
import { isPlace, wgsToGcj } from "../core/geo";
import type { viewItem } from "../core/lights";
import { messagesFor } from "../i18n/index";
import type { ExportCase, ExportItem } from "../ledger/ledger-export";

export type Cell = string | number | Date | null;
export type ItemView = ReturnType<typeof viewItem>;

/** 1-based columns of the item sheets that hold dates. */
export const ITEM_DATE_COLUMNS = [13, 18, 20];
export const CASE_DATE_COLUMNS = [4, 10];

/** Days as Excel date cells (UTC midnight is how Excel's wall-clock dates are carried). */
export function excelDate(day: string | null): Date | null {
  return day ? new Date(`${day}T00:00:00Z`) : null;
}

/** A date cell in CSV is the day itself, as the import reads it back. */
export function csvText(cell: Cell): string {
  return cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell ?? "");
}

/** The latest report with its day, else the progress the imported file wrote. */
export function progressText(i: ExportItem, tz: string): string {
  const io = messagesFor("zh-CN").io.export;
  if (i.lastReport !== null && i.lastReportAt) return io.report({ day: dayOf(i.lastReportAt, tz), text: i.lastReport });
  return i.progressNote ?? "";
}

/** 完成情况 from the status, in words the import reads back as the same status. */
export function completionText(i: ExportItem): string {
  const c = messagesFor("zh-CN").io.export.completion;
  if (i.status === "signed_off") return c.done;
  if (i.longTerm) return c.longTerm;
  if (i.status === "awaiting_signoff") return c.awaiting;
  return i.status === "not_started" ? c.notStarted : c.inProgress;
}

export function acceptorText(i: ExportItem): string {
  if (i.signedOffBy) return i.signedOffBy;
  const file = i.signedOffVia?.startsWith("import:") ? i.signedOffVia.slice("import:".length) : null;
  return file === null ? "" : messagesFor("zh-CN").io.export.byImport({ file });
}

export function lookbackText(i: ExportItem, tz: string): string {
  const io = messagesFor("zh-CN").io.export;
  if (i.lookbackAt && i.lookbackResult) return io.lookbackDone({ day: dayOf(i.lookbackAt, tz), passed: i.lookbackResult === "pass", note: i.lookbackNote });
  return i.lookbackDue && i.status === "signed_off" ? io.lookbackDue({ day: i.lookbackDue }) : "";
}

/**
 * The item's coordinates as its sheet wrote them: longitude first, in GCJ-02 (stored as
 * WGS-84), to six decimals (about 0.1 m), which the import reads back as the same place.
 */
export function coordinatesText(i: { lat: number | null; lon: number | null }): string {
  if (!isPlace(i)) return "";
  const g = wgsToGcj(i);
  return `${Number(g.lon.toFixed(6))},${Number(g.lat.toFixed(6))}`;
}

/** `n` is the row's place in its sheet, the 序号 of an item no file numbered. */
export function itemCells(i: ExportItem, n: number, tz: string, v: ItemView): Cell[] {
  const zh = messagesFor("zh-CN");
  const deadlineCell = (day: string | null) => (i.longTerm ? zh.common.longTerm : excelDate(day));
  return [
    i.seq ?? String(n), i.code, zh.common.source[i.source], i.batch ?? "", zh.common.category[i.category],
    i.problem, i.target, i.measures, i.leaderName ?? "", i.leadUnit, i.cooperating.join("、"), i.personName ?? "",
    deadlineCell(i.originalDeadline), progressText(i, tz), completionText(i), coordinatesText(i),
    zh.common.status[i.status], deadlineCell(i.deadline), i.progress ?? "",
    excelDate(i.signedOffAt ? dayOf(i.signedOffAt, tz) : null), acceptorText(i), lookbackText(i, tz),
    i.photoCount, zh.common.light[v.light],
  ];
}

export function caseCells(c: ExportCase, n: number): Cell[] {
  const zh = messagesFor("zh-CN");
  return [
    n, c.caseNo, c.batch ?? "", excelDate(c.assignedOn), c.summary, c.place ?? "", c.pollutionType ?? "", c.unit,
    c.ownerLeader ?? "", excelDate(c.batchDue), zh.common.caseStatus[c.status],
    c.finding ? zh.common.finding[c.finding] : "", c.actions ?? "", c.accountability ?? "",
    c.disclosed ? zh.common.yes : zh.common.no, c.repeats.join("、"), c.item ?? "",
  ];
}
