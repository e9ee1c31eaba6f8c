/**
 * An .xlsx is a zip. Before exceljs (JSZip) sees one, its central directory is read
 * here and every entry is inflated with a hard output cap, so a zip bomb — declared
 * honestly or lying about its sizes — is refused without ever being expanded in full.
 */
import { inflateRawSync } from "node:zlib";

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio allowed for an entry larger than 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 2_000, maxTotalBytes: 256 * 1024 * 1024, maxRatio: 400 };

export type ZipVerdict =
  | { ok: true; entries: number; totalBytes: number }
  | { ok: false; reason: "corrupt" | "tooManyEntries" | "tooLarge" | "ratio" | "unsupported" };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MIB = 1024 * 1024;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

interface Entry {
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

export function inspectZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipVerdict {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readCentralDirectory(buf, limits);
  if (!Array.isArray(entries)) return entries;
  let total = 0;
  for (const e of entries) {
    total += e.uncompressed;
    if (total > limits.maxTotalBytes) return { ok: false, reason: "tooLarge" };
    if (e.uncompressed > MIB && e.uncompressed > e.compressed * limits.maxRatio) return { ok: false, reason: "ratio" };
  }
  // The directory may lie: inflate every entry, never past what it declared.
  for (const e of entries) {
    const verdict = checkEntry(buf, e);
    if (verdict) return { ok: false, reason: verdict };
  }
  return { ok: true, entries: entries.length, totalBytes: total };
}

function readCentralDirectory(buf: Buffer, limits: ZipLimits): Entry[] | Extract<ZipVerdict, { ok: false }> {
  const eocd = findEocd(buf);
  if (eocd < 0) return { ok: false, reason: "corrupt" };
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return { ok: false, reason: "unsupported" }; // zip64: no ledger needs it
  if (count > limits.maxEntries) return { ok: false, reason: "tooManyEntries" };
  if (cdOffset + cdSize > buf.length) return { ok: false, reason: "corrupt" };
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) return { ok: false, reason: "corrupt" };
    const compressed = buf.readUInt32LE(p + 20);
    const uncompressed = buf.readUInt32LE(p + 24);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: "unsupported" };
    entries.push({ method: buf.readUInt16LE(p + 10), compressed, uncompressed, localOffset: buf.readUInt32LE(p + 42) });
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= stop; p--) if (buf.readUInt32LE(p) === EOCD) return p;
  return -1;
}

function checkEntry(buf: Buffer, e: Entry): "corrupt" | "tooLarge" | "unsupported" | null {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL) return "corrupt";
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + e.compressed;
  if (end > buf.length) return "corrupt";
  if (e.method === 0) return e.compressed === e.uncompressed ? null : "corrupt";
  if (e.method !== 8) return "unsupported";
  try {
    // One byte of slack: more output than declared means the directory lied.
    const out = inflateRawSync(buf.subarray(start, end), { maxOutputLength: e.uncompressed + 1 });
    return out.length === e.uncompressed ? null : out.length > e.uncompressed ? "tooLarge" : "corrupt";
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? "tooLarge" : "corrupt";
  }
}
