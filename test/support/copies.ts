/**
 * The copies a faker makes of a photo, made with sharp the way a phone or a chat app makes
 * them: smaller, recompressed, cropped, turned, mirrored, brighter, screenshotted with the
 * app's frame around it, forwarded through WeChat. Each takes the original's bytes and
 * answers new JPEG bytes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

export const PHOTOS_DIR = join(import.meta.dirname, "..", "fixtures", "photos");

export interface Photo {
  name: string;
  bytes: Buffer;
}

/** The real photographs the repository ships (see test/fixtures/photos/SOURCES.md). */
export function shippedPhotos(): Photo[] {
  return readdirSync(PHOTOS_DIR)
    .filter((f) => f.endsWith(".jpg"))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(PHOTOS_DIR, name)) }));
}

export type Side = "left" | "top" | "right" | "bottom";

export type CopyKind =
  | "resized"
  | "recompressed"
  | "cropped"
  | "rotated"
  | "mirrored"
  | "brightness"
  | "contrast"
  | "framed"
  | "wechat";

export interface CopyRecipe {
  kind: CopyKind;
  label: string;
  make(bytes: Buffer): Promise<Buffer>;
}

const size = async (bytes: Buffer) => {
  const { width, height } = await sharp(bytes).metadata();
  return { width: width!, height: height! };
};

export const resize = (ratio: number) => async (bytes: Buffer) => {
  const { width } = await size(bytes);
  return sharp(bytes).resize({ width: Math.round(width * ratio) }).jpeg({ quality: 85 }).toBuffer();
};

export const recompress = (quality: number) => (bytes: Buffer) => sharp(bytes).jpeg({ quality }).toBuffer();

/** Cuts `fraction` of the picture away from each named side. */
export const crop = (fraction: number, sides: Side[]) => async (bytes: Buffer) => {
  const { width, height } = await size(bytes);
  const cut = (side: Side, length: number) => (sides.includes(side) ? Math.round(length * fraction) : 0);
  const left = cut("left", width);
  const top = cut("top", height);
  return sharp(bytes)
    .extract({ left, top, width: width - left - cut("right", width), height: height - top - cut("bottom", height) })
    .jpeg({ quality: 85 })
    .toBuffer();
};

/** Turned about its centre and cut back to its own frame, as a gallery app's rotate does (black corners). */
export const rotate = (degrees: number) => async (bytes: Buffer) => {
  const { width, height } = await size(bytes);
  const turned = await sharp(bytes).rotate(degrees, { background: "#000" }).toBuffer();
  const big = await size(turned);
  return sharp(turned)
    .extract({ left: Math.floor((big.width - width) / 2), top: Math.floor((big.height - height) / 2), width, height })
    .jpeg({ quality: 85 })
    .toBuffer();
};

export const mirror = () => (bytes: Buffer) => sharp(bytes).flop().jpeg({ quality: 85 }).toBuffer();

export const brightness = (factor: number) => (bytes: Buffer) =>
  sharp(bytes).modulate({ brightness: factor }).jpeg({ quality: 85 }).toBuffer();

/** Contrast about mid-grey: 1.2 is 20 % more. */
export const contrast = (factor: number) => (bytes: Buffer) =>
  sharp(bytes).linear(factor, 128 * (1 - factor)).jpeg({ quality: 85 }).toBuffer();

/**
 * A phone screenshot of the photo shown in a chat app: the photo letterboxed on a dark
 * screen, a status bar with the time on top and the app's banner with a caption below it.
 */
export const screenshot = (caption = "整改完成 现场照片") => async (bytes: Buffer) => {
  const screenWidth = 1080;
  const photo = await sharp(bytes).resize({ width: screenWidth - 48 }).toBuffer();
  const shown = await size(photo);
  const bar = 96;
  const banner = 140;
  const screenHeight = bar + banner + shown.height + 320;
  const overlay = Buffer.from(
    `<svg width="${screenWidth}" height="${screenHeight}" xmlns="http://www.w3.org/2000/svg">
      <rect width="${screenWidth}" height="${bar}" fill="#111"/>
      <text x="40" y="64" font-size="44" fill="#fff" font-family="sans-serif">14:32</text>
      <text x="${screenWidth - 220}" y="64" font-size="40" fill="#fff" font-family="sans-serif">5G 87%</text>
      <rect y="${bar}" width="${screenWidth}" height="${banner}" fill="#ededed"/>
      <text x="40" y="${bar + 90}" font-size="52" fill="#222" font-family="sans-serif">‹ 督办群 ${caption}</text>
      <text x="40" y="${screenHeight - 120}" font-size="40" fill="#bbb" font-family="sans-serif">1/3  保存  分享</text>
    </svg>`,
  );
  return sharp({ create: { width: screenWidth, height: screenHeight, channels: 3, background: "#000" } })
    .composite([
      { input: overlay, left: 0, top: 0 },
      { input: photo, left: 24, top: bar + banner + 160 },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
};

/** WeChat's forward: at most 1080 px on the long side, quality 70, every EXIF tag gone. */
export const wechat = () => (bytes: Buffer) =>
  sharp(bytes).resize(1080, 1080, { fit: "inside", withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();

/** Every kind of copy issue 13 names, at the edge of what it asks to catch. */
export const COPIES: CopyRecipe[] = [
  { kind: "resized", label: "resized to 25 %", make: resize(0.25) },
  { kind: "recompressed", label: "recompressed at q40", make: recompress(40) },
  { kind: "cropped", label: "cropped 20 % from the left", make: crop(0.2, ["left"]) },
  { kind: "cropped", label: "cropped 20 % from the top", make: crop(0.2, ["top"]) },
  { kind: "cropped", label: "cropped 20 % from the right", make: crop(0.2, ["right"]) },
  { kind: "cropped", label: "cropped 20 % from the bottom", make: crop(0.2, ["bottom"]) },
  { kind: "cropped", label: "cropped 10 % all round", make: crop(0.1, ["left", "top", "right", "bottom"]) },
  { kind: "rotated", label: "rotated 5°", make: rotate(5) },
  { kind: "rotated", label: "rotated −5°", make: rotate(-5) },
  { kind: "mirrored", label: "mirrored", make: mirror() },
  { kind: "brightness", label: "brightness +20 %", make: brightness(1.2) },
  { kind: "brightness", label: "brightness −20 %", make: brightness(0.8) },
  { kind: "contrast", label: "contrast +20 %", make: contrast(1.2) },
  { kind: "contrast", label: "contrast −20 %", make: contrast(0.8) },
  { kind: "framed", label: "phone screenshot with a banner", make: screenshot() },
  { kind: "wechat", label: "WeChat forward", make: wechat() },
];
