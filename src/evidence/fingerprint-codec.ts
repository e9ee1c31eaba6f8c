/**
 * A photo's fingerprint as the ledger keeps it: a few hundred bytes (a `Bytes` column, or its
 * hex in a text column) from which the near-copy index is rebuilt at start.
 *
 * Layout, big-endian: version u8 · width u16 · height u16 · content box 4 × u16 (fractions
 * × 65535) · mean u8 · spread u8 · hash count u8 · hashes (hi u32, lo u32) in the order of VIEWS.
 */
import type { Box } from "./gray";
import type { Hash64 } from "./phash";
import { VIEWS } from "./variants";

export const FINGERPRINT_VERSION = 1;

export interface Fingerprint {
  /** The photo's size in pixels, upright. */
  width: number;
  height: number;
  /** Where the photo sits in the picture: the whole of it, or the photo inside a screenshot. */
  content: Box;
  /** Mean and standard deviation of the content's luminance (0–255): a brightened copy moves them. */
  mean: number;
  spread: number;
  /** One per view, in the order of VIEWS. */
  hashes: Hash64[];
}

const HEADER = 1 + 2 + 2 + 8 + 1 + 1 + 1;

export class DamagedFingerprint extends Error {
  constructor(why: string) {
    super(`not a near-copy fingerprint: ${why}`);
  }
}

const fraction = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 65535);

export function encodeFingerprint(fp: Fingerprint): Buffer {
  const out = Buffer.alloc(HEADER + fp.hashes.length * 8);
  let at = out.writeUInt8(FINGERPRINT_VERSION, 0);
  at = out.writeUInt16BE(Math.min(fp.width, 65535), at);
  at = out.writeUInt16BE(Math.min(fp.height, 65535), at);
  for (const side of [fp.content.left, fp.content.top, fp.content.right, fp.content.bottom]) at = out.writeUInt16BE(fraction(side), at);
  at = out.writeUInt8(Math.round(fp.mean), at);
  at = out.writeUInt8(Math.round(fp.spread), at);
  at = out.writeUInt8(fp.hashes.length, at);
  for (const h of fp.hashes) at = out.writeUInt32BE(h.lo, out.writeUInt32BE(h.hi, at));
  return out;
}

export function decodeFingerprint(bytes: Uint8Array): Fingerprint {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < HEADER) throw new DamagedFingerprint(`${b.length} bytes is too short`);
  const version = b.readUInt8(0);
  if (version !== FINGERPRINT_VERSION) throw new DamagedFingerprint(`version ${version}, expected ${FINGERPRINT_VERSION}`);
  const count = b.readUInt8(HEADER - 1);
  if (count !== VIEWS.length || b.length !== HEADER + count * 8)
    throw new DamagedFingerprint(`${count} hashes in ${b.length} bytes, expected ${VIEWS.length}`);
  const side = (at: number) => b.readUInt16BE(at) / 65535;
  const hashes: Hash64[] = [];
  for (let k = 0; k < count; k++) hashes.push({ hi: b.readUInt32BE(HEADER + k * 8), lo: b.readUInt32BE(HEADER + k * 8 + 4) });
  return {
    width: b.readUInt16BE(1),
    height: b.readUInt16BE(3),
    content: { left: side(5), top: side(7), right: side(9), bottom: side(11) },
    mean: b.readUInt8(13),
    spread: b.readUInt8(14),
    hashes,
  };
}

export const fingerprintToHex = (fp: Fingerprint) => encodeFingerprint(fp).toString("hex");
export const fingerprintFromHex = (hex: string) => {
  if (!/^([0-9a-f]{2})+$/i.test(hex)) throw new DamagedFingerprint("not hexadecimal");
  return decodeFingerprint(Buffer.from(hex, "hex"));
};
