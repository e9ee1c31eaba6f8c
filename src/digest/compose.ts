/**
 * The leaders' daily digest as data (DOMAIN.md "Daily digest"). Lights are computed with
 * viewItem, today and as of the same time yesterday — never read from storage. How the
 * items are read without pulling 100,000 rows through the ORM is in src/ledger/digest-items.ts.
 */
import { chainHead, shortHash } from "../ledger/audit-chain";
import { addDays, dayOf, daysBetween, instantOf } from "../core/days";
import { viewItem, type ItemFacts, type ItemView, type Thresholds } from "../core/lights";
import type { Day, Light } from "../core/types";
import type { Ledger } from "../ledger/db";
import { digestUnits, flaggedPhotos, receivedCounts } from "../ledger/digest-data";
import { changesSince, itemDetails, listHeads, reportPeriods, type DigestItemRow as ItemRow, type ListHeads, type Window } from "../ledger/digest-items";
import { itemGroups } from "../ledger/digest-groups";
import type { Session } from "../ledger/session";
import { reportsAfterSignOff } from "../ledger/after-signoff";
import { instructionsSince, unansweredChases } from "../ledger/chases";
import { casesDue } from "./cases";
import { digestLookbacks } from "./lookbacks";
import { dayOfInstantIn } from "./day-cache";
import { DIGEST_TOP, noCounts, noLights, type DigestData, type ItemEntry, type LightCounts, type UnitSummary } from "./types";
import { factsAsOf, factsNow } from "./yesterday";

const DAY_MS = 86_400_000;

export interface ComposeOptions {
  now: Date;
  tz: string;
  thresholds: Thresholds;
  /** Only items and cases of these (lead) units; all units when absent. */
  unitIds?: number[];
  /** Entries kept per section (DIGEST_TOP when absent). */
  top?: number;
  /**
   * Entries kept in the item sections (red, due soon, stale, awaiting sign-off); `top` when
   * absent. 0 reads no item lists at all, for a caller that shows only the counts.
   */
  itemTop?: number;
}

/** Anything that can read the ledger: a Ledger, or a handler's transaction ({ session, kind }). */
export interface LedgerReader {
  session: Session;
  /** The database behind the session: the item groups are read with SQL shaped for each. */
  kind: Ledger["kind"];
}

interface Tally {
  units: Map<number, UnitSummary>;
  signedOff: number;
  red: number;
  newlyRed: number;
  dueSoon: number;
  stale: number;
  awaiting: number;
}

