/**
 * Photos and documents are downloaded and stored before the transaction: storage is
 * content-addressed, so a redelivered event downloads again harmlessly, and the
 * transaction stays short.
 */
import type { ChatAdapter, MediaRef } from "../core/chat";
import type { Config } from "../config";
import { EvidenceRejected, storeEvidence, type StoredEvidence } from "../ledger/evidence";
import { documentExt, documentTypeOf, storeDocument, type StoredDocument } from "../ledger/evidence-document";
import { messagesFor } from "../i18n/index";
import type { Logger } from "../log";

export type MediaProblem = "download_failed" | "document_too_large" | EvidenceRejected["reason"];

export type FetchedMedia =
  | { ok: true; ref: MediaRef; stored: StoredEvidence }
  | { ok: true; ref: MediaRef; document: StoredDocument }
  | { ok: false; ref: MediaRef; reason: MediaProblem };

const DOWNLOAD_TRIES = 2;

/** A file's bytes that read as one of these photo formats is a photo, whatever it was sent as. */
const PHOTO_TYPES = new Set(["jpeg", "png"]);

export async function fetchMedia(
  adapter: ChatAdapter,
  refs: MediaRef[],
  deps: { config: Config; log: Logger },
): Promise<FetchedMedia[]> {
  const out: FetchedMedia[] = [];
  const documentMax = deps.config.DOCUMENT_MAX_MB * 1024 * 1024;
  for (const ref of refs) {
    const max = ref.kind === "document" ? Math.max(documentMax, deps.config.MAX_PHOTO_BYTES) : deps.config.MAX_PHOTO_BYTES;
    if (ref.size !== undefined && ref.size > max) {
      out.push({ ok: false, ref, reason: ref.kind === "document" ? "document_too_large" : "too_large" });
      continue;
    }
    const bytes = await download(adapter, ref, deps.log);
    if (!bytes) {
      out.push({ ok: false, ref, reason: "download_failed" });
      continue;
    }
    out.push(await keep(ref, bytes, deps.config, documentMax));
  }
  return out;
}

/**
 * A photo sent as a photo is a photo. A file is a photo when its bytes are a JPEG or PNG
 * the photo checks accept (a phone's uncompressed original), else a document: a PDF, an
 * Office file, a scan in TIFF, or a picture the photo checks refuse.
 */
async function keep(ref: MediaRef, bytes: Uint8Array, config: Config, documentMax: number): Promise<FetchedMedia> {
  const asPhoto = () => storeEvidence(config.dataDir, bytes, { maxBytes: config.MAX_PHOTO_BYTES, tz: config.DUBAN_TZ });
  try {
    if (ref.kind === "photo") return { ok: true, ref, stored: await asPhoto() };
    const type = await documentTypeOf(bytes);
    if (type && PHOTO_TYPES.has(type) && bytes.length <= config.MAX_PHOTO_BYTES) {
      const photo = await asPhoto().catch((err: unknown) => (err instanceof EvidenceRejected ? null : Promise.reject(err)));
      if (photo) return { ok: true, ref, stored: photo };
    }
    // WeCom's intelligent robot sends files without their names: call it by what its bytes are (文件.pdf).
    const name = ref.fileName || (type ? messagesFor(config.DUBAN_LANG).evidence.unnamedFile(documentExt(type)) : "");
    const document = await storeDocument(config.dataDir, bytes, { maxBytes: documentMax, name });
    return { ok: true, ref, document };
  } catch (err) {
    if (!(err instanceof EvidenceRejected)) throw err;
    return { ok: false, ref, reason: ref.kind === "document" && err.reason === "too_large" ? "document_too_large" : err.reason };
  }
}

async function download(adapter: ChatAdapter, ref: MediaRef, log: Logger): Promise<Uint8Array | null> {
  for (let attempt = 1; attempt <= DOWNLOAD_TRIES; attempt++) {
    try {
      return await adapter.download(ref);
    } catch (err) {
      log.warn("media download failed", { platform: adapter.platform, fileId: ref.fileId, attempt, err });
    }
  }
  return null;
}

/** Fetched media read back from a dead letter's JSON, where dates are strings. */
export function reviveFetchedMedia(list: FetchedMedia[]): FetchedMedia[] {
  return list.map((m) => (m.ok && "stored" in m ? { ...m, stored: { ...m.stored, takenAt: m.stored.takenAt ? new Date(m.stored.takenAt) : null } } : m));
}
