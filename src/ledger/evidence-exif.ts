/**
 * Capture time and place from a photo's EXIF. exifr revives DateTimeOriginal in the process
 * time zone and ignores OffsetTimeOriginal, so the raw strings are read and combined here:
 * the photo's own offset when it wrote one, otherwise the configured time zone (a phone in
 * the county shows county time).
 */
import exifr from "exifr";
import { z } from "zod";
import { instantOf } from "../core/days";

export interface Capture {
  takenAt: Date | null;
  lat: number | null;
  lon: number | null;
}

const NOTHING: Capture = { takenAt: null, lat: null, lon: null };

const exifSchema = z.object({
  DateTimeOriginal: z.string().optional().catch(undefined),
  OffsetTimeOriginal: z.string().optional().catch(undefined),
  // Some cameras write only the offset of the file's own time: the same clock, so it serves.
  OffsetTime: z.string().optional().catch(undefined),
  // Phones that write no DateTimeOriginal usually still write the digitised time.
  CreateDate: z.string().optional().catch(undefined),
  OffsetTimeDigitized: z.string().optional().catch(undefined),
  GPSLatitude: z.unknown().optional(),
  GPSLatitudeRef: z.string().optional().catch(undefined),
  GPSLongitude: z.unknown().optional(),
  GPSLongitudeRef: z.string().optional().catch(undefined),
});

const PICK = [
  "DateTimeOriginal", "OffsetTimeOriginal", "OffsetTime", "CreateDate", "OffsetTimeDigitized",
  "GPSLatitude", "GPSLatitudeRef", "GPSLongitude", "GPSLongitudeRef",
];

/** Never throws: a photo without readable EXIF is still evidence, just without time and place. */
export async function readCapture(bytes: Uint8Array, tz: string): Promise<Capture> {
  let raw: unknown;
  try {
    raw = await exifr.parse(bytes, { pick: PICK, reviveValues: false });
  } catch {
    return NOTHING;
  }
  const exif = exifSchema.safeParse(raw ?? {});
  if (!exif.success) return NOTHING;
  const e = exif.data;
  const takenAt =
    exifInstant(e.DateTimeOriginal, e.OffsetTimeOriginal ?? e.OffsetTime, tz) ?? exifInstant(e.CreateDate, e.OffsetTimeDigitized ?? e.OffsetTime, tz);
  const lat = coordinate(e.GPSLatitude, e.GPSLatitudeRef, "S", 90);
  const lon = coordinate(e.GPSLongitude, e.GPSLongitudeRef, "W", 180);
  // 0/0 is what a phone without a fix writes: a point in the Gulf of Guinea, not a place.
  const located = lat !== null && lon !== null && !(lat === 0 && lon === 0);
  return { takenAt, lat: located ? lat : null, lon: located ? lon : null };
}

/**
 * Degrees from EXIF GPS: [degrees, minutes, seconds] as numbers (the standard), or as one
 * string ("31,14,5.5", "31 14 5.5", "31.2349") as some editors and converters write it.
 */
export function coordinate(raw: unknown, ref: string | undefined, negative: "S" | "W", max: number): number | null {
  const parts = Array.isArray(raw) ? raw.map(Number) : typeof raw === "number" ? [raw]
    : typeof raw === "string" ? raw.trim().split(/[\s,;]+/).filter(Boolean).map(Number) : [];
  if (parts.length === 0 || parts.length > 3 || parts.some((n) => !Number.isFinite(n) || n < 0)) return null;
  const [d = 0, m = 0, s = 0] = parts;
  const value = d + m / 60 + s / 3600;
  if (value > max) return null;
  return ref?.trim().toUpperCase().startsWith(negative) ? -value : value;
}

/**
 * The instant of an EXIF wall-clock time ("YYYY:MM:DD HH:MM:SS"): with its offset ("+08:00")
 * when given, else in `tz`. Null for blank or impossible values, which cameras do write.
 */
export function exifInstant(local: string | undefined, offset: string | undefined, tz: string): Date | null {
  const m = local?.trim().match(/^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = "00"] = m;
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  // Date.UTC rolls 2025:02:30 into March and 0000:00:00 into 1899; a real time survives the round trip.
  if (new Date(wall).toISOString().slice(0, 19) !== `${y}-${mo}-${d}T${h}:${mi}:${s}`) return null;

  const off = offset?.trim().match(/^([+-])(\d{2}):?(\d{2})$/);
  if (off) {
    const minutes = (+off[2] * 60 + +off[3]) * (off[1] === "-" ? -1 : 1);
    return new Date(wall - minutes * 60_000);
  }
  return new Date(instantOf(`${y}-${mo}-${d}`, `${h}:${mi}`, tz).getTime() + +s * 1000);
}
