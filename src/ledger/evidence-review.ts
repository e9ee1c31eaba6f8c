/**
 * Flagged evidence photos as a coordinator reviews them: each with the earlier photo it
 * copies (item, unit, date, kind of copy), listed for /存疑 and the CLI, and cleared with a
 * reason (/核实), which leaves an audit event. Clearing keeps the flags: the look-back and
 * the history still see what was found, and who decided it was fine.
 */
import { PHOTO_FLAGS, type PhotoFlag } from "../core/types";
import type { NearCopyKind } from "../evidence/near-copy-index";
import { auditOf, writeAudit, type Change } from "./audit";
import { listOf, oneOf } from "./decode";
import type { Prisma } from "./db";
import { clientOf, type Session } from "./session";

const NEAR_COPY_KINDS = ["same", "resized", "retouched", "cropped", "mirrored", "rotated", "framed"] as const satisfies readonly NearCopyKind[];

export interface EarlierPhoto {
  photoId: number;
  sha256: string;
  item: string | null;
  unit: string | null;
  sentAt: Date;
  /** How the flagged photo copies it; "same" for the same bytes. */
  kind: NearCopyKind;
}

export interface FlaggedPhoto {
  photoId: number;
  sha256: string;
  item: string | null;
  unit: string | null;
  sentAt: Date;
  takenAt: Date | null;
  sender: string;
  flags: PhotoFlag[];
  /** Metres from its item's place, when the photo had GPS and the item coordinates. */
  placeMeters: number | null;
  matches: EarlierPhoto[];
  cleared: { at: Date; by: string; reason: string } | null;
}

/** Same-bytes copies shown per flagged photo when its near-copy match was not recorded. */
const SAME_BYTES = 3;

const PHOTO_SELECT = {
  id: true, sha256: true, receivedAt: true, takenAt: true, flags: true, reportId: true, matchPhotoId: true, matchKind: true, placeMeters: true,
  clearedAt: true, clearedById: true, clearReason: true,
  item: { select: { code: true, leadUnit: { select: { name: true } } } },
  report: { select: { reporterId: true } },
} as const;

type Row = Prisma.PhotoGetPayload<{ select: typeof PHOTO_SELECT }>;

/**
 * Flagged photos, newest first: only those not cleared unless `cleared`, of one item when
 * `itemCode` is given, received in [since, until) when given.
 */
export async function flaggedPhotos(
  session: Session,
  p: { itemCode?: string; cleared?: boolean; since?: Date; until?: Date; take?: number } = {},
): Promise<FlaggedPhoto[]> {
  const tx = clientOf(session);
  const rows = await tx.photo.findMany({
    where: {
      flags: { not: "" },
      ...(p.cleared ? {} : { clearedAt: null }),
      ...(p.itemCode ? { item: { code: p.itemCode } } : {}),
      ...(p.since || p.until ? { receivedAt: { ...(p.since ? { gte: p.since } : {}), ...(p.until ? { lt: p.until } : {}) } } : {}),
    },
    select: PHOTO_SELECT,
    orderBy: { id: "desc" },
    ...(p.take ? { take: p.take } : {}),
  });
  const names = await namesOf(session, rows.flatMap((r) => (r.clearedById === null ? [r.report.reporterId] : [r.report.reporterId, r.clearedById])));
  const earlier = await earlierPhotos(session, rows);
  return rows.map((r) => ({
    photoId: r.id,
    sha256: r.sha256,
    item: r.item?.code ?? null,
    unit: r.item?.leadUnit.name ?? null,
    sentAt: r.receivedAt,
    takenAt: r.takenAt,
    sender: names.get(r.report.reporterId) ?? "",
    flags: listOf(PHOTO_FLAGS, r.flags),
    placeMeters: r.placeMeters,
    matches: earlier.get(r.id) ?? [],
    cleared: r.clearedAt ? { at: r.clearedAt, by: names.get(r.clearedById!) ?? "", reason: r.clearReason ?? "" } : null,
  }));
}

/** The earlier photos each row copies: its recorded match, else other reports' photos of the same bytes. */
async function earlierPhotos(session: Session, rows: Row[]): Promise<Map<number, EarlierPhoto[]>> {
  const tx = clientOf(session);
  const ids = rows.flatMap((r) => (r.matchPhotoId === null ? [] : [r.matchPhotoId]));
  const unmatched = rows.filter((r) => r.matchPhotoId === null && listOf(PHOTO_FLAGS, r.flags).includes("reused"));
  const [matched, sameBytes] = await Promise.all([
    ids.length ? tx.photo.findMany({ where: { id: { in: ids } }, select: PHOTO_SELECT }) : [],
    unmatched.length ? tx.photo.findMany({ where: { sha256: { in: unmatched.map((r) => r.sha256) } }, select: PHOTO_SELECT, orderBy: { id: "asc" } }) : [],
  ]);
  const byId = new Map(matched.map((m) => [m.id, m]));
  const out = new Map<number, EarlierPhoto[]>();
  const shown = (m: Row, kind: NearCopyKind): EarlierPhoto => ({
    photoId: m.id, sha256: m.sha256, item: m.item?.code ?? null, unit: m.item?.leadUnit.name ?? null, sentAt: m.receivedAt, kind,
  });
  for (const r of rows) {
    const m = r.matchPhotoId === null ? undefined : byId.get(r.matchPhotoId);
    if (m) out.set(r.id, [shown(m, oneOf(NEAR_COPY_KINDS, r.matchKind ?? "same", "a near-copy kind"))]);
  }
  for (const r of unmatched) {
    const same = sameBytes.filter((s) => s.sha256 === r.sha256 && s.reportId !== r.reportId && s.id < r.id).slice(0, SAME_BYTES);
    out.set(r.id, same.map((s) => shown(s, "same")));
  }
  return out;
}

async function namesOf(session: Session, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const people = await clientOf(session).person.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(people.map((p) => [p.id, p.name]));
}

export type ClearResult = "cleared" | "not_found" | "not_flagged" | "already_cleared";

/** A coordinator checked a flagged photo and found it genuine: cleared, with the reason, and audited. */
export async function clearPhotoFlags(session: Session, p: { photoId: number; reason: string }, change: Change): Promise<ClearResult> {
  const tx = clientOf(session);
  const photo = await tx.photo.findUnique({ where: { id: p.photoId }, select: { id: true, flags: true, itemId: true, clearedAt: true } });
  if (!photo) return "not_found";
  if (!photo.flags) return "not_flagged";
  if (photo.clearedAt) return "already_cleared";
  await tx.photo.update({
    where: { id: photo.id },
    data: { clearedAt: change.at, clearedById: change.actorId ?? null, clearReason: p.reason },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "photo.flags_cleared", { itemId: photo.itemId, detail: { photoId: photo.id, flags: photo.flags, reason: p.reason } }));
  return "cleared";
}
