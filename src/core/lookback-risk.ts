/**
 * When a signed-off item is looked back at (回头看): the riskier its closure, the sooner.
 * Each risk has a named weight; the base interval (LOOKBACK_BASE_DAYS) is divided by one
 * plus the sum, never below a floor, so a closure with every risk is checked first.
 */
import { addDays } from "./days";
import type { Day } from "./types";

/** Measures a unit can undo the day after the sign-off: the fix is only as good as its upkeep. */
export const EASY_TO_UNDO_MEASURES = ["停产", "覆土", "遮盖", "冲洗", "关停"] as const;

export const LOOKBACK_RISK_WEIGHTS = {
  /** Closed on the deadline day itself: the pressure of the date, not the fix, may have closed it. */
  deadlineDay: 1,
  /** A photo of its evidence was flagged (reused, taken long before): the strongest sign of 假整改. */
  flaggedEvidence: 2,
  /** Its measures name one of EASY_TO_UNDO_MEASURES. */
  easyToUndo: 1,
  /** People petitioned again about the problem: they say the fix is not there. */
  repeatPetition: 2,
} as const;

/** However risky, a look-back is not sooner than this after the sign-off. */
export const LOOKBACK_MIN_DAYS = 14;

export type LookbackRisk = keyof typeof LOOKBACK_RISK_WEIGHTS;

export interface ClosureFacts {
  today: Day;
  /** The original deadline ("on time" is judged against it); null for none. */
  deadline: Day | null;
  flaggedPhotos: number;
  measures: string;
  /** Petition cases linked to the item that repeat an earlier petition about it (0 when none). */
  repeatPetitions?: number;
}

export function lookbackRisks(f: ClosureFacts): LookbackRisk[] {
  const risks: LookbackRisk[] = [];
  if (f.deadline === f.today) risks.push("deadlineDay");
  if (f.flaggedPhotos > 0) risks.push("flaggedEvidence");
  if (EASY_TO_UNDO_MEASURES.some((w) => f.measures.includes(w))) risks.push("easyToUndo");
  if ((f.repeatPetitions ?? 0) > 0) risks.push("repeatPetition");
  return risks;
}

export function lookbackDueDay(f: ClosureFacts, baseDays: number): Day {
  const score = lookbackRisks(f).reduce((sum, r) => sum + LOOKBACK_RISK_WEIGHTS[r], 0);
  return addDays(f.today, Math.max(LOOKBACK_MIN_DAYS, Math.round(baseDays / (1 + score))));
}

/**
 * A risk learned after the sign-off (a repeat petition): the look-back comes as soon as the
 * rule says from today, if that is sooner than the day it was set for. Null: it stays.
 */
export function soonerLookbackDue(current: Day | null, f: ClosureFacts, baseDays: number): Day | null {
  const due = lookbackDueDay(f, baseDays);
  return current === null || due < current ? due : null;
}
