/**
 * Uploads. The page posts the file's raw bytes; they are read up to the size limit and no
 * further. A photo is decoded (storeEvidence) before it is kept: what a file is comes from
 * its bytes, never its name or the type the browser claims. Any other file (a PDF, an
 * .xlsx for /导入) is kept as sent and judged by the bot when a message cites it, as a file
 * from any channel is. Either is answered with a ticket only the uploader's messages may cite.
 */
import { createHash } from "node:crypto";
import { access } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { EvidenceRejected, storeEvidence, writeOnce, type RejectReason } from "../../src/ledger/evidence";
import { documentTypeOf } from "../../src/ledger/evidence-document";
import type { Catalogue } from "../../src/i18n/index";

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; reason: "too_large" };

/** The request body, or "too_large" as soon as it passes `max` (the rest is not read). */
export function readBody(req: IncomingMessage, max: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    return Promise.resolve({ ok: false, reason: "too_large" });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        // The rest is read and dropped, so the browser gets the answer rather than a reset.
        chunks.length = 0;
        resolve({ ok: false, reason: "too_large" });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve({ ok: true, bytes: Buffer.concat(chunks) });
    });
    req.on("error", (err) => {
      if (!done) reject(err);
    });
  });
}

export type UploadResult =
  | { ok: true; kind: "photo"; sha256: string; width: number; height: number; size: number; mime: string }
  /** Any other file: kept as sent, for the bot to judge as it judges a file from any channel (evidence, /导入). */
  | { ok: true; kind: "file"; sha256: string; size: number }
  /** `limit`: the limit a too-large upload passed (a photo's, or any other file's). */
  | { ok: false; status: number; reason: RejectReason; limit?: number };

const STATUS: Record<RejectReason, number> = {
  too_large: 413,
  too_many_pixels: 413,
  not_an_image: 415,
  unsupported_image: 415,
  not_accepted: 415,
  empty: 400,
};

export async function acceptUpload(
  req: IncomingMessage,
  opts: { dataDir: string; maxPhotoBytes: number; maxFileBytes: number; tz: string },
): Promise<UploadResult> {
  const max = Math.max(opts.maxPhotoBytes, opts.maxFileBytes);
  const body = await readBody(req, max);
  if (!body.ok) return { ok: false, status: STATUS.too_large, reason: "too_large", limit: max };
  if (body.bytes.length === 0) return { ok: false, status: STATUS.empty, reason: "empty" };
  try {
    if (body.bytes.length <= opts.maxPhotoBytes) {
      const stored = await storeEvidence(opts.dataDir, body.bytes, { maxBytes: opts.maxPhotoBytes, tz: opts.tz });
      return { ok: true, kind: "photo", sha256: stored.sha256, width: stored.width, height: stored.height, size: stored.size, mime: stored.mime };
    }
  } catch (err) {
    if (!(err instanceof EvidenceRejected)) throw err;
    // Not a picture: a document or a ledger file, for the bot to judge. A picture too big to decode is refused here.
    if (err.reason !== "not_an_image" && err.reason !== "unsupported_image") return { ok: false, status: STATUS[err.reason], reason: err.reason };
  }
  // A photo too large for the photo limit is refused as a photo, not kept as a file.
  const type = body.bytes.length > opts.maxPhotoBytes ? await documentTypeOf(body.bytes) : null;
  if (type === "jpeg" || type === "png") return { ok: false, status: STATUS.too_large, reason: "too_large", limit: opts.maxPhotoBytes };
  if (body.bytes.length > opts.maxFileBytes) return { ok: false, status: STATUS.too_large, reason: "too_large", limit: opts.maxFileBytes };
  const sha256 = createHash("sha256").update(body.bytes).digest("hex");
  await writeOnce(uploadFile(opts.dataDir, sha256), body.bytes);
  return { ok: true, kind: "file", sha256, size: body.bytes.length };
}

/** Where an uploaded file that is not a photo waits until a message cites it. */
export async function uploadPath(dataDir: string, sha256: string): Promise<string | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const path = uploadFile(dataDir, sha256);
  return (await access(path).then(() => true, () => false)) ? path : null;
}

const uploadFile = (dataDir: string, sha256: string) => join(dataDir, "uploads", sha256.slice(0, 2), sha256);

export function rejectionText(msg: Catalogue, reason: RejectReason, maxBytes: number): string {
  const m = msg.web.upload;
  return reason === "too_large" ? m.too_large({ maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }) : m[reason];
}
