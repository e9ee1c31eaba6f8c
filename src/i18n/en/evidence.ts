/** English messages: flagged evidence photos, for coordinators (/flags, /verify) and the CLI. */
import type { Catalogue } from "../index";

export const evidence: Catalogue["evidence"] = {
  kind: {
    same: "the same photo",
    resized: "a resized copy",
    retouched: "a recoloured or recompressed copy",
    cropped: "a cropped copy",
    mirrored: "a mirrored copy",
    rotated: "a turned copy",
    framed: "a screenshot or framed copy",
  },
  reason: {
    reused: "same picture as another report",
    near_copy: "a near copy of another report's photo",
    old: "taken long before it was sent",
    before_assigned: "taken before the item was assigned",
  },
  match: (p) => `compare: the photo of ${p.item} (${p.unit}) sent ${p.date}; this one is ${p.kind}`,
  unfiled: "(no item yet)",
  photo: (p) => `photo #${p.id} ${p.item} (${p.unit}) ${p.when} ${p.who}: ${p.reasons}`,
  cleared: (p) => `verified (${p.when} ${p.who}): ${p.reason}`,
  listTitle: (count) => `⚠️ Questionable photos to verify: ${count}`,
  listTitleFor: (p) => `⚠️ Questionable photos of ${p.code} to verify: ${p.count}`,
  more: (count) => `…${count} more; send /flags <code> to see one item's`,
  clearHint: "When a photo checks out, send /verify <photo number> <reason>.",
  verifyButton: (id) => `Checks out: photo #${id}`,
  askReason: (id) => `Say why photo #${id} checks out: /verify ${id} <reason>`,
  none: "No questionable photos to verify.",
  noneFor: (code) => `No questionable photos of ${code} to verify.`,
  denied: "Only the rectification office can list and verify questionable photos.",
  badPhoto: (raw) => `"${raw}" is not a photo number: write the number after "photo #" in the /flags list.`,
  verified: (p) => `Photo #${p.id} verified: ${p.reason}.`,
  notFound: (id) => `There is no photo #${id}.`,
  notFlagged: (id) => `Photo #${id} has no flag to verify.`,
  alreadyCleared: (id) => `Photo #${id} was verified already.`,
  cli: {
    none: "No flagged photos.",
    noMatch: "No photo in the ledger is the same as or a near copy of this one.",
    matchLine: (p) => `photo #${p.id} ${p.item} (${p.unit}) ${p.date}: ${p.kind} (${p.distance}/64 bits apart)`,
    notAPhoto: (p) => `${p.file} is not a readable photo: ${p.detail}`,
  },
};
