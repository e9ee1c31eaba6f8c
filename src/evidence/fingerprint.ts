/**
 * A photo's fingerprint from its bytes: one sharp decode, shrunk on load to at most 192 px
 * (libjpeg scales while decoding, so this costs less than decoding the photo at full size),
 * then arithmetic on that small picture (fingerprint-of.ts).
 */
import sharp from "sharp";
import type { Fingerprint } from "./fingerprint-codec";
import { fingerprintOf } from "./fingerprint-of";
import { gray } from "./gray";

/** Long side of the picture the hashes are computed on: the finest crop step (5 %) is still 10 px, and every view samples few pixels. */
export const WORKING_SIDE = 192;

export async function fingerprint(bytes: Uint8Array): Promise<Fingerprint> {
  const image = sharp(bytes, { failOn: "truncated" }).rotate();
  const { data, info } = await image
    .clone()
    .greyscale()
    .resize(WORKING_SIDE, WORKING_SIDE, { fit: "inside", kernel: "cubic" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width = info.width, height = info.height, orientation = 1 } = await image.metadata();
  // EXIF orientations 5–8 turn the picture a quarter: the upright photo's sides swap.
  const upright = orientation >= 5 ? { width: height, height: width } : { width, height };
  return fingerprintOf(gray(info.width, info.height, data), upright);
}
