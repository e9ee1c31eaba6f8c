/**
 * What the sign-off card shows the coordinator (issue 12): the latest evidence photos,
 * the last report, and the facts the warnings are decided from (core/history).
 */
import type { SignOffFacts } from "../core/history";
import { dayOf } from "../core/days";
import type { ItemRow } from "./items";
import { clientOf, type Session } from "./session";

export interface EvidencePhoto {
  sha256: string;
  at: Date;
  who: string;
  flags: string;
}

export interface SignOffEvidence {
  facts: SignOffFacts;
  /** Evidence photos received since the item was assigned. */
  photos: number;
  /** The newest ones, newest first. */
  latest: EvidencePhoto[];
  lastReport: { at: Date; who: string; text: string } | null;
  appliedBy: string | null;
}

export async function signOffEvidence(session: Session, item: ItemRow, p: { latest: number; tz: string }): Promise<SignOffEvidence> {
  const tx = clientOf(session);
  const evidence = { itemId: item.id, receivedAt: { gte: item.assignedAt } };
  const [photos, latest, flagged, lastReport, after] = await Promise.all([
    tx.photo.count({ where: evidence }),
    tx.photo.findMany({
      where: evidence,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: p.latest,
      select: { sha256: true, receivedAt: true, flags: true, report: { select: { reporterId: true } } },
    }),
    tx.photo.count({ where: { itemId: item.id, NOT: { flags: "" } } }),
    tx.report.findFirst({ where: { itemId: item.id }, orderBy: [{ at: "desc" }, { id: "desc" }], select: { at: true, text: true, reporterId: true } }),
    item.appliedAt ? tx.report.count({ where: { itemId: item.id, at: { gt: item.appliedAt } } }) : Promise.resolve(0),
  ]);
  const ids = new Set([...latest.map((ph) => ph.report.reporterId), ...(lastReport ? [lastReport.reporterId] : []), ...(item.appliedById ? [item.appliedById] : [])]);
  const people = await tx.person.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
  const name = (id: number) => people.find((x) => x.id === id)?.name ?? "";
  return {
    facts: {
      progress: item.progress,
      lastPhotoAt: latest[0]?.receivedAt ?? null,
      flaggedPhotos: flagged,
      deadline: item.deadline,
      appliedOn: item.appliedAt ? dayOf(item.appliedAt, p.tz) : null,
      reportsAfterApplication: after,
    },
    photos,
    latest: latest.map((ph) => ({ sha256: ph.sha256, at: ph.receivedAt, who: name(ph.report.reporterId), flags: ph.flags })),
    lastReport: lastReport && { at: lastReport.at, who: name(lastReport.reporterId), text: lastReport.text },
    appliedBy: item.appliedById ? name(item.appliedById) : null,
  };
}
