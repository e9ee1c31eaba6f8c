/**
 * Writing an imported ledger file: the 单位 sheet's units and aliases, then the items,
 * then the petition cases, with their audit events, in one transaction. The file was
 * read and checked before (src/io); a dry run performs the very same write and rolls
 * it back, so what it reports is what an import would do.
 */
import { auditKeyOf, copiesOf, sessionOf } from "./session";
import { sealAll } from "./audit-chain";
import type { CaseDraft, ItemDraft, UnitDraft } from "../core/drafts";
import type { Change } from "./audit";
import type { Ledger, Tx } from "./db";
import { createAuditLog } from "./import-audit";
import { applyCases } from "./import-cases";
import { applyItems, type ApplyContext } from "./import-items";
import { linkCases, plannedLinks, type LookbackRule } from "./import-links";
import { createResolver } from "./import-resolver";

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportRows {
  units: UnitDraft[];
  items: ItemDraft[];
  cases: CaseDraft[];
}

export interface ImportWrite {
  /** Who sent the file, when, from which message: every audit event of the import is this change's. */
  change: Change;
  /** The file's name, recorded in every audit event. */
  file: string;
  dryRun?: boolean;
  /** PHOTO_FAR_METERS, for the photos of an item whose place the file moves. */
  farMeters: number;
  /** A linked case's repeat petitions bring a signed-off item's look-back forward by this rule; not without it. */
  lookback?: LookbackRule;
  /** Records written so far, of all the file's items and cases. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportWritten {
  /** The ledger was changed (false for a dry run). */
  written: boolean;
  items: Counts;
  cases: Counts;
  created: { units: number; people: number };
  /** Names of the 单位 sheet that already belong to another unit. */
  aliasesTaken: string[];
  /** Signed-off items whose look-back the file's repeat petitions brought forward. */
  lookbacksMoved: { code: string; due: string }[];
}

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });

class DryRunRollback extends Error {}

/**
 * Takes the ledger rather than a session: a large file is one long transaction of its
 * own, with a time limit far beyond an inbound event's, because all or nothing matters
 * more than its length.
 */
export async function importRows(ledger: Ledger, rows: ImportRows, o: ImportWrite): Promise<ImportWritten> {
  const out: ImportWritten = { written: false, items: zero(), cases: zero(), created: { units: 0, people: 0 }, aliasesTaken: [], lookbacksMoved: [] };
  const total = rows.items.length + rows.cases.length;
  const write = async (tx: Tx) => {
    const audit = createAuditLog(auditKeyOf(ledger.session), o.change, o.file);
    const resolver = await createResolver(tx, audit);
    for (const u of rows.units) out.aliasesTaken.push(...(await resolver.declareUnit(u)));
    const ctx = (offset: number): ApplyContext => ({
      tx, resolver, audit, now: o.change.at, file: o.file, actorId: o.change.actorId ?? null, farMeters: o.farMeters, progress: (done) => o.onProgress?.(offset + done, total),
    });
    out.items = await applyItems(ctx(0), rows.items);
    const links = await plannedLinks(tx, rows.cases);
    out.cases = await applyCases(ctx(rows.items.length), rows.cases, new Set(links.map((l) => l.caseNo)));
    out.created = { ...resolver.created };
    await audit.flush(tx);
    // The operation /关联 uses, on this transaction: after the cases' own events, so a case's history reads in order.
    out.lookbacksMoved = await linkCases(sessionOf(tx, copiesOf(ledger.session), auditKeyOf(ledger.session)), tx, links, o.change, o.lookback);
    if (o.dryRun) throw new DryRunRollback();
  };
  try {
    await ledger.db.$transaction(write, { maxWait: 10_000, timeout: 10 * 60_000 });
    out.written = true;
    // A file's thousands of events go on the chain now, not a batch per sealer run.
    await sealAll(ledger);
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return out;
}
