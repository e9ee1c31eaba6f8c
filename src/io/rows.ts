/**
 * One spreadsheet row → a draft record or the problems with it. Pure: nothing here
 * reads the ledger. A field whose column the file lacks is left undefined (see core/drafts).
 */
import type { CaseDraft, ItemDraft, UnitDraft } from "../core/drafts";
import { degrees, gcjToWgs, lonLatOf, parseLonLat, type LatLon } from "../core/geo";
import type { CaseStatus, Category, Day, Finding, ItemSource } from "../core/types";
import { normalizeItemCode } from "../core/parse/item-code";
import {
  caseStatusOf, categoryOf, DEFAULT_PREFIX, derivedCode, explicitCode, findingOf, initialStatus, readDate,
  sourceOf, splitPeople, splitUnits, text, titleOf, yesNoOf,
} from "./cells";
import { CASE_FIELDS, ITEM_FIELDS, UNIT_FIELDS, type HeaderMap } from "./headers";
import type { Problem } from "./problems";
import type { CellValue, SheetRow } from "./sheet";

/** A skipped row that is a section heading says which category it sets (none when not understood). */
export type RowOutcome<D> =
  | { kind: "skip"; section?: { category: Category | null } }
  | { kind: "ok"; draft: D }
  | { kind: "bad"; problems: Problem[] };

export interface ItemRowOptions {
  sheet: string;
  /** From --source, else the sheet's name, else its title row: wins over the code's prefix, not over a 来源 column. */
  source?: ItemSource;
  prefix?: string;
  /** A category from the last section heading (一、水污染问题). */
  category?: Category;
  /** The sheet is duban's own export: its 进展情况 and 完成情况 are live values, not the plan's text. */
  liveNotes?: boolean;
}

/** Reads the columns of one row by field name and collects problems against them. */
class RowReader {
  readonly problems: Problem[] = [];
  constructor(
    private readonly row: SheetRow,
    private readonly header: HeaderMap,
    private readonly sheet: string,
    private readonly canonical: Record<string, readonly string[]>,
  ) {}
  has(field: string): boolean {
    return field in this.header.columns;
  }
  cell(field: string): CellValue {
    const c = this.header.columns[field];
    return c === undefined ? null : this.row.cells[c] ?? null;
  }
  text(field: string): string {
    return text(this.cell(field));
  }
  /** undefined when the file has no such column; null when the cell is empty. */
  optional(field: string): string | null | undefined {
    if (!this.has(field)) return undefined;
    return this.text(field) || null;
  }
  column(field: string): string {
    return this.header.names[field] ?? this.canonical[field]![0]!;
  }
  problem(field: string, code: Problem["code"], extra: Partial<Problem> = {}): void {
    this.problems.push({ code, sheet: this.sheet, row: this.row.number, column: this.column(field), ...extra });
  }
  required(field: string): string {
    const t = this.text(field);
    if (t === "") this.problem(field, "required");
    return t;
  }
  day(field: string, required: boolean): Day | null {
    const d = readDate(this.cell(field));
    if (d.kind === "day") return d.day;
    if (d.kind === "bad") this.problem(field, "badDate", { text: d.text });
    else if (d.kind === "long_term") this.problem(field, "notLongTerm");
    else if (required) this.problem(field, "required");
    return null;
  }
  /**
   * The place's coordinates in WGS-84: undefined when the file has no such column, null
   * when its cells are empty or cannot be read (then with a problem, so nothing is written).
   */
  coordinates(): LatLon | null | undefined {
    let written: LatLon | null;
    if (this.has("coordinates")) {
      const t = this.text("coordinates");
      if (t === "") return null;
      written = parseLonLat(t);
      if (!written) this.problem("coordinates", "badCoordinates", { text: t });
    } else if (this.has("longitude") && this.has("latitude")) {
      const [lon, lat] = [this.text("longitude"), this.text("latitude")];
      if (lon === "" && lat === "") return null;
      written = lonLatOf(lon, lat);
      if (!written) this.problem(degrees(lon, 180) === null ? "longitude" : "latitude", "badCoordinates", { text: `${lon},${lat}` });
    } else return undefined;
    // Sheets copy their coordinates from Chinese maps (GCJ-02); photos' GPS is WGS-84.
    return written && gcjToWgs(written);
  }
}

