/**
 * A photo's flags in words, each catalogue's own (the history's short ones, the digest's,
 * /存疑's): far_from_place says how far, when the photo's distance was recorded.
 */
import type { PhotoFlag } from "../core/types";
import type { Catalogue } from "./index";

export interface FlagFacts {
  flags: PhotoFlag[];
  /** Metres from where it was taken to its item's place, when both were known. */
  placeMeters: number | null;
}

export function flagReasons(msg: Catalogue, words: Record<PhotoFlag, string>, p: FlagFacts): string[] {
  return p.flags.map((f) =>
    f === "far_from_place" && p.placeMeters !== null ? msg.evidence.farFrom({ distance: msg.evidence.distance(p.placeMeters) }) : words[f]);
}
