/** The pure half of fingerprint.ts: from a small greyscale picture to its fingerprint. */
import type { Fingerprint } from "./fingerprint-codec";
import { contentBox } from "./frame";
import { WHOLE, type Box, type Gray } from "./gray";
import { hashViews } from "./variants";

export function fingerprintOf(image: Gray, size: { width: number; height: number }): Fingerprint {
  const content = contentBox(image);
  const inner = content === WHOLE ? image : cropped(image, content);
  let sum = 0;
  let squares = 0;
  for (const v of inner.data) {
    sum += v;
    squares += v * v;
  }
  const mean = sum / inner.data.length;
  return {
    width: size.width,
    height: size.height,
    content,
    mean,
    spread: Math.sqrt(Math.max(0, squares / inner.data.length - mean * mean)),
    hashes: hashViews(inner),
  };
}

/** The box as a picture of its own, at the source's resolution. */
function cropped(image: Gray, box: Box): Gray {
  const width = Math.max(1, Math.round((box.right - box.left) * image.width));
  const height = Math.max(1, Math.round((box.bottom - box.top) * image.height));
  const data = new Float32Array(width * height);
  const x0 = Math.round(box.left * image.width);
  const y0 = Math.round(box.top * image.height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((y0 + y) * image.width + x0, (y0 + y) * image.width + x0 + width), y * width);
  return { width, height, data };
}
