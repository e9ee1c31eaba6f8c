/**
 * /进展 <编号>: an item's history for a phone — a page of entries newest first, the
 * page's photos as images (each channel shows them its way), and a 更早 button.
 */
import type { Button, OutboundMessage } from "../core/chat";
import { formatInstant } from "../core/days";
import { lacksCaptureTime, sizeText, type HistoryDocument, type HistoryEntry, type HistoryPhoto, type SignOffWarning } from "../core/history";
import { evidencePath } from "../ledger/evidence";
import { documentPath } from "../ledger/evidence-document";
import { findItemByCode, itemPlace } from "../ledger/items";
import { itemHistory } from "../ledger/history";
import { flaggedPhotos } from "../ledger/evidence-review";
import { flaggedLine, mayReadFlags } from "./flagged";
import type { Catalogue } from "../i18n/index";
import { flagReasons } from "../i18n/flags";
import type { HandlerContext } from "./context";
import type { ViewContext } from "./cards";
import { statusLine } from "./cards";

/** Entries per page: what fits on a phone screen without scrolling far. */
export const HISTORY_PAGE = 8;
/** Telegram's album holds ten; more photos than that are one 更早 away. */
const PHOTOS_PER_PAGE = 10;
/** Documents attached to one page: each is a message of its own on most channels. */
const DOCUMENTS_PER_PAGE = 5;
/** Telegram refuses callback data over 64 bytes. */
const MAX_BUTTON_BYTES = 64;

export async function historyCommand(ctx: HandlerContext, code: string, page: number): Promise<void> {
  const item = await findItemByCode(ctx.session, code);
  if (!item) return ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.unknownItemQuery({ code }) }] });
  const h = ctx.msg.history;
  const { entries, more } = await itemHistory(ctx.session, item.id, { page, limit: HISTORY_PAGE });
  const place = page === 0 ? await itemPlace(ctx.session, item.id) : null;
  const status = place ? `${statusLine(ctx, item)}\n${h.place({ place })}` : statusLine(ctx, item);
  const heading = h.title({ code: item.code, title: item.title }) + (page > 0 ? h.page({ page: page + 1 }) : "");
  if (entries.length === 0) {
    const none = page > 0 ? h.noOlder({ code: item.code }) : `${status}\n${h.empty({ code: item.code })}`;
    return ctx.reply({ blocks: [{ type: "heading", text: heading }, { type: "text", text: none }], about: { itemCode: item.code } });
  }
  // A photo whose file this data directory lacks (a restored backup, a moved volume) is
  // marked, and the rest are shown: one lost file does not take the whole history with it.
  const { shown, missing } = await presentPhotos(ctx, photosOf(ctx, entries));
  const message: OutboundMessage = {
    blocks: [
      { type: "heading", text: heading },
      ...(page === 0 ? [{ type: "text" as const, text: status }] : []),
      { type: "list", items: entries.map((e) => entryLine(ctx, e)) },
      ...(page === 0 ? await flaggedBlocks(ctx, item.code) : []),
      ...(missing ? [{ type: "text" as const, text: h.photosMissing({ photos: missing }) }] : []),
    ],
    images: shown,
    files: await documentFiles(ctx, entries.flatMap((e) => (e.kind === "report" ? e.documents : []))),
    about: { itemCode: item.code },
  };
  if (more) {
    const data = `history:${item.code}:${page + 1}`;
    if (Buffer.byteLength(data) <= MAX_BUTTON_BYTES) message.buttons = [[{ label: h.olderButton, data } satisfies Button]];
    else message.blocks.push({ type: "text", text: h.olderHint({ code: item.code, page: page + 2 }) });
  }
  await ctx.reply(message);
}

/** Flagged photos shown on the history's first page. */
const FLAGS_SHOWN = 5;

/** For a coordinator, the item's open flags, each beside the earlier photo it matches. */
async function flaggedBlocks(ctx: HandlerContext, code: string): Promise<OutboundMessage["blocks"]> {
  if (!mayReadFlags(ctx)) return [];
  const flagged = await flaggedPhotos(ctx.session, { itemCode: code, take: FLAGS_SHOWN });
  if (!flagged.length) return [];
  return [{ type: "list", items: flagged.map((p) => flaggedLine(ctx, p)) }];
}

export function warningsText(msg: Catalogue, warnings: SignOffWarning[]): string[] {
  const w = msg.history.warning;
  return warnings.map((x) => {
    switch (x.kind) {
      case "progress": return w.progress(x);
      case "no_recent_photo": return w.no_recent_photo(x);
      case "flagged": return w.flagged(x);
      case "applied_on_deadline": return w.applied_on_deadline({});
      case "report_after_application": return w.report_after_application(x);
    }
  });
}

