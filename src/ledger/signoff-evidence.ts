/**
 * What the sign-off card shows the coordinator (issue 12): the latest evidence photos and documents,
 * the last report, and the facts the warnings are decided from (core/history).
 */
import type { HistoryDocument, SignOffFacts } from "../core/history";
import { dayOf } from "../core/days";
import { DOCUMENT_TYPES } from "../core/types";
import { oneOf } from "./decode";
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
  /** Evidence documents received since the item was assigned, and the newest ones. */
  documents: number;
  latestDocuments: (HistoryDocument & { at: Date })[];
  lastReport: { at: Date; who: string; text: string } | null;
  appliedBy: string | null;
}

export async function signOffEvidence(session: Session, item: ItemRow, p: { latest: number; tz: string }): Promise<SignOffEvidence> {
  const tx = clientOf(session);
  const evidence = { itemId: item.id, receivedAt: { gte: item.assignedAt } };
  const [photos, latest, flagged, lastReport, after, documents, latestDocuments] = await Promise.all([
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
    tx.document.count({ where: evidence }),
    tx.document.findMany({
      where: evidence,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: p.latest,
      select: { sha256: true, type: true, name: true, size: true, receivedAt: true },
    }),
  ]);
  // A document counts as evidence as a photo does: the newer of the two is the last evidence.
  const lastEvidence = [latest[0]?.receivedAt, latestDocuments[0]?.receivedAt].filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  const ids = new Set([...latest.map((ph) => ph.report.reporterId), ...(lastReport ? [lastReport.reporterId] : []), ...(item.appliedById ? [item.appliedById] : [])]);
  const people = await tx.person.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
  const name = (id: number) => people.find((x) => x.id === id)?.name ?? "";
  return {
    facts: {
      progress: item.progress,
      lastPhotoAt: lastEvidence ?? null,
      flaggedPhotos: flagged,
      deadline: item.deadline,
      appliedOn: item.appliedAt ? dayOf(item.appliedAt, p.tz) : null,
      reportsAfterApplication: after,
    },
    photos,
    latest: latest.map((ph) => ({ sha256: ph.sha256, at: ph.receivedAt, who: name(ph.report.reporterId), flags: ph.flags })),
    documents,
    latestDocuments: latestDocuments.map((d) => ({ sha256: d.sha256, type: oneOf(DOCUMENT_TYPES, d.type, "a document's type"), name: d.name, size: d.size, at: d.receivedAt })),
    lastReport: lastReport && { at: lastReport.at, who: name(lastReport.reporterId), text: lastReport.text },
    appliedBy: item.appliedById ? name(item.appliedById) : null,
  };
}
