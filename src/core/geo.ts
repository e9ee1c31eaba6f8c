/**
 * Places on the earth: how far apart two are, and the two datums a county's coordinates
 * come in. Photos' EXIF GPS is WGS-84; coordinates copied from Chinese maps (高德, 腾讯)
 * into a ledger sheet are GCJ-02, shifted from WGS-84 by 100–700 m inside China. The ledger
 * stores WGS-84 so a photo and its item's place compare directly.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** The mean radius of the earth (IUGG), in metres. */
const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): within 0.5 % of the ellipsoid's, plenty for "far". */
export function distanceMeters(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude and longitude that exist, and are not the 0/0 a camera without a fix writes. */
export function isPlace(p: { lat: number | null; lon: number | null }): p is LatLon {
  const { lat, lon } = p;
  if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
}

// GCJ-02 ("火星坐标") as the well-known published transform computes it: Krasovsky 1940's
// semi-major axis and eccentricity squared, and the offset polynomials below.
const A = 6378245.0;
const EE = 0.00669342162296594323;

/** The box GCJ-02 applies in: outside it maps use WGS-84 as it is. */
export function inChina(p: LatLon): boolean {
  return p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** GCJ-02 minus WGS-84 at a WGS-84 point, in degrees. */
function shift(p: LatLon): LatLon {
  const x = p.lon - 105;
  const y = p.lat - 35;
  const radLat = rad(p.lat);
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  return {
    lat: (offsetLat(x, y) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lon: (offsetLon(x, y) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  };
}

/** A WGS-84 point as a Chinese map shows it (GCJ-02); outside China unchanged. */
export function wgsToGcj(p: LatLon): LatLon {
  if (!inChina(p)) return { ...p };
  const d = shift(p);
  return { lat: p.lat + d.lat, lon: p.lon + d.lon };
}

/**
 * A GCJ-02 point back in WGS-84. The transform has no closed inverse; a fixed-point
 * iteration on the forward one converges to well under a millimetre in a few steps, so
 * exporting the result with wgsToGcj gives back the sheet's own numbers.
 */
export function gcjToWgs(p: LatLon): LatLon {
  if (!inChina(p)) return { ...p };
  let w = { lat: p.lat, lon: p.lon };
  for (let i = 0; i < 30; i++) {
    const g = wgsToGcj(w);
    const dLat = p.lat - g.lat;
    const dLon = p.lon - g.lon;
    w = { lat: w.lat + dLat, lon: w.lon + dLon };
    if (Math.abs(dLat) < 1e-12 && Math.abs(dLon) < 1e-12) break;
  }
  return w;
}

/**
 * "经度,纬度" as a Chinese sheet writes a place (longitude first: "119.65,29.08"), split by
 * a comma, a Chinese comma, 、 or spaces. A pair whose first number is a latitude and whose
 * second can only be a longitude (≤ 90, then > 90) was written the other way round, as
 * anything south of 90°E is; null when it is not two numbers on the earth.
 */
export function parseLonLat(text: string): LatLon | null {
  const parts = text.trim().split(/\s*[,，、]\s*|\s+/).filter((s) => s !== "");
  const numbers = parts.map((s) => degrees(s, 180));
  if (numbers.length !== 2 || numbers.includes(null)) return null;
  const [first, second] = numbers as [number, number];
  const swapped = Math.abs(first) <= 90 && Math.abs(second) > 90;
  return placeOf(swapped ? second : first, swapped ? first : second);
}

/** A longitude and a latitude written in two cells (经度, 纬度); null when either is not a number in range. */
export function lonLatOf(lon: string, lat: string): LatLon | null {
  return placeOf(degrees(lon, 180) ?? NaN, degrees(lat, 90) ?? NaN);
}

/** Decimal degrees written as a plain number no larger than `max`, else null. */
export function degrees(text: string, max: number): number | null {
  const t = text.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Math.abs(n) <= max ? n : null;
}

function placeOf(lon: number, lat: number): LatLon | null {
  const p = { lat, lon };
  return isPlace(p) ? p : null;
}
