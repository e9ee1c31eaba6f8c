/**
 * A whole workbook → drafts and problems, without touching the ledger. Each sheet is
 * recognised by its headers (items, petition cases, or the 单位 sheet of aliases);
 * sheets that are none of these are skipped with a note.
 */
import type { CaseDraft, ItemDraft, UnitDraft } from "../core/drafts";
import type { Category, ItemSource } from "../core/types";
import { locateHeader, type HeaderMap } from "./headers";
import type { Note, Problem } from "./problems";
import { readCaseRow, readItemRow, readUnitRow, type RowOutcome } from "./rows";
import type { CellValue, Sheet } from "./sheet";

export interface ParseOptions {
  source?: ItemSource;
  prefix?: string;
}

export interface RejectedRow {
  cells: CellValue[];
  problems: Problem[];
}

export interface RejectedSheet {
  name: string;
  header: CellValue[];
  rows: RejectedRow[];
}

export interface Parsed {
  units: UnitDraft[];
  items: ItemDraft[];
  cases: CaseDraft[];
  /** The file cannot be imported at all (not a ledger, columns missing). */
  fatal: Problem[];
  /** Problems of single rows; those rows are rejected. */
  problems: Problem[];
  notes: Note[];
  rejected: RejectedSheet[];
  multiSheet: boolean;
}

export function parseWorkbook(sheets: Sheet[], o: ParseOptions): Parsed {
  const out: Parsed = { units: [], items: [], cases: [], fatal: [], problems: [], notes: [], rejected: [], multiSheet: sheets.length > 1 };
  const located = sheets.map((sheet) => ({ sheet, header: locateHeader(sheet) }));
  for (const { sheet, header } of located) {
    if (!header) {
      if (sheets.length > 1) out.notes.push({ code: "skippedSheet", sheet: sheet.name, text: "" });
      continue;
    }
    if (header.missing.length > 0) {
      out.fatal.push({ code: "missingColumns", sheet: sheet.name, text: header.missing.join("、") });
      continue;
    }
    if (header.unknown.length > 0) out.notes.push({ code: "unknownColumns", sheet: sheet.name, text: header.unknown.join("、") });
  }
  const usable = located.filter((l): l is { sheet: Sheet; header: HeaderMap } => l.header !== null && l.header.missing.length === 0);
  if (usable.length === 0 && out.fatal.length === 0) out.fatal.push({ code: sheets.length > 1 ? "noSheets" : "noHeader" });
  if (out.fatal.length > 0) return out;

  const seenCodes = new Map<string, number>();
  const seenCases = new Map<string, number>();
  for (const { sheet, header } of usable) {
    const rejected: RejectedSheet = { name: sheet.name, header: sheet.rows[header.headerIndex]!.cells, rows: [] };
    let category: Category | undefined;
    for (const row of sheet.rows.slice(header.headerIndex + 1)) {
      let outcome: RowOutcome<ItemDraft | CaseDraft | UnitDraft>;
      if (header.kind === "items") outcome = readItemRow(row, header, { sheet: sheet.name, source: o.source, prefix: o.prefix, category });
      else if (header.kind === "cases") outcome = readCaseRow(row, header, sheet.name);
      else outcome = readUnitRow(row, header, sheet.name);

      if (outcome.kind === "skip") {
        if (outcome.category) category = outcome.category;
        continue;
      }
      if (outcome.kind === "ok") {
        const dup = duplicateOf(outcome.draft, header, seenCodes, seenCases, sheet.name);
        if (!dup) {
          if (header.kind === "items") out.items.push(outcome.draft as ItemDraft);
          else if (header.kind === "cases") out.cases.push(outcome.draft as CaseDraft);
          else out.units.push(outcome.draft as UnitDraft);
          continue;
        }
        outcome = { kind: "bad", problems: [dup] };
      }
      out.problems.push(...outcome.problems);
      rejected.rows.push({ cells: row.cells, problems: outcome.problems });
    }
    if (rejected.rows.length > 0) out.rejected.push(rejected);
  }
  return out;
}

function duplicateOf(
  draft: ItemDraft | CaseDraft | UnitDraft,
  header: HeaderMap,
  codes: Map<string, number>,
  cases: Map<string, number>,
  sheet: string,
): Problem | null {
  const [key, seen, code, field] =
    header.kind === "items"
      ? [(draft as ItemDraft).code, codes, "duplicateCode" as const, header.names.code ?? header.names.seq]
      : header.kind === "cases"
        ? [(draft as CaseDraft).caseNo, cases, "duplicateCase" as const, header.names.caseNo]
        : [null, codes, "duplicateCode" as const, undefined];
  if (key === null) return null;
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, draft.row);
    return null;
  }
  return { code, sheet, row: draft.row, column: field, text: key, n: first };
}
