/** English messages: an item's history, the sign-off card, reports after sign-off. Keys match ../zh-CN/history.ts. */
import type { history as zh } from "../zh-CN/history";
import { evidenceEn } from "./bot";

type Code = { code: string };
const s = (n: number) => (n === 1 ? "" : "s");

export const history: typeof zh = {
  title: (p) => `📜 ${p.code} ${p.title} · history`,
  place: (p) => `📍 Place: ${p.place}`,
  page: (p) => ` (page ${p.page})`,
  empty: (p: Code) => `${p.code} has no history yet.`,
  noOlder: (p: Code) => `${p.code} has no older entries.`,
  olderButton: "Older",
  photosMissing: (p) => `⚠️ ${p.photos} photo${s(p.photos)} could not be found on the server and ${p.photos === 1 ? "is" : "are"} not shown; the rest are below.`,
  olderHint: (p) => `Older entries: /history ${p.code} ${p.page}`,
  entry: {
    report: (p) => `${p.when} ${p.who} reported${p.percent !== null ? ` (${p.percent}%)` : ""}: ${p.text || "(no text)"}${p.photos ? ` 📷${p.photos}` : ""}${p.flags ? ` ⚠️${p.flags}` : ""}${p.notes ? ` · ${p.notes}` : ""}`,
    assigned: (p) => `${p.when} assigned${p.unit ? ` to ${p.unit}` : ""}`,
    applied: (p) => `${p.when} ${p.who} applied for sign-off (${evidenceEn({ photos: p.evidence, documents: p.documents })})${p.note ? `: ${p.note}` : ""}`,
    returned: (p) => `${p.when} ${p.who} returned the application: ${p.reason}`,
    extended: (p) => `${p.when} ${p.who} extended the deadline${p.from ? ` from ${p.from}` : ""} to ${p.to}: ${p.reason}`,
    signedOff: (p) => `${p.when} ${p.who} signed off${p.note ? `: ${p.note}` : ""}${p.warnings ? ` (despite: ${p.warnings})` : ""}`,
    reopened: (p) => `${p.when} ${p.who} reopened it: ${p.reason}`,
    lookback: (p) => `${p.when} ${p.who} look-back ${p.passed ? "passed" : "failed"}${p.note ? `: ${p.note}` : ""}`,
  },
  flag: { reused: "photo reused", near_copy: "near copy of another photo", old: "photo taken long before", before_assigned: "taken before assignment", far_from_place: "taken far from the place" },
  soft: { no_capture_time: (p) => (p.answered ? "capture time unknown; the report has an original" : "capture time unknown") },
  document: (p) => `📎 ${p.name || "(unnamed file)"} (${p.type}, ${p.size})`,
  documentType: {
    pdf: "PDF", docx: "Word document", doc: "Word 97-2003 document", xlsx: "Excel workbook", xls: "Excel 97-2003 workbook",
    tiff: "TIFF scan", jpeg: "JPG image", png: "PNG image", bmp: "BMP image",
  },
  photoCaption: (p) => `${p.when} ${p.who}${p.flags ? ` ⚠️${p.flags}` : ""}${p.notes ? ` · ${p.notes}` : ""}`,
  card: {
    title: (p) => `📋 Sign-off check: ${p.code} ${p.title}`,
    applied: (p) => `${p.who} applied on ${p.when}${p.note ? `, note: ${p.note}` : ""}`,
    progress: (p) => `Progress: ${p.progress !== null ? `${p.progress}%` : "not reported"}`,
    lastReport: (p) => `Last report: ${p.when} ${p.who}: ${p.text || "(no text)"}`,
    noReport: "Last report: none",
    photos: (p) => `${p.total} evidence photo${s(p.total)}${p.total > p.shown ? `, the latest ${p.shown} below` : p.total ? ", below" : ""}`,
    documents: (p) => `${p.total} evidence document${s(p.total)}${p.total > p.shown ? `, the latest ${p.shown} below` : ", below"}:`,
    warningsTitle: "⚠️ Please note:",
    noWarnings: "✅ Nothing that needs a second look.",
    confirmHint: (p: Code) => `If you have checked and still accept, press "Sign off anyway" or send /accept ${p.code} confirm`,
    confirmButton: "Sign off anyway",
    historyButton: "Full history",
  },
  warning: {
    progress: (p) => (p.progress === null ? "no progress reported" : `progress is only ${p.progress}%, not 100%`),
    no_recent_photo: (p) => `no new evidence photo or document in the last ${p.days} days`,
    flagged: (p) => `${p.photos} photo${s(p.photos)} flagged (reused, taken long before or far from the place)`,
    applied_on_deadline: () => "applied on the deadline day",
    report_after_application: (p) => `${p.reports} report${s(p.reports)} after the application`,
  },
  afterSignOff: {
    notice: (p) =>
      `🚩 Report on a signed-off item: ${p.code} ${p.title}\n${p.who} of ${p.unit}: ${p.text || "(photos only)"}\nSigned off on ${p.signedOff}; check whether it must be reopened.`,
    reopenButton: "Reopen",
    receipt: "⚠️ This item is signed off; your report has gone to the rectification office to check.",
    askReason: (p: Code) => `Say why it is reopened: /reopen ${p.code} <reason>`,
  },
};
