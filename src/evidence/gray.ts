/**
 * A small greyscale picture held as floats, and the few geometric operations the near-copy
 * detector needs on it. Pure: the decoding happens once, in fingerprint.ts, and everything
 * after that is arithmetic on a picture of at most a few hundred pixels a side.
 */
export interface Gray {
  readonly width: number;
  readonly height: number;
  /** Row-major luminance, 0–255. */
  readonly data: Float32Array;
}

/** A part of a picture in fractions of its width and height. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export const WHOLE: Box = { left: 0, top: 0, right: 1, bottom: 1 };

export function gray(width: number, height: number, data: ArrayLike<number>): Gray {
  return { width, height, data: Float32Array.from(data) };
}

/**
 * The box of `image` resampled to `side`×`side` by averaging the source pixels under each
 * target pixel (an area filter: a 256-pixel box shrunk to 32 keeps no aliasing that would
 * make a resized copy hash differently from its original).
 */
export function sample(image: Gray, box: Box, side: number): Float32Array {
  const out = new Float32Array(side * side);
  const x0 = box.left * image.width;
  const y0 = box.top * image.height;
  const sx = ((box.right - box.left) * image.width) / side;
  const sy = ((box.bottom - box.top) * image.height) / side;
  for (let ty = 0; ty < side; ty++) {
    const ya = y0 + ty * sy;
    const yb = ya + sy;
    for (let tx = 0; tx < side; tx++) {
      const xa = x0 + tx * sx;
      const xb = xa + sx;
      out[ty * side + tx] = areaMean(image, xa, ya, xb, yb);
    }
  }
  return out;
}

function areaMean(image: Gray, xa: number, ya: number, xb: number, yb: number): number {
  let sum = 0;
  let weight = 0;
  for (let y = Math.floor(ya); y < Math.ceil(yb); y++) {
    const wy = Math.min(yb, y + 1) - Math.max(ya, y);
    if (wy <= 0) continue;
    const row = Math.min(Math.max(y, 0), image.height - 1) * image.width;
    for (let x = Math.floor(xa); x < Math.ceil(xb); x++) {
      const wx = Math.min(xb, x + 1) - Math.max(xa, x);
      if (wx <= 0) continue;
      sum += image.data[row + Math.min(Math.max(x, 0), image.width - 1)]! * wx * wy;
      weight += wx * wy;
    }
  }
  return weight > 0 ? sum / weight : 0;
}

export function mirror(image: Gray): Gray {
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x++) data[row + x] = image.data[row + image.width - 1 - x]!;
  }
  return { width: image.width, height: image.height, data };
}

/**
 * The picture turned by `degrees` (clockwise, as sharp's rotate) about its centre in its own
 * pixel geometry, kept in its own frame; what comes in from outside is black, as a gallery
 * app's rotate leaves it.
 */
export function rotated(image: Gray, degrees: number): Gray {
  const { width, height } = image;
  const data = new Float32Array(width * height);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = cos * (x - cx) + sin * (y - cy) + cx;
      const sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      data[y * width + x] =
        image.data[i]! * (1 - fx) * (1 - fy) + image.data[i + 1]! * fx * (1 - fy) + image.data[i + width]! * (1 - fx) * fy + image.data[i + width + 1]! * fx * fy;
    }
  }
  return { width, height, data };
}
