/** English messages: look-backs — the ask for fresh photos, the coordinators' list and card. */
import type { Catalogue } from "../index";

export const lookback: Catalogue["lookback"] = {
  ask: (p) =>
    `🔍 Look-back: please send fresh on-site photos of #${p.code}\n${p.code} ${p.title} (look-back due ${p.due}): take new photos on site and reply "#${p.code} what you found" with them. Do not send the sign-off photos again.`,
  dueHeading: (n) => `🔍 ${n} look-back${n === 1 ? "" : "s"} due; the units were asked for fresh on-site photos`,
  dueEntry: (p) => `${p.code} ${p.title} | ${p.unit} | due ${p.due}`,
  dueHint: "A look-back card follows when the fresh photos arrive; or send /lookback <code> <pass|fail> [note].",
  card: {
    title: (p) => `🔍 Look-back: ${p.code} ${p.title} · ${p.unit}`,
    report: (p) => `${p.who} reported: ${p.text || "(photos only)"}`,
    signedOff: (p) => `Signed off ${p.when}, look-back due ${p.due}`,
    counts: (p) => `${p.fresh} fresh photo${p.fresh === 1 ? "" : "s"}, compared with ${p.signOff} sign-off photo${p.signOff === 1 ? "" : "s"}`,
    repeats: (p) => `⚠️ Fresh photo ${p.n} repeats the sign-off photo of ${p.date} (${p.kind}): an old photo sent again?`,
    otherFlags: (p) => `⚠️ Fresh photo ${p.n}: ${p.reasons}`,
    noRepeats: "No fresh photo repeats a sign-off photo.",
    noPhotos: "This report has no photos: a look-back needs fresh on-site photos.",
    freshCaption: (p) => `Fresh photo ${p.n} ${p.when}${p.warning ? ` ⚠️ ${p.warning}` : ""}`,
    signOffCaption: (p) => `Sign-off photo ${p.when}`,
    repeatsShort: (kind) => `repeats a sign-off photo (${kind})`,
  },
  passButton: "Look-back passed",
  failButton: "Look-back failed",
  receipt: "🔍 Look-back photos received; the rectification office will compare them with the sign-off photos.",
  askReason: (p) => `Please say why the look-back failed: /lookback ${p.code} fail <reason>`,
};
