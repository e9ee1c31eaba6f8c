/**
 * The rows an import left out (--skip-invalid), in the format they came in, each with
 * what was wrong with it in a last column: fix them there and import that file.
 */
import type ExcelJS from "exceljs";
import { lazily } from "../lazy";

const excel = lazily<typeof ExcelJS>("exceljs");
import type { Catalogue } from "../i18n/index";
import { text } from "./cells";
import { writeCsv } from "./csv";
import type { RejectedSheet } from "./parse";
import { describeProblem } from "./problems";

export function rejectedFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "");
  const m = /^(.*)\.(xlsx|csv)$/i.exec(base);
  return m ? `${m[1]}.rejected.${m[2]!.toLowerCase()}` : `${base}.rejected.xlsx`;
}

export async function writeRejected(sheets: RejectedSheet[], format: "xlsx" | "csv", io: Catalogue["io"]): Promise<Uint8Array> {
  // Row numbers of the original file would be wrong in this one: name the column only.
  const why = (r: RejectedSheet["rows"][number]) => r.problems.map((p) => describeProblem({ ...p, row: undefined }, io, false)).join("；");
  if (format === "csv") {
    const s = sheets[0]!;
    return new TextEncoder().encode(writeCsv([[...s.header.map(text), io.export.errorColumn], ...s.rows.map((r) => [...r.cells.map(text), why(r)])]));
  }
  const wb = new (excel().Workbook)();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow([...s.header, io.export.errorColumn]).font = { bold: true };
    for (const r of s.rows) ws.addRow([...r.cells, why(r)]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
