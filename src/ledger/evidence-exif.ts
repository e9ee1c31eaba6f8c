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
  // Phones that write no DateTimeOriginal usually still write the digitised time.
  CreateDate: z.string().optional().catch(undefined),
  OffsetTimeDigitized: z.string().optional().catch(undefined),
  latitude: z.number().min(-90).max(90).optional().catch(undefined),
  longitude: z.number().min(-180).max(180).optional().catch(undefined),
});

const PICK = [
  "DateTimeOriginal", "OffsetTimeOriginal", "CreateDate", "OffsetTimeDigitized",
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
    exifInstant(e.DateTimeOriginal, e.OffsetTimeOriginal, tz) ?? exifInstant(e.CreateDate, e.OffsetTimeDigitized, tz);
  const located = Number.isFinite(e.latitude) && Number.isFinite(e.longitude);
  return { takenAt, lat: located ? e.latitude! : null, lon: located ? e.longitude! : null };
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