export function entryLine(ctx: ViewContext, e: HistoryEntry): string {
  const t = ctx.msg.history.entry;
  const when = formatInstant(e.at, ctx.config.DUBAN_TZ);
  const who = e.who;
  switch (e.kind) {
    case "report": {
      // Each flag once for the report; far_from_place with its farthest photo's distance.
      const far = e.photos.filter((ph) => ph.flags.includes("far_from_place") && ph.placeMeters !== null).map((ph) => ph.placeMeters!);
      const facts = { flags: [...new Set(e.photos.flatMap((ph) => ph.flags))], placeMeters: far.length ? Math.max(...far) : null };
      const flags = flagReasons(ctx.msg, ctx.msg.history.flag, facts).join("、");
      const line = t.report({ when, who, text: e.text, percent: e.percent, photos: e.photos.length, flags, notes: softNotes(ctx.msg, e.photos, e.photos) });
      return [line, ...e.documents.map((d) => documentLine(ctx.msg, d))].join("\n");
    }
    case "assigned": return t.assigned({ when, unit: e.unit });
    case "applied": return t.applied({ when, who, note: e.note, evidence: e.evidence, documents: e.documents });
    case "returned": return t.returned({ when, who, reason: e.reason });
    case "extended": return t.extended({ when, who, from: e.from, to: e.to, reason: e.reason });
    case "signed_off": return t.signedOff({ when, who, note: e.note, warnings: warningsText(ctx.msg, e.warnings).join("；") });
    case "reopened": return t.reopened({ when, who, reason: e.reason });
    case "lookback": return t.lookback({ when, who, passed: e.passed, note: e.note });
    case "transferred": return ctx.msg.office.history.transferred({ when, who, from: e.from, to: e.to, reason: e.reason });
    case "person_assigned": return ctx.msg.office.history.personAssigned({ when, who, from: e.from, to: e.to });
    case "cooperating_set": return ctx.msg.office.history.cooperatingSet({ when, who, units: e.units.join("、") });
    case "chased": return ctx.msg.office.history.chased({ when, who, request: e.request, due: e.due });
    case "instructed": return ctx.msg.office.history.instructed({ when, who, text: e.text });
  }
}

function photosOf(ctx: ViewContext, entries: HistoryEntry[]): { sha256: string; caption: string }[] {
  const h = ctx.msg.history;
  return entries
    .flatMap((e) => (e.kind === "report" ? e.photos.map((ph) => ({
      sha256: ph.sha256,
      caption: h.photoCaption({ when: formatInstant(e.at, ctx.config.DUBAN_TZ), who: e.who, flags: flagReasons(ctx.msg, h.flag, ph).join("、"), notes: softNotes(ctx.msg, [ph], e.photos) }),
    })) : []))
    .slice(0, PHOTOS_PER_PAGE);
}

/**
 * The quiet notes of some photos of a report (all of them, or one): each soft flag once,
 * shown as answered when the report also holds a photo with a capture time.
 */
function softNotes(msg: Catalogue, photos: HistoryPhoto[], report: HistoryPhoto[]): string {
  const answered = !lacksCaptureTime(report);
  return [...new Set(photos.flatMap((ph) => ph.soft))].map((f) => msg.history.soft[f]({ answered })).join("、");
}

export function documentLine(msg: Catalogue, d: HistoryDocument): string {
  return msg.history.document({ name: d.name, type: msg.history.documentType[d.type], size: sizeText(d.size) });
}

/** The documents as files to open: each channel sends or links them its own way; a file this data directory lacks is only listed. */
export async function documentFiles(ctx: { config: { dataDir: string } }, documents: HistoryDocument[]): Promise<{ path: string; name: string }[]> {
  const files: { path: string; name: string }[] = [];
  for (const d of documents.slice(0, DOCUMENTS_PER_PAGE)) {
    const path = await documentPath(ctx.config.dataDir, d.sha256, d.type);
    if (path) files.push({ path, name: d.name || `${d.sha256.slice(0, 12)}.${path.split(".").at(-1)}` });
  }
  return files;
}

async function presentPhotos(ctx: { config: { dataDir: string } }, photos: { sha256: string; caption: string }[]) {
  const shown: typeof photos = [];
  for (const ph of photos) if (await evidencePath(ctx.config.dataDir, ph.sha256)) shown.push(ph);
  return { shown, missing: photos.length - shown.length };
}
