/**
 * Evidence photos (佐证材料) on disk. The bytes are stored exactly as received — re-encoding
 * would strip the EXIF a look-back relies on — under their SHA-256, so downloading the same
 * file again (a redelivered event, a second process) is harmless. Whether the bytes are an
 * image is decided by decoding them, never by a file name or a claimed MIME type.
 */
import { createHash, randomBytes } from "node:crypto";
import { access, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { bmvbhash } from "blockhash-core";
import { fingerprint } from "../evidence/fingerprint";
import { fingerprintToHex } from "../evidence/fingerprint-codec";
import { readCapture } from "./evidence-exif";
import { PRIVATE_FILE, privateDir } from "./private-files";

/**
 * The image library loads on the first photo, not at start-up. Its operation cache
 * (libvips keeps up to 50 MB of decoded images by default) is off: every photo the bot
 * decodes is a new one, so a cached decode is never used again and only holds memory.
 */
const loadSharp = async () => {
  const sharp = (await import("sharp")).default;
  sharp.cache(false);
  return sharp;
};

export { evidenceFlags, hammingDistance, type PhotoToCheck, type FlagOptions } from "./evidence-flags";

/** not_accepted: a file that is neither a photo nor a document taken as evidence. */
export type RejectReason = "too_large" | "not_an_image" | "unsupported_image" | "too_many_pixels" | "empty" | "not_accepted";

export class EvidenceRejected extends Error {
  override name = "EvidenceRejected";
  constructor(
    readonly reason: RejectReason,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

export interface StoredEvidence {
  sha256: string;
  /** Where the original bytes are. */
  path: string;
  size: number;
  mime: string;
  width: number;
  height: number;
  /** 256-bit perceptual hash (hex); near for resized or re-encoded copies of one picture. */
  phash: string;
  /** The near-copy fingerprint (src/evidence) as hex: what the ledger's near-copy index holds. */
  fingerprint: string;
  takenAt: Date | null;
  lat: number | null;
  lon: number | null;
}

export interface StoreOptions {
  maxBytes: number;
  /** Time zone for an EXIF capture time written without an offset. */
  tz: string;
}

/**
 * Decompression-bomb guard. Phone sensors reach 50 Mpx (8160×6144 is just over it), so the
 * limit leaves room for them while refusing a few-hundred-byte PNG that claims 400 Mpx.
 */
export const MAX_PIXELS = 100_000_000;

interface Format {
  mime: string;
  ext: string;
}

/** Photo formats taken. sharp also reads SVG, TIFF and others; those are not photos from a phone and are refused. */
const FORMATS: Record<string, Format> = {
  jpeg: { mime: "image/jpeg", ext: "jpg" },
  png: { mime: "image/png", ext: "png" },
  webp: { mime: "image/webp", ext: "webp" },
  gif: { mime: "image/gif", ext: "gif" },
  heic: { mime: "image/heic", ext: "heic" },
  avif: { mime: "image/avif", ext: "avif" },
};
const EXTENSIONS = Object.values(FORMATS).map((f) => f.ext);

const HASH_SIDE = 128;
const HASH_BITS = 16;

export async function storeEvidence(dataDir: string, bytes: Uint8Array, opts: StoreOptions): Promise<StoredEvidence> {
  if (bytes.length === 0) throw new EvidenceRejected("empty");
  if (bytes.length > opts.maxBytes) throw new EvidenceRejected("too_large", `${bytes.length} > ${opts.maxBytes} bytes`);

  const { format, heif, width, height } = await identify(bytes);
  const phash = await perceptualHash(bytes, heif);
  const print = fingerprintToHex(await fingerprint(bytes));
  const capture = await readCapture(bytes, opts.tz);

  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const path = fileOf(dataDir, sha256, format.ext);
  await writeOnce(path, bytes);
  return { sha256, path, size: bytes.length, mime: format.mime, width, height, phash, fingerprint: print, ...capture };
}

/** The stored file of a photo, or null when this data directory does not have it. */
export async function evidencePath(dataDir: string, sha256: string): Promise<string | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  for (const ext of EXTENSIONS) {
    const path = fileOf(dataDir, sha256, ext);
    if (await access(path).then(() => true, () => false)) return path;
  }
  return null;
}

function fileOf(dataDir: string, sha256: string, ext: string): string {
  return join(dataDir, "evidence", sha256.slice(0, 2), `${sha256}.${ext}`);
}

/** Reads only the header: what the bytes claim to be, before anything is decoded. */
async function identify(bytes: Uint8Array) {
  const sharp = await loadSharp();
  const meta = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch((err: unknown) => {
      throw new EvidenceRejected("not_an_image", message(err));
    });
  // HEIF is a container: HEVC inside is an iPhone's HEIC, AV1 inside is AVIF.
  const heif = meta.format === "heif";
  const name = heif ? (meta.compression === "av1" ? "avif" : "heic") : meta.format;
  const format = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
  if (!format) throw new EvidenceRejected("unsupported_image", meta.format);
  // As the picture is shown: a portrait photo stored landscape with an EXIF rotation is portrait.
  const { width, height } = meta.autoOrient;
  if (!width || !height) throw new EvidenceRejected("not_an_image", "no dimensions");
  if (width * height > MAX_PIXELS) throw new EvidenceRejected("too_many_pixels", `${width}×${height}`);
  return { format, heif, width, height };
}

/**
 * Decoding the whole picture is also the proof that it is one: a truncated download fails
 * here (sharp's default failOn "warning" turns libjpeg's "premature end" into an error).
 * A HEIF that fails to decode is refused as unsupported rather than broken, because sharp's
 * prebuilt libvips has no HEVC decoder: that is an iPhone photo this build cannot read.
 */
async function perceptualHash(bytes: Uint8Array, heif: boolean): Promise<string> {
  try {
    const sharp = await loadSharp();
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "warning" })
      .autoOrient()
      .resize(HASH_SIDE, HASH_SIDE, { fit: "fill" })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return bmvbhash({ width: info.width, height: info.height, data }, HASH_BITS);
  } catch (err) {
    throw new EvidenceRejected(heif ? "unsupported_image" : "not_an_image", message(err));
  }
}

/**
 * Temp file, fsync, rename: a reader never sees half a photo, and two processes storing the
 * same photo at once both end with the one complete file.
 */
export async function writeOnce(path: string, bytes: Uint8Array): Promise<void> {
  if (await access(path).then(() => true, () => false)) return;
  await privateDir(dirname(path));
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const file = await open(temp, "wx", PRIVATE_FILE);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!;
}

/**
 * A picture the bot drew itself (the digest's chart), kept beside the evidence photos by
 * content hash so that every channel sends it the way it sends a photo. Returns its hash.
 */
export async function storeDrawnPng(dataDir: string, png: Uint8Array): Promise<string> {
  const sha256 = createHash("sha256").update(png).digest("hex");
  await writeOnce(fileOf(dataDir, sha256, "png"), png);
  return sha256;
}
