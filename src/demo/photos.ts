/**
 * Evidence photos for the demo ledger, drawn with sharp: a sky, a bank, water and a few
 * shapes, different for every seed, with the capture time a phone camera writes. They are
 * stored like any photo a person sends, so the photo checks treat them as real evidence.
 */
import sharp from "sharp";
import { formatInstant } from "../core/days";

const WIDTH = 480;
const HEIGHT = 360;

export async function demoPhoto(seed: number, takenAt: Date, tz: string): Promise<Buffer> {
  let state = (seed * 2654435761) >>> 0;
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const horizon = HEIGHT * (0.35 + random() * 0.2);
  const waterline = horizon + (HEIGHT - horizon) * (0.3 + random() * 0.4);
  const sky = [120 + random() * 80, 170 + random() * 60, 220 + random() * 35];
  const bank = [70 + random() * 60, 110 + random() * 60, 50 + random() * 40];
  const water = [40 + random() * 40, 90 + random() * 50, 110 + random() * 60];
  const shapes = Array.from({ length: 7 }, () => ({
    x: random() * WIDTH,
    y: horizon + random() * (HEIGHT - horizon),
    w: 20 + random() * 90,
    h: 10 + random() * 50,
    rgb: [random() * 255, random() * 255, random() * 255],
  }));
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  const fill = (x0: number, x1: number, y: number, rgb: number[]) => {
    const from = Math.max(0, Math.floor(x0));
    const to = Math.min(WIDTH, Math.ceil(x1));
    if (to > from) pixels.fill(Buffer.from(rgb.map(Math.round)), (y * WIDTH + from) * 3, (y * WIDTH + to) * 3);
  };
  for (let y = 0; y < HEIGHT; y++) {
    const base = y < horizon ? sky : y < waterline ? bank : water;
    const shade = y < horizon ? 1 - (y / horizon) * 0.25 : 1 - ((y - horizon) / HEIGHT) * 0.3;
    fill(0, WIDTH, y, base.map((c) => c * shade));
  }
  for (const s of shapes) {
    for (let y = Math.max(0, Math.floor(s.y - s.h / 2)); y < Math.min(HEIGHT, s.y + s.h / 2); y++) fill(s.x - s.w / 2, s.x + s.w / 2, y, s.rgb);
  }
  // "YYYY-MM-DD HH:MM" in the county's zone, as the camera's clock shows it.
  const local = formatInstant(takenAt, tz).replace(/-/g, ":");
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 82 })
    .withExif({ IFD0: { Make: "duban-demo" }, IFD2: { DateTimeOriginal: `${local}:00` } })
    .toBuffer();
}
