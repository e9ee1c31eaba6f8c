/**
 * Reads an uploaded file into plain sheets of rows: .xlsx through exceljs (after the
 * zip check), .csv through our own reader, in UTF-8 or, as Excel on Chinese Windows
 * saves "CSV", in GB18030 (which covers GBK). Cells become strings, numbers or Dates.
 * Merged cells: a cell covered by a merge from a row above takes that row's value (a
 * unit written once for several items), one covered from the left in its own row is
 * empty (a heading spread across columns is one heading, not many).
 */
import type ExcelJS from "exceljs";
import { lazily } from "../lazy";

const excel = lazily<typeof ExcelJS>("exceljs");
// iconv-lite: GB18030's four-byte tables are large and easy to get wrong; Node's TextDecoder has GBK only with full ICU.
import iconv from "iconv-lite";
import { parseCsv } from "./csv";
import { DEFAULT_ZIP_LIMITS, inspectZip, isZip, type ZipLimits, type ZipVerdict } from "./zip";

export type CellValue = string | number | Date | null;

export interface SheetRow {
  /** As Excel numbers it (1-based); for CSV, the record number. */
  number: number;
  cells: CellValue[];
  /** The row holds a cell merged across three or more columns (a title or section heading). */
  wideMerge: boolean;
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export type FileProblem =
  | "notSpreadsheet" | "legacyXls" | "badEncoding" | "badXlsx" | "tooManyRows"
  | "zipCorrupt" | "zipTooLarge" | "zipTooManyEntries" | "zipRatio" | "zipUnsupported";

export type ReadResult =
  | { ok: true; sheets: Sheet[]; format: "xlsx" | "csv" }
  | { ok: false; problem: FileProblem };

export interface ReadLimits {
  zip: ZipLimits;
  /** Data rows over all sheets. */
  maxRows: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { zip: DEFAULT_ZIP_LIMITS, maxRows: 50_000 };

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];

const ZIP_PROBLEM: Record<Extract<ZipVerdict, { ok: false }>["reason"], FileProblem> = {
  corrupt: "zipCorrupt", tooManyEntries: "zipTooManyEntries", tooLarge: "zipTooLarge", ratio: "zipRatio", unsupported: "zipUnsupported",
};

export async function readSpreadsheet(bytes: Uint8Array, fileName: string, limits = DEFAULT_READ_LIMITS): Promise<ReadResult> {
  if (isZip(bytes)) return readXlsx(bytes, limits);
  if (OLE2.every((b, i) => bytes[i] === b)) return { ok: false, problem: "legacyXls" };
  if (!/\.csv$/i.test(fileName)) return { ok: false, problem: "notSpreadsheet" };
  const decoded = decodeCsv(bytes);
  if (!decoded) return { ok: false, problem: "badEncoding" };
  const text = decoded;
  if (text.includes("\u0000")) return { ok: false, problem: "notSpreadsheet" };
  const records = parseCsv(text);
  if (records.length > limits.maxRows) return { ok: false, problem: "tooManyRows" };
  const rows = records.map((cells, i) => ({ number: i + 1, cells: cells as CellValue[], wideMerge: false }));
  const name = fileName.replace(/^.*[\\/]/, "").replace(/\.csv$/i, "");
  return { ok: true, format: "csv", sheets: [{ name, rows }] };
}

/**
 * UTF-8 when the bytes are valid UTF-8 (a GBK file of Chinese text almost never is),
 * else GB18030; bytes that are neither decode to U+FFFD and are refused, not misread.
 */
function decodeCsv(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030");
    return text.includes("\uFFFD") ? null : text;
  }
}

async function readXlsx(bytes: Uint8Array, limits: ReadLimits): Promise<ReadResult> {
  const verdict = inspectZip(bytes, limits.zip);
  if (!verdict.ok) return { ok: false, problem: ZIP_PROBLEM[verdict.reason] };
  const wb = new (excel().Workbook)();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, problem: "badXlsx" };
  }
  if (wb.worksheets.length === 0) return { ok: false, problem: "badXlsx" };
  const sheets: Sheet[] = [];
  let total = 0;
  for (const ws of wb.worksheets) {
    if (ws.state !== "visible") continue;
    total += ws.actualRowCount;
    if (total > limits.maxRows) return { ok: false, problem: "tooManyRows" };
    sheets.push({ name: ws.name, rows: sheetRows(ws) });
  }
  return { ok: true, format: "xlsx", sheets };
}

function sheetRows(ws: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  const wide = wideMergeRows(ws);
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const master = cell.master;
      const coveredFromLeft = master !== cell && master.row === cell.row;
      cells[col - 1] = coveredFromLeft ? null : plain(master.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    rows.push({ number, cells, wideMerge: wide.has(number) });
  });
  return rows;
}

/** Rows where a merge spans three or more columns. */
function wideMergeRows(ws: ExcelJS.Worksheet): Set<number> {
  const out = new Set<number>();
  // exceljs 4.4 (pinned) keeps merges here; ws.model would serialise every row to get them.
  const merges = (ws as unknown as { _merges: Record<string, MergeRange> })._merges;
  for (const m of Object.values(merges)) {
    if (m.right - m.left >= 2) for (let r = m.top; r <= m.bottom; r++) out.add(r);
  }
  return out;
}

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** exceljs values (rich text, formulas, hyperlinks, errors) to plain cells. */
function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || v instanceof Date) return v;
  if (typeof v === "boolean") return v ? "是" : "否";
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("result" in v) return plain((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("hyperlink" in v) return String((v as ExcelJS.CellHyperlinkValue).text ?? "");
  return null; // an error value such as #N/A
}
