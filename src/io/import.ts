/**
 * Importing a county's ledger file. Validation comes first and is complete: every
 * problem with its row and column. Nothing is written unless every row is valid (or
 * the caller asked to skip invalid rows). The write is the ledger's importRows: one
 * transaction with its audit events; a dry run performs the very same write and rolls
 * it back, so what it reports is what an import would do.
 */
import type { ItemSource, Lang } from "../core/types";
import { messagesFor } from "../i18n/index";
import type { Ledger } from "../ledger/db";
import { importRows, type Counts } from "../ledger/imports";
import { existingItemCodes } from "../ledger/cases";
import { linkedCodes, rejectUnknownItems } from "./links";
import { parseWorkbook } from "./parse";
import type { Note, Problem } from "./problems";
import { rejectedFileName, writeRejected } from "./rejected";
import { DEFAULT_READ_LIMITS, readSpreadsheet, type ReadLimits } from "./sheet";

export interface ImportProgress {
  phase: "writing";
  done: number;
  total: number;
}

export interface ImportOptions {
  fileName: string;
  now: Date;
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Source of items whose file does not say (see `npm run cli -- import --help`). */
  source?: ItemSource;
  /** Prefix for codes made from a numeric 序号. */
  prefix?: string;
  /** The coordinator who sent the file, when it came through chat. */
  actorId?: number | null;
  /** The inbound event that carried the file (platform:eventId). */
  auditSource?: string | null;
  /** Language of the messages in the rejected-rows file. */
  lang?: Lang;
  /** PHOTO_FAR_METERS: an item whose place the file moves has its photos measured again. */
  farMeters: number;
  limits?: ReadLimits;
  /** The look-back rule (LOOKBACK_BASE_DAYS, DUBAN_TZ): a repeat petition linked to a signed-off item brings its look-back forward, as /关联 does. */
  lookback?: { baseDays: number; tz: string };
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportResult {
  dryRun: boolean;
  /** The ledger was changed. */
  written: boolean;
  problems: Problem[];
  notes: Note[];
  /** Problems name their sheet when the file had several. */
  multiSheet: boolean;
  items: Counts;
  cases: Counts;
  created: { units: number; people: number };
  /** Rows left out by skipInvalid, as a file to fix and import again. */
  rejected: { fileName: string; bytes: Uint8Array; rows: number } | null;
}

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

export async function importLedgerFile(ledger: Ledger, bytes: Uint8Array, o: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = {
    dryRun: Boolean(o.dryRun), written: false, problems: [], notes: [], multiSheet: false,
    items: zero(), cases: zero(), created: { units: 0, people: 0 }, rejected: null,
  };
  const read = await readSpreadsheet(bytes, o.fileName, o.limits ?? DEFAULT_READ_LIMITS);
  if (!read.ok) {
    result.problems.push({ code: read.problem });
    return result;
  }
  const parsed = parseWorkbook(read.sheets, { source: o.source, prefix: o.prefix });
  if (parsed.fatal.length === 0) rejectUnknownItems(parsed, await existingItemCodes(ledger.session, linkedCodes(parsed)));
  Object.assign(result, { notes: parsed.notes, multiSheet: parsed.multiSheet, problems: [...parsed.fatal, ...parsed.problems] });
  if (parsed.fatal.length > 0) return result;
  if (parsed.problems.length > 0 && o.skipInvalid) {
    const rows = parsed.rejected.reduce((n, s) => n + s.rows.length, 0);
    const io = messagesFor(o.lang ?? "zh-CN").io;
    result.rejected = { fileName: rejectedFileName(o.fileName), bytes: await writeRejected(parsed.rejected, read.format, io), rows };
  }
  const blocked = parsed.problems.length > 0 && !o.skipInvalid;
  if (blocked && !o.dryRun) return result;

  const written = await importRows(ledger, parsed, {
    change: { at: o.now, actorId: o.actorId ?? null, actor: "import", source: o.auditSource ?? null },
    file: o.fileName,
    dryRun: o.dryRun,
    farMeters: o.farMeters,
    lookback: o.lookback,
    onProgress: (done, total) => o.onProgress?.({ phase: "writing", done, total }),
  });
  Object.assign(result, { written: written.written, items: written.items, cases: written.cases, created: written.created });
  for (const alias of written.aliasesTaken) result.notes.push({ code: "aliasTaken", sheet: "", text: alias });
  if (written.lookbacksMoved.length > 0) {
    const list = written.lookbacksMoved.map((m) => `${m.code} → ${m.due}`).join(messagesFor(o.lang ?? "zh-CN").digest.listSep);
    result.notes.push({ code: "lookbackForward", sheet: "", text: list });
  }
  return result;
}
