/**
 * The views of a photo that get a hash each. A pHash survives resizing, recompression and
 * light or contrast changes by itself, but not a crop, a mirror or a turn: so the stored
 * photo is hashed as the crops, the mirror and the turns a copy of it may be, and a copy
 * meets one of them. Measured on the shipped photos (npm run bench): a copy's hash lands
 * within 6 bits of the matching view, different photos stay 16 or more bits apart.
 *
 * The list is part of the fingerprint's format: its order is the order of the hashes, so
 * changing it means a new FINGERPRINT_VERSION.
 */
import { mirror, rotated, sample, WHOLE, type Box, type Gray } from "./gray";
import { phash, SAMPLE_SIDE, type Hash64 } from "./phash";

export type ViewKind = "whole" | "cropped" | "mirrored" | "rotated";

export interface View {
  kind: ViewKind;
  box: Box;
  mirrored: boolean;
  degrees: number;
  /**
   * Also looked up when the photo is the one asked about: its own small crops, which carry a
   * copy cropped between two of the stored crops onto one of them.
   */
  probe: boolean;
}

const view = (kind: ViewKind, box: Box, probe = false, mirrored = false, degrees = 0): View => ({ kind, box, mirrored, degrees, probe });
const cut = (left: number, top: number, right: number, bottom: number): Box => ({ left, top, right: 1 - right, bottom: 1 - bottom });

function cropViews(): View[] {
  const views: View[] = [];
  for (const f of [0.05, 0.1, 0.15, 0.2]) {
    const probe = f === 0.05;
    views.push(
      view("cropped", cut(f, 0, 0, 0), probe),
      view("cropped", cut(0, f, 0, 0), probe),
      view("cropped", cut(0, 0, f, 0), probe),
      view("cropped", cut(0, 0, 0, f), probe),
    );
  }
  // Two sides at once: a corner kept.
  for (const f of [0.05, 0.1, 0.2]) {
    for (const g of [0.05, 0.1, 0.2]) {
      if ((f === 0.05) !== (g === 0.05)) continue;
      const probe = f === 0.05;
      views.push(
        view("cropped", cut(f, g, 0, 0), probe),
        view("cropped", cut(0, g, f, 0), probe),
        view("cropped", cut(f, 0, 0, g), probe),
        view("cropped", cut(0, 0, f, g), probe),
      );
    }
  }
  views.push(view("cropped", cut(0.05, 0.05, 0.05, 0.05)), view("cropped", cut(0.1, 0.1, 0.1, 0.1)));
  return views;
}

export const VIEWS: readonly View[] = [
  view("whole", WHOLE, true),
  ...cropViews(),
  view("mirrored", WHOLE, false, true),
  ...[-5, -2.5, 2.5, 5].map((d) => view("rotated", WHOLE, false, false, d)),
];

/** One hash per view of `content`, in the order of VIEWS. */
export function hashViews(content: Gray): Hash64[] {
  let flipped: Gray | null = null;
  return VIEWS.map((v) => {
    let image = content;
    if (v.mirrored) image = flipped ??= mirror(content);
    if (v.degrees) image = rotated(image, v.degrees);
    return phash(sample(image, v.box, SAMPLE_SIDE));
  });
}
