/**
 * Receipts and questions about reports. A receipt is one outbox row keyed by the report:
 * it waits a short quiet period so that the rest of an album lands in the same receipt,
 * and is replaced (or edited, once sent) rather than duplicated when more photos arrive.
 */
import type { Block, Button } from "../core/chat";
import { viewItem } from "../core/lights";
import { dayOf } from "../core/days";
import { queueMessage } from "../ledger/outbox";
import type { ItemRow } from "../ledger/items";
import { findReportForReceipt, receiptKey, withdrawPendingMessage, type Receipt } from "../ledger/reports";
import type { HandlerContext } from "./context";
import type { FetchedMedia } from "./media";
import { itemLine, statusLine } from "./cards";

const MAX_CHOICES = 8;
const EXCERPT = 120;

export function mediaProblems(ctx: HandlerContext, media: FetchedMedia[]): string[] {
  return media.flatMap((m) => (m.ok ? [] : [ctx.msg.bot.mediaRejected[m.reason]({ name: m.ref.fileName ?? "", maxMb: ctx.config.DOCUMENT_MAX_MB })]));
}

/** What a receipt says about a report. */
export interface KnownReport {
  item: ItemRow;
  text: string;
  percent: number | null;
  photos: number;
  /** Photos with a capture time; none of `photos` (and some photos) makes the receipt ask for an original. */
  photosDated: number;
  documents?: number;
}

export async function queueReceipt(ctx: HandlerContext, reportId: number, problems: string[], holdForMore: boolean): Promise<void> {
  const report = await findReportForReceipt(ctx.session, reportId);
  if (!report.item) return;
  const receipt = receiptFor(ctx, { ...report, item: report.item }, problems, holdForMore);
  const first = await queueMessage(ctx.session, { key: receiptKey(reportId), ...receipt }, ctx.now);
  if (first.state === "already_sent") {
    // More photos after the receipt went out: correct it (an edit where the platform can).
    await queueMessage(
      ctx.session,
      { key: `${receiptKey(reportId)}:${report.photos}:${ctx.eventKey}`, to: receipt.to, message: { ...receipt.message, edit: first.messageId ?? undefined }, notBefore: receipt.notBefore },
      ctx.now,
    );
  }
}

/** The receipt of a report: what it recorded, and the item as the report leaves it. */
export function receiptFor(ctx: HandlerContext, report: KnownReport, problems: string[], holdForMore: boolean): Receipt {
  const { msg } = ctx;
  const item = report.item;
  const photos = report.photos;
  const excerpt = report.text.length > EXCERPT ? `${report.text.slice(0, EXCERPT)}…` : report.text;
  const blocks: Block[] = [
    { type: "heading", text: msg.bot.receiptTitle({ code: item.code, title: item.title }) },
    ...(excerpt ? [{ type: "text" as const, text: excerpt }] : []),
    { type: "text", text: msg.bot.receiptFacts({ percent: report.percent, photos, documents: report.documents ?? 0 }) },
    { type: "text", text: statusLine(ctx, item) },
    ...problems.map((p) => ({ type: "text" as const, text: p })),
    ...askOriginal(ctx, report),
  ];
  const notBefore = new Date(ctx.now.getTime() + (holdForMore ? ctx.config.RECEIPT_QUIET_MS : 0));
  return { to: ctx.event.chat, message: { blocks, about: { itemCode: item.code }, replyTo: ctx.event.messageId }, notBefore };
}

/**
 * One line asking for an original, while none of the report's photos has a capture time and
 * the platform has a way to send one. It belongs to the report's one receipt: later album
 * parts re-render or correct that receipt in place, so it is asked once, and a photo with a
 * capture time (the original, joining the report) ends it.
 */
function askOriginal(ctx: HandlerContext, report: KnownReport): Block[] {
  const way = ctx.originalPhoto;
  if (way === "none" || report.photos === 0 || report.photosDated > 0) return [];
  return [{ type: "text", text: ctx.msg.bot.askOriginal[way]({ minutes: ctx.config.PHOTO_WINDOW_MINUTES }) }];
}

/** Keep the report, and ask which item it is about, with the sender's open items as buttons. */
export async function askWhichItem(ctx: HandlerContext, reportId: number, items: ItemRow[], problems: string[]): Promise<void> {
  const { msg } = ctx;
  const today = ctx.today;
  const ranked = items
    .map((item) => ({ item, view: viewItem(item, today, (d) => dayOf(d, ctx.config.DUBAN_TZ), ctx.thresholds) }))
    .sort((a, b) => rank(a.view.light) - rank(b.view.light) || (a.item.deadline ?? "9").localeCompare(b.item.deadline ?? "9"))
    .slice(0, MAX_CHOICES);
  const buttons: Button[][] = ranked.map(({ item }) => [{ label: `${item.code} ${short(item.title)}`, data: `pick:${reportId}:${item.id}` }]);
  const blocks: Block[] = [
    ...problems.map((p) => ({ type: "text" as const, text: p })),
    { type: "text", text: ranked.length ? msg.bot.whichItem : msg.bot.whichItemNoChoices },
    ...(ranked.length ? [{ type: "list" as const, items: ranked.map(({ item, view }) => itemLine(ctx, item, view)) }] : []),
  ];
  // Part of an album: its caption may still arrive on a later part, so wait before asking.
  const notBefore = ctx.event.albumKey ? new Date(ctx.now.getTime() + ctx.config.RECEIPT_QUIET_MS) : ctx.now;
  await queueMessage(ctx.session, { key: askKey(reportId), to: ctx.event.chat, message: { blocks, buttons, replyTo: ctx.event.messageId }, notBefore }, ctx.now);
}

/** The question is moot once a later album part named the item. */
export async function withdrawQuestion(ctx: HandlerContext, reportId: number): Promise<void> {
  await withdrawPendingMessage(ctx.session, askKey(reportId));
}

const askKey = (reportId: number) => `ask:${reportId}`;

const rank = (light: string) => (light === "red" ? 0 : light === "yellow" ? 1 : 2);
const short = (s: string) => (s.length > 14 ? `${s.slice(0, 14)}…` : s);