export async function composeDigest(ledger: LedgerReader, opts: ComposeOptions): Promise<DigestData> {
  const { now, tz, thresholds: t } = opts;
  const { session } = ledger;
  const today = dayOf(now, tz);
  const yesterday = addDays(today, -1);
  const w: Window = { kind: ledger.kind, today, yesterday, asOf: new Date(now.getTime() - DAY_MS), tz, thresholds: t, unitIds: opts.unitIds };
  const take = opts.top ?? DIGEST_TOP;
  const itemTake = opts.itemTop ?? take;
  const received = { gte: instantOf(yesterday, "00:00", tz), lt: instantOf(today, "00:00", tz) };

  // The report periods only the item queries need: the other reads start beside them.
  const periods = reportPeriods(session, w);
  const dayOfInstant = dayOfInstantIn(tz);
  const [units, groups, heads, cases, flags, { reports, photos }, afterSignOff, chases, instructions, head, lookbacks] = await Promise.all([
    digestUnits(session, opts.unitIds),
    periods.then((p) => itemGroups(session, w, p)),
    periods.then((p): Promise<ListHeads> | ListHeads => (itemTake > 0 ? listHeads(session, w, p, itemTake) : { red: [], dueSoon: [], silent: [], awaiting: [] })),
    casesDue(session, today, opts.unitIds),
    flaggedPhotos(session, received, opts.unitIds),
    receivedCounts(session, received, opts.unitIds),
    reportsAfterSignOff(session, ledger.kind, { ...received, day: yesterday }, opts.unitIds),
    unansweredChases(session, today, opts.unitIds),
    instructionsSince(session, w.asOf, opts.unitIds),
    chainHead(session),
    digestLookbacks(session, { today, since: w.asOf, unitIds: opts.unitIds, take, dayOfInstant }),
  ]);
  // Yesterday's facts one by one, for the newly-red mark of the listed items.
  const listed = [...heads.red, ...heads.dueSoon, ...heads.silent, ...heads.awaiting];
  const changes = await changesSince(session, w.asOf, listed.map((r) => r.id));

  const views = new Map<ItemFacts, ItemView>();
  const view = (facts: ItemFacts, day: Day) => viewItem(facts, day, dayOfInstant, t);
  const sharedView = (facts: ItemFacts, day: Day) => {
    let v = views.get(facts);
    if (!v) views.set(facts, (v = view(facts, day)));
    return v;
  };
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const tally: Tally = { units: new Map(), signedOff: 0, red: 0, newlyRed: 0, dueSoon: 0, stale: 0, awaiting: 0 };
  const count = (unitId: number, status: string, current: ItemView, before: ItemView | null, n: number) => {
    let u = tally.units.get(unitId);
    if (!u) tally.units.set(unitId, (u = { unitId, name: unitName.get(unitId) ?? "", today: noLights(), yesterday: noLights(), counts: noCounts() }));
    if (before && !before.signedOff) u.yesterday[before.light] += n;
    if (current.signedOff) {
      tally.signedOff += n;
      u.counts.signedOff += n;
      return;
    }
    u.today[current.light] += n;
    u.counts.open += n;
    if (current.overdue) u.counts.overdue += n;
    if (current.dueSoon) u.counts.dueSoon += n;
    if (current.stale) u.counts.stale += n;
    if (status === "awaiting_signoff") u.counts.awaiting += n;
    if (current.light === "red") tally.red += n;
    if (current.light === "red" && before?.light !== "red") tally.newlyRed += n;
    if (current.dueSoon) tally.dueSoon += n;
    if (current.stale && current.light !== "red") tally.stale += n;
    if (status === "awaiting_signoff") tally.awaiting += n;
  };

  for (const g of groups) {
    count(g.leadUnitId, g.today.status, sharedView(g.today, today), g.yesterday && sharedView(g.yesterday, yesterday), g.count);
  }

  const judged = (list: ItemRow[]) => list.map((row) => ({ row, current: view(factsNow(row), today) }));
  const red = judged(heads.red).filter((j) => j.current.light === "red").slice(0, itemTake);
  const dueSoon = judged(heads.dueSoon).filter((j) => j.current.dueSoon).slice(0, itemTake);
  const stale = judged(heads.silent).filter((j) => j.current.stale && j.current.light !== "red").slice(0, itemTake);
  const awaiting = judged(heads.awaiting).slice(0, itemTake);

  const details = await itemDetails(session, [...red, ...dueSoon, ...stale, ...awaiting].map((j) => j.row.id));
  const entry = ({ row, current }: { row: ItemRow; current: ItemView }): ItemEntry => {
    const before = factsAsOf(row, changes);
    const detail = details.get(row.id);
    return {
      id: row.id,
      code: detail?.code ?? "",
      unit: unitName.get(row.leadUnitId) ?? "",
      person: detail?.person ?? null,
      status: row.status,
      longTerm: row.longTerm,
      overdueDays: current.overdueDays,
      dueInDays: current.dueInDays,
      silentDays: current.silentDays,
      returnCount: row.returnCount,
      newlyRed: current.light === "red" && (!before || view(before, yesterday).light !== "red"),
      waitingDays: row.status !== "awaiting_signoff" ? null : row.appliedAt ? daysBetween(dayOfInstant(row.appliedAt), today) : 0,
    };
  };

  const unitSummaries = [...tally.units.values()].sort(
    (a, b) => b.today.red - a.today.red || b.today.yellow - a.today.yellow || a.unitId - b.unitId,
  );
  return {
    day: today,
    thresholds: t,
    totals: { today: sum(unitSummaries, "today"), yesterday: sum(unitSummaries, "yesterday"), signedOff: tally.signedOff },
    units: unitSummaries,
    red: { count: tally.red, newly: tally.newlyRed, top: red.map(entry) },
    dueSoon: { count: tally.dueSoon, top: dueSoon.map(entry) },
    stale: { count: tally.stale, top: stale.map(entry) },
    awaiting: { count: tally.awaiting, top: awaiting.map(entry) },
    cases: { count: cases.length, top: cases.slice(0, take) },
    flags: { count: flags.length, top: flags.slice(0, take) },
    afterSignOff: { count: afterSignOff.length, top: afterSignOff.slice(0, take) },
    chases: { count: chases.length, top: chases.slice(0, take) },
    instructions: { count: instructions.length, top: instructions.slice(0, take) },
    lookbacks,
    chainHead: head && { seq: head.seq, hash: shortHash(head.hash) },
    yesterday: { day: yesterday, reports, photos },
  };
}

function sum(units: UnitSummary[], when: "today" | "yesterday"): LightCounts {
  const total = noLights();
  for (const u of units) for (const light of Object.keys(total) as Light[]) total[light] += u[when][light];
  return total;
}
