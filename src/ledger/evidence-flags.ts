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
  return flagsWith(prismaLookups(tx), photo, opts);
}

/** The two reads the flags need; the hot path answers them without Prisma. */
export interface PhotoLookups {
  /** Is there a photo with these bytes, other than the report's own? */
  copyExists(sha256: string, notReportId: number | undefined): Promise<boolean>;
  /** The item's newest perceptual hashes, other than the report's own. */
  itemHashes(itemId: number, notReportId: number | undefined, take: number): Promise<(string | null)[]>;
}

function prismaLookups(tx: Tx): PhotoLookups {
  const elsewhere = (reportId: number | undefined) => (reportId === undefined ? {} : { reportId: { not: reportId } });
  return {
    copyExists: async (sha256, notReportId) =>
      (await tx.photo.findFirst({ where: { sha256, ...elsewhere(notReportId) }, select: { id: true } })) !== null,
    itemHashes: async (itemId, notReportId, take) =>
      (await tx.photo.findMany({
        where: { itemId, phash: { not: null }, ...elsewhere(notReportId) },
        select: { phash: true },
        orderBy: { receivedAt: "desc" },
        take,
      })).map((p) => p.phash),
  };
}

export async function flagsWith(lookups: PhotoLookups, photo: PhotoToCheck, opts: FlagOptions): Promise<PhotoFlag[]> {
  const flags: PhotoFlag[] = [];
  if (await isReused(lookups, photo, opts.phashMaxDistance)) flags.push("reused");
  if (photo.takenAt && photo.receivedAt.getTime() - photo.takenAt.getTime() > opts.oldAfterDays * DAY_MS) {
    flags.push("old");
  }
  return flags;
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