const SECTION = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])/;
const FOOTNOTE = /^(?:注|备注|说明|填表|填报|制表|审核|联系人|单位[(（]盖章)/;

/** Blank rows, section headings and footnotes carry no record. */
function skippable(row: SheetRow, header: HeaderMap, substance: string[]): RowOutcome<never> | null {
  const filled = row.cells.map(text).filter((t) => t !== "");
  if (filled.length === 1 && (row.wideMerge || SECTION.test(filled[0]!) || FOOTNOTE.test(filled[0]!))) {
    return SECTION.test(filled[0]!) ? { kind: "skip", section: { category: categoryOf(filled[0]!) } } : { kind: "skip" };
  }
  const anything = substance.some((f) => header.columns[f] !== undefined && text(row.cells[header.columns[f]!] ?? null) !== "");
  return anything ? null : { kind: "skip" };
}

const ITEM_SUBSTANCE = ["code", "problem", "measures", "target", "deadline", "progressNote", "completionNote"];

export function readItemRow(row: SheetRow, header: HeaderMap, o: ItemRowOptions): RowOutcome<ItemDraft> {
  const skip = skippable(row, header, ITEM_SUBSTANCE);
  if (skip) return skip;
  const r = new RowReader(row, header, o.sheet, ITEM_FIELDS);

  const explicit = explicitCode(r.cell("code")) ?? explicitCode(r.cell("seq"));
  let source: ItemSource | null = null;
  const sourceText = r.text("source");
  if (sourceText !== "") {
    source = sourceOf(sourceText);
    if (!source) r.problem("source", "badSource", { text: sourceText });
  } else source = o.source ?? (explicit ? sourceOf(explicit) : null);

  let code = explicit;
  if (!code) {
    const numbered = r.text("code") !== "" ? r.cell("code") : r.cell("seq");
    const prefix = o.prefix ?? (source ? DEFAULT_PREFIX[source] : null);
    const field = r.has("code") ? "code" : "seq";
    if (text(numbered) === "") r.problem(field, "required");
    else if (!prefix) r.problem(field, "noCode");
    else {
      code = derivedCode(prefix, numbered);
      if (!code) r.problem(field, "noCode");
    }
  }
  if (!source && sourceText === "") r.problem("source", "noSource");

  let category: Category | undefined = o.category;
  const categoryText = r.text("category");
  if (categoryText !== "") {
    category = categoryOf(categoryText) ?? undefined;
    if (!category) r.problem("category", "badCategory", { text: categoryText });
  }

  const problem = r.required("problem");
  const units = splitUnits(r.cell("unit"));
  if (units.length === 0) r.problem("unit", "required");
  const deadline = readDate(r.cell("deadline"));
  if (deadline.kind === "empty") r.problem("deadline", "required");
  if (deadline.kind === "bad") r.problem("deadline", "badDate", { text: deadline.text });
  const coordinates = r.coordinates();

  if (r.problems.length > 0) return { kind: "bad", problems: r.problems };
  const seqText = r.text("seq");
  const progressNote = r.optional("progressNote");
  const completionNote = r.optional("completionNote");
  const coUnits = r.has("coUnits") || units.length > 1 ? splitUnits(r.cell("coUnits")) : undefined;
  return {
    kind: "ok",
    draft: {
      row: row.number,
      code: code!,
      source: source!,
      batch: r.optional("batch"),
      category,
      problem,
      title: titleOf(problem),
      target: r.has("target") ? r.text("target") : undefined,
      measures: r.has("measures") ? r.text("measures") : undefined,
      place: r.optional("place"),
      ...(coordinates === undefined ? {} : { lat: coordinates?.lat ?? null, lon: coordinates?.lon ?? null }),
      leaderName: r.optional("leader"),
      leadUnit: units[0]!,
      // A second unit in the lead column cooperates, as "县住建局、各乡镇" means.
      coUnits: coUnits && [...new Set([...units.slice(1), ...coUnits])].filter((u) => u !== units[0]),
      people: r.has("person") ? splitPeople(r.cell("person")) : undefined,
      longTerm: deadline.kind === "long_term",
      deadline: deadline.kind === "day" ? deadline.day : null,
      seq: seqText === "" || explicitCode(r.cell("seq")) ? undefined : normalizeItemCode(seqText),
      progressNote,
      completionNote,
      liveNotes: o.liveNotes || undefined,
      initialStatus: initialStatus(completionNote ?? "", Boolean(progressNote)),
    },
  };
}

export function readCaseRow(row: SheetRow, header: HeaderMap, sheet: string): RowOutcome<CaseDraft> {
  const skip = skippable(row, header, ["caseNo", "summary"]);
  if (skip) return skip;
  const r = new RowReader(row, header, sheet, CASE_FIELDS);
  const caseNo = normalizeItemCode(r.required("caseNo"));
  const summary = r.required("summary");
  const unit = splitUnits(r.cell("unit"))[0];
  if (!unit) r.problem("unit", "required");
  const assignedOn = r.day("assignedOn", true);
  const due = r.has("due") ? r.day("due", false) : undefined;

  let status: CaseStatus | undefined;
  const statusText = r.text("status");
  if (statusText !== "") {
    status = caseStatusOf(statusText) ?? undefined;
    if (!status) r.problem("status", "badCaseStatus", { text: statusText });
  }
  let finding: Finding | null | undefined = r.has("finding") ? null : undefined;
  const findingText = r.text("finding");
  if (findingText !== "") {
    finding = findingOf(findingText);
    if (!finding) r.problem("finding", "badFinding", { text: findingText });
  }
  let disclosed: boolean | undefined;
  const disclosedText = r.text("disclosed");
  if (disclosedText !== "") {
    disclosed = yesNoOf(disclosedText) ?? undefined;
    if (disclosed === undefined) r.problem("disclosed", "badYesNo", { text: disclosedText });
  } else if (r.has("disclosed")) disclosed = false;

  if (r.problems.length > 0) return { kind: "bad", problems: r.problems };
  return {
    kind: "ok",
    draft: {
      row: row.number,
      caseNo,
      batch: r.optional("batch"),
      assignedOn: assignedOn!,
      summary,
      place: r.optional("place"),
      pollutionType: r.optional("pollutionType"),
      unit: unit!,
      ownerLeader: r.has("ownerLeader") ? splitPeople(r.cell("ownerLeader"))[0]?.name ?? null : undefined,
      due,
      status,
      finding,
      actions: r.optional("actions"),
      accountability: r.optional("accountability"),
      disclosed,
      repeats: r.has("repeats") ? splitUnits(r.cell("repeats")).map(normalizeItemCode).join(",") : undefined,
      item: r.text("item") ? normalizeItemCode(r.text("item")) : undefined,
      petitionerName: r.optional("petitionerName"),
      petitionerContact: r.optional("petitionerContact"),
    },
  };
}

export function readUnitRow(row: SheetRow, header: HeaderMap, sheet: string): RowOutcome<UnitDraft> {
  const skip = skippable(row, header, ["name"]);
  if (skip) return skip;
  const r = new RowReader(row, header, sheet, UNIT_FIELDS);
  const name = r.required("name");
  if (r.problems.length > 0) return { kind: "bad", problems: r.problems };
  return {
    kind: "ok",
    draft: { row: row.number, name, aliases: splitUnits(r.cell("aliases")), parent: splitUnits(r.cell("parent"))[0] },
  };
}
