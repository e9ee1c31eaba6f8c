/** Domain vocabulary from DOMAIN.md, shared by every layer. Stored as plain strings. */

export const ROLES = ["official", "unit_head", "coordinator", "leader", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ITEM_STATUSES = ["not_started", "in_progress", "awaiting_signoff", "signed_off", "reopened"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_SOURCES = ["central", "provincial", "petition", "risk", "self"] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

export const CATEGORIES = [
  "water", "air", "soil", "waste", "drinking_water", "hydropower", "nature_reserve", "noise", "other",
] as const;
export type Category = (typeof CATEGORIES)[number];

export type Light = "red" | "yellow" | "green";

export const CASE_STATUSES = ["assigned", "in_progress", "handled", "disclosed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const FINDINGS = ["true", "partly_true", "false"] as const;
export type Finding = (typeof FINDINGS)[number];

/**
 * Signs of fake rectification on an evidence photo: the same picture sent before with another
 * report (reused), a near copy of one (near_copy: cropped, mirrored, turned, framed, retouched),
 * taken long before it was sent (old), taken before its item was assigned (before_assigned),
 * taken far from its item's coordinates (far_from_place: its GPS against the item's 经纬度).
 * A photo without a capture time or GPS is not flagged: every forwarded chat photo has
 * neither, and its empty takenAt already says so.
 */
export const PHOTO_FLAGS = ["reused", "near_copy", "old", "before_assigned", "far_from_place"] as const;
export type PhotoFlag = (typeof PHOTO_FLAGS)[number];

/**
 * Quiet notes on an evidence photo, never signs of fakery: no capture time (no_capture_time)
 * is what every forwarded or screenshotted chat photo has. They are read from the photo's own
 * facts (an empty takenAt), never stored with PHOTO_FLAGS, so nothing that counts, lists or
 * weighs flagged photos (sign-off card, /存疑, digest, look-back risk, `evidence flags`) sees them.
 */
export const SOFT_PHOTO_FLAGS = ["no_capture_time"] as const;
export type SoftPhotoFlag = (typeof SOFT_PHOTO_FLAGS)[number];

/** Documents taken as evidence, by what their bytes are: doc and xls are Office 97-2003 files. */
export const DOCUMENT_TYPES = ["pdf", "docx", "xlsx", "doc", "xls", "tiff", "jpeg", "png", "bmp"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const CHAT_PURPOSES = ["unit", "leaders", "coordinators", "direct"] as const;
export type ChatPurpose = (typeof CHAT_PURPOSES)[number];

export const PLATFORMS = ["web", "telegram", "slack", "dingtalk", "feishu", "wecom", "test"] as const;
export type Platform = (typeof PLATFORMS)[number];

export type Lang = "zh-CN" | "en";

/** A calendar day in the configured time zone, "YYYY-MM-DD". Deadlines are days, not instants. */
export type Day = string;
