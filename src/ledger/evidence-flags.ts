/**
 * Signs of fake rectification (假整改) in a photo: the same picture already sent with another
 * report ("reused") or a near copy of one ("near_copy"), anywhere in the ledger; a picture
 * taken long before it was sent ("old") or before its item was assigned ("before_assigned"); a
 * picture whose GPS is far from its item's coordinates ("far_from_place").
 * Flags are hints for a coordinator and the
 * look-back, never a verdict.
 */
import { distanceMeters, isPlace, type LatLon } from "../core/geo";
import type { PhotoFlag } from "../core/types";
import { fingerprintFromHex } from "../evidence/fingerprint-codec";
import type { Tx } from "./db";
import { findNearCopies, type PhotoMatch } from "./near-copies";
import { clientOf, type Session } from "./session";

export interface PhotoToCheck {
  sha256: string;
  phash: string | null;
  takenAt: Date | null;
  receivedAt: Date;
  /** The report the photo belongs to, once it has one: photos of that report are not "another". */
  reportId?: number;
  itemId: number | null;
  /** The near-copy fingerprint (hex), null for a photo stored before fingerprints were kept. */
  fingerprint: string | null;
  /** When the photo's item was assigned, once the photo has an item. */
  assignedAt: Date | null;
  /** Where its EXIF GPS says it was taken (WGS-84), if it says. */
  lat: number | null;
  lon: number | null;
}

/** A photo's flags, the earlier photo it copies, if any, and how far from its item's place it was taken, if both are known. */
export interface PhotoVerdict {
  flags: PhotoFlag[];
  match: PhotoMatch | null;
  placeMeters: number | null;
}

export interface FlagOptions {
  oldAfterDays: number;
  /** A photo taken farther than this from its item's coordinates is "far_from_place". */
  farMeters: number;
  /** Largest Hamming distance (of 256 bits) at which two perceptual hashes are the same picture. */
  phashMaxDistance: number;
}

/**
 * How many of the item's earlier photos are compared by perceptual hash: the newest ones,
 * where a reused picture is most likely to come from.
 */
export const PHASH_CANDIDATES = 1000;

const DAY_MS = 86_400_000;

/**
 * Byte-identical copies are found anywhere by the indexed sha256, near copies anywhere by the
 * ledger's near-copy index (near-copies.ts). Photos stored before fingerprints were kept are
 * still compared by their blockhash with the same item's newest photos.
 */
export async function evidenceFlags(session: Session, photo: PhotoToCheck, opts: FlagOptions): Promise<PhotoVerdict> {
  return flagsWith(prismaLookups(clientOf(session), session), photo, opts);
}

/** The reads the flags need; the hot path answers the first two without Prisma. */
export interface PhotoLookups {
  /** The earlier photos of other reports that the fingerprint's photo copies, closest first. */
  nearCopies(fingerprint: string, notReportId: number | undefined): Promise<PhotoMatch[]>;
  /** Is there a photo with these bytes, other than the report's own? */
  copyExists(sha256: string, notReportId: number | undefined): Promise<boolean>;
  /** The item's newest perceptual hashes, other than the report's own. */
  itemHashes(itemId: number, notReportId: number | undefined, take: number): Promise<(string | null)[]>;
  /** The item's coordinates (WGS-84), if its ledger row has them. */
  itemPlace(itemId: number): Promise<LatLon | null>;
}

/** An item's coordinates as its row holds them, or null. */
export const placeOf = (row: { lat: number | null; lon: number | null } | null | undefined): LatLon | null =>
  row && isPlace(row) ? { lat: row.lat, lon: row.lon } : null;

/** The near copies of a photo in the whole ledger, through its near-copy index. */
export const ledgerNearCopies = (session: Session) => (fingerprint: string, notReportId: number | undefined) =>
  findNearCopies(session, fingerprintFromHex(fingerprint), notReportId);

