/**
 * Signs of fake rectification (假整改) in a photo: the same picture already sent with another
 * report ("reused"), or a picture taken long before it was sent ("old"). Flags are hints for
 * a coordinator and the look-back, never a verdict.
 */
import type { PhotoFlag } from "../core/types";
import type { Tx } from "./db";

export interface PhotoToCheck {
  sha256: string;
  phash: string | null;
  takenAt: Date | null;
  receivedAt: Date;
  /** The report the photo belongs to, once it has one: photos of that report are not "another". */
  reportId?: number;
  itemId: number | null;
}

export interface FlagOptions {
  oldAfterDays: number;
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
 * Byte-identical copies are found anywhere in the ledger by the indexed sha256. Near copies
 * (re-encoded, resized, screenshotted) need a Hamming distance, which neither SQLite nor
 * PostgreSQL can index without extensions, so only the same item's photos are compared:
 * that is where a unit re-sends last month's picture as this month's progress. A re-encoded
 * picture passed off for a different item goes unflagged — the price of not scanning every
 * photo in the county on every message.
 */
export async function evidenceFlags(tx: Tx, photo: PhotoToCheck, opts: FlagOptions): Promise<PhotoFlag[]> {
  const flags: PhotoFlag[] = [];
  if (await isReused(tx, photo, opts.phashMaxDistance)) flags.push("reused");
  if (photo.takenAt && photo.receivedAt.getTime() - photo.takenAt.getTime() > opts.oldAfterDays * DAY_MS) {
    flags.push("old");
  }
  return flags;
}

async function isReused(tx: Tx, photo: PhotoToCheck, maxDistance: number): Promise<boolean> {
  const elsewhere = photo.reportId === undefined ? {} : { reportId: { not: photo.reportId } };
  const copy = await tx.photo.findFirst({ where: { sha256: photo.sha256, ...elsewhere }, select: { id: true } });
  if (copy) return true;
  if (photo.phash === null || photo.itemId === null) return false;

  const candidates = await tx.photo.findMany({
    where: { itemId: photo.itemId, phash: { not: null }, ...elsewhere },
    select: { phash: true },
    orderBy: { receivedAt: "desc" },
    take: PHASH_CANDIDATES,
  });
  const mine = photo.phash;
  // A hash of another length was made by another hashing scheme and is not comparable.
  return candidates.some(({ phash }) => phash?.length === mine.length && hammingDistance(phash, mine) <= maxDistance);
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
