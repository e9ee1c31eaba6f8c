/**
 * Photo uploads. The page posts the file's raw bytes; they are read up to the size limit
 * and no further, and decoded (storeEvidence) before anything is kept: what a file is
 * comes from its bytes, never its name or the type the browser claims. An accepted photo
 * is answered with a ticket that only the uploader's messages may cite.
 */
import type { IncomingMessage } from "node:http";
import { EvidenceRejected, storeEvidence, type RejectReason } from "../../src/ledger/evidence";
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
  | { ok: true; sha256: string; width: number; height: number; size: number; mime: string }
  | { ok: false; status: number; reason: RejectReason };

const STATUS: Record<RejectReason, number> = {
  too_large: 413,
  too_many_pixels: 413,
  not_an_image: 415,
  unsupported_image: 415,
  empty: 400,
};

export async function acceptPhoto(
  req: IncomingMessage,
  opts: { dataDir: string; maxBytes: number; tz: string },
): Promise<UploadResult> {
  const body = await readBody(req, opts.maxBytes);
  if (!body.ok) return { ok: false, status: STATUS.too_large, reason: "too_large" };
  try {
    const stored = await storeEvidence(opts.dataDir, body.bytes, { maxBytes: opts.maxBytes, tz: opts.tz });
    return { ok: true, sha256: stored.sha256, width: stored.width, height: stored.height, size: stored.size, mime: stored.mime };
  } catch (err) {
    if (!(err instanceof EvidenceRejected)) throw err;
    return { ok: false, status: STATUS[err.reason], reason: err.reason };
  }
}

export function rejectionText(msg: Catalogue, reason: RejectReason, maxBytes: number): string {
  const m = msg.web.upload;
  return reason === "too_large" ? m.too_large({ maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }) : m[reason];
}
