/**
 * A whole workbook → drafts and problems, without touching the ledger. Each sheet is
 * recognised by its headers (items, petition cases, or the 单位 sheet of aliases);
 * sheets that are none of these are skipped with a note.
 */
import type { CaseDraft, ItemDraft, UnitDraft } from "../core/drafts";
import type { Category, ItemSource } from "../core/types";
import { sourceOf, text } from "./cells";
import { locateHeader, type HeaderMap } from "./headers";
import { EXPORT_ONLY_HEADERS } from "./layout";
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

/** A case row naming the item it is about: checked against the ledger before anything is written (links.ts). */
export interface CaseLink {
  draft: CaseDraft;
  sheet: string;
  /** The column's header as the file writes it. */
  column: string;
  cells: CellValue[];
  header: CellValue[];
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
  links: CaseLink[];
  multiSheet: boolean;
}

export function parseWorkbook(sheets: Sheet[], o: ParseOptions): Parsed {
  const out: Parsed = { units: [], items: [], cases: [], fatal: [], problems: [], notes: [], rejected: [], links: [], multiSheet: sheets.length > 1 };
  const located = sheets.map((sheet) => ({ sheet, header: locateHeader(sheet) }));
  // duban's own export: its 进展情况 and 完成情况 are live values, not the plan's text, and its 调度汇总 is no ledger.
  const dubanExport = located.some(({ sheet, header }) => header && EXPORT_ONLY_HEADERS.every((h) => sheet.rows[header.headerIndex]!.cells.includes(h)));
  for (const { sheet, header } of located) {
    if (!header) {
      if (sheets.length > 1 && !dubanExport) out.notes.push({ code: "skippedSheet", sheet: sheet.name, text: "" });
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
    const itemOptions = { sheet: sheet.name, prefix: o.prefix, liveNotes: dubanExport, source: o.source ?? sourceOf(sheet.name) ?? titleSource(sheet, header) };
    for (const row of sheet.rows.slice(header.headerIndex + 1)) {
      let outcome: RowOutcome<ItemDraft | CaseDraft | UnitDraft>;
      if (header.kind === "items") outcome = readItemRow(row, header, { ...itemOptions, category });
      else if (header.kind === "cases") outcome = readCaseRow(row, header, sheet.name);
      else outcome = readUnitRow(row, header, sheet.name);

      if (outcome.kind === "skip") {
        // A heading not understood ends the previous section: its category must not run on.
        if (outcome.section) category = outcome.section.category ?? undefined;
        continue;
      }
      if (outcome.kind === "ok") {
        const dup = duplicateOf(outcome.draft, header, seenCodes, seenCases, sheet.name);
        if (!dup) {
          if (header.kind === "items") out.items.push(outcome.draft as ItemDraft);
          else if (header.kind === "cases") {
            const draft = outcome.draft as CaseDraft;
            out.cases.push(draft);
            if (draft.item) out.links.push({ draft, sheet: sheet.name, column: header.names.item!, cells: row.cells, header: rejected.header });
          }
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
  numberBySource(out.items);
  return out;
}

/**
 * The inspection a title row above the header names ("…贯彻落实中央第三生态环境保护督察反馈
 * 意见整改情况台账"). Only single-text rows count: a title is one merged cell.
 */
function titleSource(sheet: Sheet, header: HeaderMap): ItemSource | undefined {
  for (const row of sheet.rows.slice(0, header.headerIndex)) {
    const texts = [...new Set(row.cells.map(text).filter((t) => t !== ""))];
    const source = texts.length === 1 ? sourceOf(texts[0]!) : null;
    if (source) return source;
  }
  return undefined;
}

/** The county's order, kept for the export: each item's place among the file's items of its source. */
function numberBySource(items: ItemDraft[]): void {
  const next = new Map<ItemSource, number>();
  for (const item of items) {
    const n = (next.get(item.source) ?? 0) + 1;
    next.set(item.source, n);
    item.sheetOrder = n;
    item.seq ??= String(n);
  }
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
