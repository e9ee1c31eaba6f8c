/**
 * Finds the photo inside a screenshot. A chat app's screenshot stacks flat strips (status
 * bar, banner, black letterbox) and strips of text around the photo; rows and columns that
 * are flat separate them, and the photo is the largest block between flat lines. A photo
 * without a frame comes back whole — and when it has a flat sky, it loses it the same way
 * every copy of it does, so the hashes still meet.
 */
import { WHOLE, type Box, type Gray } from "./gray";

/** Standard deviation (0–255) below which a line of pixels counts as flat. */
const FLAT = 2.5;
/** The photo takes at least this share of each side of a screenshot it is shown in. */
const LEAST_SHARE = 0.3;

export function contentBox(image: Gray): Box {
  const rows = largestRun(flatLines(image, "row", 0, image.width), image.height);
  if (!rows) return WHOLE;
  const columns = largestRun(flatLines(image, "column", rows.start, rows.end), image.width);
  if (!columns) return WHOLE;
  return {
    left: columns.start / image.width,
    top: rows.start / image.height,
    right: columns.end / image.width,
    bottom: rows.end / image.height,
  };
}

/** For each row (or column), whether it is flat over the span [from, to) of the other axis. */
function flatLines(image: Gray, line: "row" | "column", from: number, to: number): boolean[] {
  const count = line === "row" ? image.height : image.width;
  const flat: boolean[] = [];
  for (let k = 0; k < count; k++) {
    let sum = 0;
    let squares = 0;
    for (let t = from; t < to; t++) {
      const v = line === "row" ? image.data[k * image.width + t]! : image.data[t * image.width + k]!;
      sum += v;
      squares += v * v;
    }
    const n = to - from;
    const mean = sum / n;
    flat.push(Math.sqrt(Math.max(0, squares / n - mean * mean)) < FLAT);
  }
  return flat;
}

/** The longest run of lines that are not flat, or null when it is too small to be the photo. */
function largestRun(flat: boolean[], length: number): { start: number; end: number } | null {
  let best = { start: 0, end: 0 };
  let start = -1;
  for (let k = 0; k <= flat.length; k++) {
    const busy = k < flat.length && !flat[k];
    if (busy && start < 0) start = k;
    if (!busy && start >= 0) {
      if (k - start > best.end - best.start) best = { start, end: k };
      start = -1;
    }
  }
  return best.end - best.start >= LEAST_SHARE * length ? best : null;
}
