/**
 * An item's history (/进展): what happened to it, newest first, as the ledger recorded it.
 * Reports come with their photos (by content hash, so every channel can show them);
 * the steps of the lifecycle come from the audit trail with their reasons.
 */
import type { DocumentType, PhotoFlag, SoftPhotoFlag } from "./types";

export interface HistoryPhoto {
  sha256: string;
  flags: PhotoFlag[];
  /** Metres from the item's place, when the photo had GPS and the item coordinates. */
  placeMeters: number | null;
  /** Quiet notes (no capture time): shown beside the photo, never counted as flags. */
  soft: SoftPhotoFlag[];
}

/** A photo's soft flags, from what it says about itself. */
export const softFlagsOf = (photo: { takenAt: Date | null }): SoftPhotoFlag[] => (photo.takenAt ? [] : ["no_capture_time"]);

/**
 * A report whose photos all lack a capture time: the one case where the bot asks for an
 * original, and where a soft flag stays unanswered. One photo with a capture time (the
 * original sent as a file) answers it for the whole report.
 */
export const lacksCaptureTime = (photos: { soft: SoftPhotoFlag[] }[]): boolean =>
  photos.length > 0 && photos.every((p) => p.soft.includes("no_capture_time"));

/** A document sent with a report: shown by name, type and size, opened where the channel can. */
export interface HistoryDocument {
  sha256: string;
  type: DocumentType;
  name: string;
  size: number;
}

interface Entry {
  at: Date;
  /** A person's name, or import / cli / system. */
  who: string;
}

export type HistoryEntry = Entry & (
  | { kind: "report"; text: string; percent: number | null; photos: HistoryPhoto[]; documents: HistoryDocument[] }
  | { kind: "assigned"; unit: string | null }
  | { kind: "applied"; note: string; evidence: number; documents: number }
  | { kind: "returned"; reason: string }
  | { kind: "extended"; from: string | null; to: string; reason: string }
  | { kind: "signed_off"; note: string; warnings: SignOffWarning[] }
  | { kind: "reopened"; reason: string }
  | { kind: "lookback"; passed: boolean; note: string }
  // The office's steps (issue 14): who leads, who is responsible, who cooperates.
  | { kind: "transferred"; from: string; to: string; reason: string }
  | { kind: "person_assigned"; from: string | null; to: string }
  | { kind: "cooperating_set"; units: string[] }
  | { kind: "chased"; request: string; due: string | null }
  | { kind: "instructed"; text: string }
);

export interface HistoryPage {
  entries: HistoryEntry[];
  /** More, older entries exist beyond this page. */
  more: boolean;
}

/**
 * What a coordinator should see before signing off (issue 12): each is a reason to look
 * twice, and accepting despite any of them takes a second, explicit step.
 */
export type SignOffWarning =
  | { kind: "progress"; progress: number | null }
  | { kind: "no_recent_photo"; days: number }
  | { kind: "flagged"; photos: number }
  | { kind: "applied_on_deadline" }
  | { kind: "report_after_application"; reports: number };

export const SIGNOFF_WARNING_KINDS = ["progress", "no_recent_photo", "flagged", "applied_on_deadline", "report_after_application"] as const;

export interface SignOffFacts {
  progress: number | null;
  /** The newest evidence photo's or document's arrival, if any. */
  lastPhotoAt: Date | null;
  flaggedPhotos: number;
  deadline: string | null;
  /** The application's day in the configured time zone, if applied. */
  appliedOn: string | null;
  reportsAfterApplication: number;
}

/** The warnings for a sign-off now; `photoDays` is how recent the last photo or document must be. */
export function signOffWarnings(f: SignOffFacts, now: Date, photoDays: number): SignOffWarning[] {
  const warnings: SignOffWarning[] = [];
  if (f.progress === null || f.progress < 100) warnings.push({ kind: "progress", progress: f.progress });
  if (!f.lastPhotoAt || now.getTime() - f.lastPhotoAt.getTime() > photoDays * 86_400_000) warnings.push({ kind: "no_recent_photo", days: photoDays });
  if (f.flaggedPhotos > 0) warnings.push({ kind: "flagged", photos: f.flaggedPhotos });
  if (f.deadline && f.appliedOn === f.deadline) warnings.push({ kind: "applied_on_deadline" });
  if (f.reportsAfterApplication > 0) warnings.push({ kind: "report_after_application", reports: f.reportsAfterApplication });
  return warnings;
}

/** A file's size as a person reads it: 840 B, 12 KB, 3.4 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
