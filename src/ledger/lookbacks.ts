/**
 * Look-backs (回头看) in the ledger: the signed-off items whose look-back is due and whose
 * unit has not been asked yet, the ask (once per sign-off, audited), the window facts of
 * one item, and the comparison of a look-back report's fresh photos with the photos the
 * item was signed off on.
 */
import type { LookbackFacts } from "../core/lookback";
import { soonerLookbackDue } from "../core/lookback-risk";
import { ITEM_STATUSES, PHOTO_FLAGS, type Day, type PhotoFlag } from "../core/types";
import { fingerprintFromHex } from "../evidence/fingerprint-codec";
import { createNearCopyIndex, type NearCopyKind } from "../evidence/near-copy-index";
import { auditOf, writeAudit, type Change } from "./audit";
import { repeatPetitionsAbout } from "./cases";
import { countFlaggedPhotos, itemMeasures } from "./items";
import { listOf, oneOf } from "./decode";
import { clientOf, type Session } from "./session";

export interface LookbackToAsk {
  id: number;
  code: string;
  title: string;
  leadUnitId: number;
  unit: string;
  personId: number | null;
  lookbackDue: Day;
}

/** Signed-off items due for look-back by `today` whose unit was not asked since the sign-off. */
export async function lookbacksToAsk(session: Session, today: Day): Promise<LookbackToAsk[]> {
  const rows = await clientOf(session).item.findMany({
    where: { status: "signed_off", lookbackDue: { lte: today }, lookbackAskedAt: null },
    select: { id: true, code: true, title: true, leadUnitId: true, personId: true, lookbackDue: true, leadUnit: { select: { name: true } } },
    orderBy: [{ lookbackDue: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id, code: r.code, title: r.title, leadUnitId: r.leadUnitId, unit: r.leadUnit.name, personId: r.personId, lookbackDue: r.lookbackDue!,
  }));
}

/** The unit was asked for fresh photos: recorded so that it is asked once. */
export async function markLookbackAsked(session: Session, item: Pick<LookbackToAsk, "id" | "lookbackDue">, change: Change): Promise<void> {
  await clientOf(session).item.update({ where: { id: item.id }, data: { lookbackAskedAt: change.at }, select: { id: true } });
  await writeAudit(session, auditOf(change, "item.lookback_asked", { itemId: item.id, detail: { lookbackDue: item.lookbackDue } }));
}

export async function lookbackFacts(session: Session, itemId: number): Promise<LookbackFacts | null> {
  const row = await clientOf(session).item.findUnique({
    where: { id: itemId },
    select: { status: true, signedOffAt: true, lookbackDue: true, lookbackAskedAt: true, lookbackAt: true },
  });
  return row && { ...row, status: oneOf(ITEM_STATUSES, row.status, "an item's status") };
}

export interface SignOffPhoto {
  photoId: number;
  sha256: string;
  receivedAt: Date;
}

export interface FreshPhoto extends SignOffPhoto {
  flags: PhotoFlag[];
  /** Metres from the item's place, when known. */
  placeMeters: number | null;
  /** The sign-off photo it repeats, and how; null when it is a new picture. */
  repeats: (SignOffPhoto & { kind: NearCopyKind }) | null;
}

export interface LookbackComparison {
  fresh: FreshPhoto[];
  /** The photos on the item at its sign-off, newest first. */
  signOff: SignOffPhoto[];
}

/** Sign-off photos compared with: the newest, where a photo sent again most likely comes from. */
const SIGNOFF_PHOTOS = 200;

const PHOTO = { id: true, sha256: true, receivedAt: true, fingerprint: true, flags: true, placeMeters: true } as const;

/**
 * Each photo of the report beside the sign-off photo it repeats: the same bytes, or a near
 * copy by the fingerprints (src/evidence). The ledger-wide check has flagged it already
 * (reused / near_copy) against whichever earlier photo was closest; this names the sign-off one.
 */
export async function compareWithSignOff(session: Session, p: { itemId: number; signedOffAt: Date; reportId: number }): Promise<LookbackComparison> {
  const tx = clientOf(session);
  const [before, report] = await Promise.all([
    tx.photo.findMany({
      where: { itemId: p.itemId, receivedAt: { lte: p.signedOffAt }, reportId: { not: p.reportId } },
      select: PHOTO, orderBy: [{ receivedAt: "desc" }, { id: "desc" }], take: SIGNOFF_PHOTOS,
    }),
    tx.photo.findMany({ where: { reportId: p.reportId }, select: PHOTO, orderBy: { id: "asc" } }),
  ]);
  const signOff = before.map((b) => ({ photoId: b.id, sha256: b.sha256, receivedAt: b.receivedAt }));
  const index = createNearCopyIndex();
  for (const b of before) if (b.fingerprint) index.add(String(b.id), fingerprintFromHex(b.fingerprint));
  const byId = new Map(signOff.map((s) => [s.photoId, s]));
  const fresh = report.map((r): FreshPhoto => {
    const same = signOff.find((s) => s.sha256 === r.sha256);
    const near = !same && r.fingerprint ? index.lookup(fingerprintFromHex(r.fingerprint))[0] : undefined;
    const repeats = same ? { ...same, kind: "same" as const } : near ? { ...byId.get(Number(near.id))!, kind: near.kind } : null;
    return { photoId: r.id, sha256: r.sha256, receivedAt: r.receivedAt, flags: listOf(PHOTO_FLAGS, r.flags), placeMeters: r.placeMeters, repeats };
  });
  return { fresh, signOff };
}

/** A risk learned after the sign-off brought the look-back forward: audited with both days and why. */
export async function bringLookbackForward(session: Session, item: { id: number; lookbackDue: Day | null }, p: { to: Day; because: string }, change: Change): Promise<void> {
  await clientOf(session).item.update({ where: { id: item.id }, data: { lookbackDue: p.to }, select: { id: true } });
  await writeAudit(session, auditOf(change, "item.lookback_moved", { itemId: item.id, detail: { lookbackDue: [item.lookbackDue, p.to], because: p.because } }));
}

/**
 * A case was just linked to the item (/关联, or an import's 关联问题编号): if the item is
 * signed off and petitions about it repeat, its look-back comes as soon as the risk rule
 * says from today (core/lookback-risk), audited. Null when it stays where it was.
 */
export async function lookbackAfterPetition(
  session: Session,
  item: { id: number; status: string; lookbackDue: Day | null },
  p: { caseNo: string; today: Day; baseDays: number },
  change: Change,
): Promise<{ due: Day; repeats: number } | null> {
  if (item.status !== "signed_off") return null;
  const repeats = await repeatPetitionsAbout(session, item.id);
  if (repeats === 0) return null;
  const facts = {
    today: p.today, deadline: null, repeatPetitions: repeats,
    flaggedPhotos: await countFlaggedPhotos(session, item.id), measures: await itemMeasures(session, item.id),
  };
  const due = soonerLookbackDue(item.lookbackDue, facts, p.baseDays);
  if (!due) return null;
  await bringLookbackForward(session, item, { to: due, because: `case:${p.caseNo}` }, change);
  return { due, repeats };
}
