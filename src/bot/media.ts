/**
 * Photos are downloaded and stored before the transaction: storage is content-addressed,
 * so a redelivered event downloads again harmlessly, and the transaction stays short.
 */
import type { ChatAdapter, MediaRef } from "../core/chat";
import type { Config } from "../config";
import { EvidenceRejected, storeEvidence, type StoredEvidence } from "../ledger/evidence";
import type { Logger } from "../log";

export type FetchedMedia =
  | { ok: true; ref: MediaRef; stored: StoredEvidence }
  | { ok: false; ref: MediaRef; reason: "download_failed" | EvidenceRejected["reason"] };

const DOWNLOAD_TRIES = 2;

export async function fetchMedia(
  adapter: ChatAdapter,
  refs: MediaRef[],
  deps: { config: Config; log: Logger },
): Promise<FetchedMedia[]> {
  const out: FetchedMedia[] = [];
  for (const ref of refs) {
    if (ref.size !== undefined && ref.size > deps.config.MAX_PHOTO_BYTES) {
      out.push({ ok: false, ref, reason: "too_large" });
      continue;
    }
    const bytes = await download(adapter, ref, deps.log);
    if (!bytes) {
      out.push({ ok: false, ref, reason: "download_failed" });
      continue;
    }
    try {
      const stored = await storeEvidence(deps.config.dataDir, bytes, { maxBytes: deps.config.MAX_PHOTO_BYTES, tz: deps.config.DUBAN_TZ });
      out.push({ ok: true, ref, stored });
    } catch (err) {
      if (!(err instanceof EvidenceRejected)) throw err;
      out.push({ ok: false, ref, reason: err.reason });
    }
  }
  return out;
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
  return list.map((m) => (m.ok ? { ...m, stored: { ...m.stored, takenAt: m.stored.takenAt ? new Date(m.stored.takenAt) : null } } : m));
}
