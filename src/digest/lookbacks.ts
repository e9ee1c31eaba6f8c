/**
 * The digest's look-back (回头看) section as data: look-backs due or overdue and not yet
 * answered, each with why it was picked (the risks its day was weighed on), and the
 * look-backs that failed since the last digest, which reopened their items.
 */
import { daysBetween } from "../core/days";
import { lookbackRisks } from "../core/lookback-risk";
import type { Day } from "../core/types";
import { lookbacksDue, lookbacksFailed } from "../ledger/digest-lookbacks";
import type { Session } from "../ledger/session";
import type { LookbackDueEntry, LookbackFailedEntry, Section } from "./types";

export async function digestLookbacks(
  session: Session,
  p: { today: Day; since: Date; unitIds?: number[]; take: number; dayOfInstant: (at: Date) => Day },
): Promise<{ due: Section<LookbackDueEntry>; failed: Section<LookbackFailedEntry> }> {
  const [due, failed] = await Promise.all([
    lookbacksDue(session, { today: p.today, unitIds: p.unitIds, take: p.take }),
    lookbacksFailed(session, { since: p.since, unitIds: p.unitIds, take: p.take }),
  ]);
  return {
    due: {
      count: due.count,
      top: due.top.map((r) => {
        const signedOffOn = p.dayOfInstant(r.signedOffAt);
        return {
          code: r.code, unit: r.unit, signedOffOn, due: r.lookbackDue, overdueDays: daysBetween(r.lookbackDue, p.today), asked: r.asked,
          // Judged as at the sign-off (its day, its evidence), plus petitions learned since, which brought it forward.
          risks: lookbackRisks({ today: signedOffOn, deadline: r.deadline, flaggedPhotos: r.flaggedPhotos, measures: r.measures, repeatPetitions: r.repeatPetitions }),
        };
      }),
    },
    failed: { count: failed.count, top: failed.top.map((r) => ({ code: r.code, unit: r.unit, on: p.dayOfInstant(r.at), note: r.note })) },
  };
}
