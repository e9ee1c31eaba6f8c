/**
 * Real image files for tests, made with sharp. A "scene" is a seeded picture of coloured
 * discs on a gradient: different seeds look different to a perceptual hash, while a resized
 * or re-encoded copy of one scene looks the same.
 */
import sharp, { type Sharp } from "sharp";
import { crc32, deflateSync } from "node:zlib";

export interface SceneOptions {
  seed?: number;
  width?: number;
  height?: number;
}

export function scene({ seed = 1, width = 640, height = 480 }: SceneOptions = {}): Sharp {
  let state = seed >>> 0;
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const discs = Array.from({ length: 12 }, () => ({
    x: random() * width,
    y: random() * height,
    r: (0.05 + random() * 0.25) * Math.min(width, height),
    rgb: [random() * 255, random() * 255, random() * 255],
  }));
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let rgb = [(x / width) * 200, (y / height) * 200, 100];
      for (const d of discs) if ((x - d.x) ** 2 + (y - d.y) ** 2 < d.r ** 2) rgb = d.rgb;
      pixels.set(rgb, (y * width + x) * 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

export const jpeg = (opts?: SceneOptions) => scene(opts).jpeg({ quality: 90 }).toBuffer();
export const png = (opts?: SceneOptions) => scene(opts).png().toBuffer();

export interface ExifOptions extends SceneOptions {
  /** EXIF wall-clock time, "YYYY:MM:DD HH:MM:SS". */
  dateTimeOriginal?: string;
  /** "+08:00"; omitted as most cameras without a phone's clock do. */
  offsetTimeOriginal?: string;
  gps?: { lat: number; lon: number };
}

/** A JPEG carrying what a phone camera writes: capture time, its offset, and GPS. */
export function jpegWithExif({ dateTimeOriginal, offsetTimeOriginal, gps, ...sceneOpts }: ExifOptions): Promise<Buffer> {
  const exif: Record<string, string> = {};
  if (dateTimeOriginal) exif.DateTimeOriginal = dateTimeOriginal;
  if (offsetTimeOriginal) exif.OffsetTimeOriginal = offsetTimeOriginal;
  const position: Record<string, string> = gps
    ? {
        GPSLatitudeRef: gps.lat < 0 ? "S" : "N",
        GPSLatitude: degreesMinutesSeconds(gps.lat),
        GPSLongitudeRef: gps.lon < 0 ? "W" : "E",
        GPSLongitude: degreesMinutesSeconds(gps.lon),
      }
    : {};
  return scene(sceneOpts).jpeg({ quality: 90 }).withExif({ IFD0: { Make: "duban-test" }, IFD2: exif, IFD3: position }).toBuffer();
}

/** EXIF rationals as libvips writes them from a string: "39/1 54/1 2400/100". */
function degreesMinutesSeconds(decimal: number): string {
  const abs = Math.abs(decimal);
  const deg = Math.floor(abs);
  const min = Math.floor((abs - deg) * 60);
  const centiSec = Math.round(((abs - deg) * 60 - min) * 60 * 100);
  return `${deg}/1 ${min}/1 ${centiSec}/100`;
}

/** The same picture as it comes back from a chat app: smaller and recompressed. */
export async function nearDuplicate(image: Buffer): Promise<Buffer> {
  const { width } = await sharp(image).metadata();
  return sharp(image).resize(Math.round(width * 0.7)).jpeg({ quality: 60 }).toBuffer();
}

/** A PNG of a couple of hundred bytes whose header claims width×height grey pixels. */
export function pixelBombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 = grey
  const firstRows = deflateSync(Buffer.alloc((width + 1) * 4));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", firstRows),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  return Buffer.concat([u32(data.length), typed, u32(crc32(typed))]);
}

/**
 * An iPhone-style HEIC (HEIF container, one HEVC-coded item) with a well-formed header and a
 * token HEVC payload: sharp identifies it, but its prebuilt libvips has no HEVC decoder.
 */
export function heic(width: number, height: number): Buffer {
  const payload = Buffer.from([0, 0, 0, 4, 0x26, 0x01, 0xaf, 0x00]);
  const ftyp = box("ftyp", Buffer.from("heic"), u32(0), Buffer.from("mif1heic"));
  const hvcC = box("hvcC", Buffer.from([1, 1, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 0x5d, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]));
  const ispe = fullBox("ispe", 0, u32(width), u32(height));
  const iprp = box("iprp", box("ipco", hvcC, ispe), fullBox("ipma", 0, u32(1), u16(1), Buffer.from([2, 0x81, 0x02])));
  const iinf = fullBox("iinf", 0, u16(1), fullBox("infe", 2, u16(1), u16(0), Buffer.from("hvc1\0")));
  const hdlr = fullBox("hdlr", 0, u32(0), Buffer.from("pict"), Buffer.alloc(13));
  const meta = (mdatAt: number) =>
    fullBox("meta", 0, hdlr, fullBox("pitm", 0, u16(1)),
      fullBox("iloc", 0, Buffer.from([0x44, 0x00]), u16(1), u16(1), u16(0), u16(1), u32(mdatAt), u32(payload.length)),
      iinf, iprp);
  const payloadAt = ftyp.length + meta(0).length + 8;
  return Buffer.concat([ftyp, meta(payloadAt), box("mdat", payload)]);
}

function box(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  return Buffer.concat([u32(content.length + 8), Buffer.from(type, "latin1"), content]);
}

function fullBox(type: string, version: number, ...body: Buffer[]): Buffer {
  return box(type, Buffer.from([version, 0, 0, 0]), ...body);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
