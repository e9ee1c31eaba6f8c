/**
 * The links a petition sheet's 关联问题编号 makes: each case whose item differs from the
 * one the file names is linked by linkCaseToItem, the operation /关联 uses, so the
 * history shows one "case.linked" event with both codes, as it does for a chat link.
 */
import type { CaseDraft } from "../core/drafts";
import { dayOf } from "../core/days";
import type { Day } from "../core/types";
import type { Change } from "./audit";
import { linkCaseToItem } from "./cases";
import type { Tx } from "./db";
import { inChunks } from "./import-items";
import { lookbackAfterPetition } from "./lookbacks";
import type { Session } from "./session";

export interface PlannedLink {
  caseNo: string;
  /** The item as the import left it; links to the same item share it, so a look-back moved by one is seen by the next. */
  item: { id: number; code: string; status: string; lookbackDue: Day | null };
}

/** The file's links that change a case (a new case's, or a different item than now). Read before the cases are written. */
export async function plannedLinks(tx: Tx, drafts: CaseDraft[]): Promise<PlannedLink[]> {
  const named = drafts.filter((d) => d.item !== undefined);
  if (named.length === 0) return [];
  const items = await inChunks([...new Set(named.map((d) => d.item!))], (chunk) => tx.item.findMany({ where: { code: { in: chunk } }, select: { id: true, code: true, status: true, lookbackDue: true } }));
  const cases = await inChunks(named.map((d) => d.caseNo), (chunk) => tx.petitionCase.findMany({ where: { caseNo: { in: chunk } }, select: { caseNo: true, itemId: true } }));
  const itemOf = new Map(items.map((i) => [i.code, i]));
  const linkedNow = new Map(cases.map((c) => [c.caseNo, c.itemId]));
  return named.flatMap((d) => {
    // The file's own items are written by now; a code that names nothing was rejected with the file's reading.
    const item = itemOf.get(d.item!);
    return !item || linkedNow.get(d.caseNo) === item.id ? [] : [{ caseNo: d.caseNo, item }];
  });
}

/** How the look-back rule is applied to a signed-off item petitioned about again (as /关联 does). */
export interface LookbackRule {
  baseDays: number;
  tz: string;
}

/**
 * Links each case, once the file's items and cases are written (so the link follows the
 * case's creation in its history). Gives the look-backs brought forward, by item code.
 */
export async function linkCases(session: Session, tx: Tx, links: PlannedLink[], change: Change, rule?: LookbackRule): Promise<{ code: string; due: Day }[]> {
  if (links.length === 0) return [];
  // The cases again: those the file created have their ids only now.
  const cases = await inChunks(links.map((l) => l.caseNo), (chunk) => tx.petitionCase.findMany({ where: { caseNo: { in: chunk } }, select: { id: true, caseNo: true, itemId: true } }));
  const caseOf = new Map(cases.map((c) => [c.caseNo, c]));
  const moved = new Map<string, Day>();
  for (const { caseNo, item } of links) {
    const c = caseOf.get(caseNo);
    if (!c || c.itemId === item.id) continue;
    await linkCaseToItem(session, c, item, change);
    if (!rule) continue;
    const sooner = await lookbackAfterPetition(session, item, { caseNo, today: dayOf(change.at, rule.tz), baseDays: rule.baseDays }, change);
    // The next case about the same item weighs from the day just set.
    if (sooner) moved.set(item.code, (item.lookbackDue = sooner.due));
  }
  return [...moved].map(([code, due]) => ({ code, due }));
}