function prismaLookups(tx: Tx, session: Session): PhotoLookups {
  const elsewhere = (reportId: number | undefined) => (reportId === undefined ? {} : { reportId: { not: reportId } });
  return {
    nearCopies: ledgerNearCopies(session),
    copyExists: async (sha256, notReportId) =>
      (await tx.photo.findFirst({ where: { sha256, ...elsewhere(notReportId) }, select: { id: true } })) !== null,
    itemHashes: async (itemId, notReportId, take) =>
      (await tx.photo.findMany({
        where: { itemId, phash: { not: null }, ...elsewhere(notReportId) },
        select: { phash: true },
        orderBy: { receivedAt: "desc" },
        take,
      })).map((p) => p.phash),
    itemPlace: async (itemId) => placeOf(await tx.item.findUnique({ where: { id: itemId }, select: { lat: true, lon: true } })),
  };
}

export async function flagsWith(lookups: PhotoLookups, photo: PhotoToCheck, opts: FlagOptions): Promise<PhotoVerdict> {
  const flags: PhotoFlag[] = [];
  const [match] = photo.fingerprint ? await lookups.nearCopies(photo.fingerprint, photo.reportId) : [];
  if (match?.kind === "same" || (await isReused(lookups, photo, opts.phashMaxDistance))) flags.push("reused");
  else if (match) flags.push("near_copy");
  const sent = photo.receivedAt.getTime();
  if (photo.takenAt && sent - photo.takenAt.getTime() > opts.oldAfterDays * DAY_MS) flags.push("old");
  // A day's grace: a camera clock a few hours off is not a photo of before the work began.
  if (photo.takenAt && photo.assignedAt && photo.assignedAt.getTime() - photo.takenAt.getTime() > DAY_MS) flags.push("before_assigned");
  const placeMeters = await metresFromPlace(lookups, photo);
  return { flags: withPlaceFlag(flags, placeMeters, opts.farMeters), match: match ?? null, placeMeters };
}

/**
 * Whole metres from where the photo was taken to its item's place; null without the two.
 * Most chat photos carry no GPS (the apps strip it), so the item is read only for those that do.
 */
async function metresFromPlace(lookups: PhotoLookups, photo: PhotoToCheck): Promise<number | null> {
  if (photo.itemId === null || !isPlace(photo)) return null;
  return metresBetween(photo, await lookups.itemPlace(photo.itemId));
}

/** Whole metres from where a photo was taken to a place; null without the two. */
export function metresBetween(taken: { lat: number | null; lon: number | null }, place: LatLon | null): number | null {
  return place && isPlace(taken) ? Math.round(distanceMeters(taken, place)) : null;
}

/** The photo's flags with far_from_place set by its distance from its item's place. */
export function withPlaceFlag(flags: PhotoFlag[], placeMeters: number | null, farMeters: number): PhotoFlag[] {
  const others = flags.filter((f) => f !== "far_from_place");
  return placeMeters !== null && placeMeters > farMeters ? [...others, "far_from_place"] : others;
}

async function isReused(lookups: PhotoLookups, photo: PhotoToCheck, maxDistance: number): Promise<boolean> {
  if (await lookups.copyExists(photo.sha256, photo.reportId)) return true;
  if (photo.phash === null || photo.itemId === null) return false;

  const candidates = await lookups.itemHashes(photo.itemId, photo.reportId, PHASH_CANDIDATES);
  const mine = photo.phash;
  // A hash of another length was made by another hashing scheme and is not comparable.
  return candidates.some((phash) => phash?.length === mine.length && hammingDistance(phash, mine) <= maxDistance);
}

/** Differing bits between two hex hashes of equal length. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new RangeError(`hashes differ in length: ${a.length} and ${b.length}`);
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = hexDigit(a, i) ^ hexDigit(b, i);
    for (; x; x &= x - 1) bits++;
  }
  return bits;
}

function hexDigit(s: string, i: number): number {
  const v = parseInt(s[i]!, 16);
  if (Number.isNaN(v)) throw new RangeError(`not a hex hash: ${s}`);
  return v;
}
