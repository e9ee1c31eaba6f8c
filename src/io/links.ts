/**
 * A petition sheet's 关联问题编号: each code must name an item of the ledger or of the same
 * file. A row naming an unknown one is a row problem like any other: nothing is written
 * unless the caller skips invalid rows, and then the row goes to the rejected file.
 */
import type { Parsed, RejectedSheet } from "./parse";

/** Moves the case rows whose item is neither in `known` nor among the file's items to the problems. */
export function rejectUnknownItems(parsed: Parsed, known: ReadonlySet<string>): void {
  const inFile = new Set(parsed.items.map((i) => i.code));
  const unknown = parsed.links.filter((l) => !inFile.has(l.draft.item!) && !known.has(l.draft.item!));
  if (unknown.length === 0) return;
  const dropped = new Set(unknown.map((l) => l.draft));
  parsed.cases = parsed.cases.filter((d) => !dropped.has(d));
  parsed.links = parsed.links.filter((l) => !dropped.has(l.draft));
  for (const l of unknown) {
    const problem = { code: "unknownItem" as const, sheet: l.sheet, row: l.draft.row, column: l.column, text: l.draft.item! };
    parsed.problems.push(problem);
    let sheet = parsed.rejected.find((s) => s.name === l.sheet);
    if (!sheet) parsed.rejected.push((sheet = { name: l.sheet, header: l.header, rows: [] } satisfies RejectedSheet));
    sheet.rows.push({ cells: l.cells, problems: [problem] });
  }
}

/** The item codes the file's case rows name, for the ledger to look up. */
export function linkedCodes(parsed: Parsed): string[] {
  return [...new Set(parsed.links.map((l) => l.draft.item!))];
}
