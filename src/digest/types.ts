/** The digest as data: what compose.ts finds in the ledger and render.ts turns into a message. */
import type { ChaseLine, InstructionLine } from "../ledger/chases";
import type { Thresholds } from "../core/lights";
import type { LookbackRisk } from "../core/lookback-risk";
import type { DeadlineBasis } from "../core/petition";
import type { Day, ItemStatus, Light } from "../core/types";
import type { FlaggedPhoto } from "../ledger/digest-data";
import type { ReportedAfterSignOff } from "../ledger/after-signoff";

export type LightCounts = Record<Light, number>;

/**
 * A lead unit's items today by viewItem's marks, for the dashboard's table: the open ones,
 * of them those overdue, due soon, stale and awaiting sign-off; and those signed off.
 */
export interface UnitCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  stale: number;
  awaiting: number;
  signedOff: number;
}

export const noCounts = (): UnitCounts => ({ open: 0, overdue: 0, dueSoon: 0, stale: 0, awaiting: 0, signedOff: 0 });

export interface UnitSummary {
  unitId: number;
  name: string;
  /** Open (not signed-off) items of which this unit is the lead, by light. */
  today: LightCounts;
  yesterday: LightCounts;
  /** Counted from the same groups as the lights: no second pass over the items. */
  counts: UnitCounts;
}

export interface ItemEntry {
  id: number;
  code: string;
  unit: string;
  /** The responsible person, when the ledger names one. */
  person: string | null;
  status: ItemStatus;
  longTerm: boolean;
  overdueDays: number;
  dueInDays: number | null;
  silentDays: number;
  returnCount: number;
  /** Red today but not yesterday (or new since yesterday). */
  newlyRed: boolean;
  /** Days since the sign-off application; null unless awaiting sign-off. */
  waitingDays: number | null;
}

/** A petition case due soon or overdue. Deliberately nothing about the petitioner. */
export interface CaseEntry {
  caseNo: string;
  unit: string;
  ownerLeader: string | null;
  deadline: Day;
  basis: DeadlineBasis;
  /** Negative when overdue. */
  dueInDays: number;
}

/** A look-back due today or overdue, not yet answered. */
export interface LookbackDueEntry {
  code: string;
  unit: string;
  signedOffOn: Day;
  due: Day;
  /** 0 when due today. */
  overdueDays: number;
  /** The unit was asked for fresh photos. */
  asked: boolean;
  /** Why it was picked: the risks its look-back day was weighed on (none: the base interval). */
  risks: LookbackRisk[];
}

/** A look-back that failed since the last digest: its item was reopened. */
export interface LookbackFailedEntry {
  code: string;
  unit: string;
  on: Day;
  /** The coordinator's reason, as recorded. */
  note: string | null;
}

export type FlagEntry = FlaggedPhoto;
export type AfterSignOffEntry = ReportedAfterSignOff;

/** A section of the digest: how many there are, and the first few in the section's order. */
export interface Section<T> {
  count: number;
  top: T[];
}

/** Entries kept per section; the rest are one command away. */
export const DIGEST_TOP = 5;

export interface DigestData {
  day: Day;
  thresholds: Thresholds;
  totals: { today: LightCounts; yesterday: LightCounts; signedOff: number };
  /** Every unit leading at least one item, most red first. */
  units: UnitSummary[];
  /** Red items (overdue, or returned too often), longest overdue first; `newly` were not red yesterday. */
  red: Section<ItemEntry> & { newly: number };
  /** Due within thresholds.dueSoonDays, soonest first. */
  dueSoon: Section<ItemEntry>;
  /** Silent too long and not already red, longest silent first. */
  stale: Section<ItemEntry>;
  /** Awaiting sign-off, longest waiting first. */
  awaiting: Section<ItemEntry>;
  /** Petition cases overdue (longest first) or due within three days. */
  cases: Section<CaseEntry>;
  /** Flagged evidence photos received yesterday. */
  flags: Section<FlagEntry>;
  /** Signed-off items that got reports yesterday: the fix may not have held. */
  afterSignOff: Section<AfterSignOffEntry>;
  /** Chases unanswered past their 期限 (催办未回复), oldest 期限 first. */
  chases: Section<ChaseLine>;
  /** Look-backs (回头看) due or overdue and unanswered, earliest due first; and those failed since the last digest. */
  lookbacks: { due: Section<LookbackDueEntry>; failed: Section<LookbackFailedEntry> };
  /** Leaders' instructions since the last digest, newest first. */
  instructions: Section<InstructionLine>;
  /** The audit chain's head when composed (hash shortened): the digest ends with it, for the leaders to witness. */
  chainHead: { seq: number; hash: string } | null;
  yesterday: { day: Day; reports: number; photos: number };
}

export function noLights(): LightCounts {
  return { red: 0, yellow: 0, green: 0 };
}
