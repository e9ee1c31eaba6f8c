/**
 * Progress reports (进展): text and photos from officials become Report and Photo rows.
 * Which item? The code in the text, else the bot message it replies to, else the album
 * it belongs to, else (for photos alone) the sender's report of a few minutes ago. When
 * none of these says, the report is kept without an item and the sender is asked.
 */
import { findItemCode } from "../core/parse/item-code";
import { parsePercent } from "../core/parse/percent";
import { mayReportOn } from "../core/lifecycle";
import { findItemById, findItemByCode, findItemOfMessage, itemState, openItems, type ItemRow } from "../ledger/items";
import { assignReport as fileReport, findAlbumReport, findRecentReport, findReport, joinReport as joinToReport, recordReport, reportPhotos, type ReportRef } from "../ledger/reports";
import type { HandlerContext } from "./context";
import type { FetchedMedia } from "./media";
import { askWhichItem, mediaProblems, queueReceipt, receiptFor, withdrawQuestion } from "./receipts";
import { inLookbackWindow } from "../core/lookback";
import { lookbackFacts } from "../ledger/lookbacks";
import { flagReportAfterSignOff } from "./after-signoff";
import { suggestCodes } from "../core/find";
import { mayInstruct } from "../core/chase";
import { answerAsks, answerNotes } from "./answers";
import { instruct } from "./commands/chase";
import { itemCodes } from "../ledger/find";

type StoredMedia = Extract<FetchedMedia, { ok: true }>;

const photosOf = (media: StoredMedia[]) => media.flatMap((m) => ("stored" in m ? [m.stored] : []));
const documentsOf = (media: StoredMedia[]) => media.flatMap((m) => ("document" in m ? [m.document] : []));

export async function handleReport(ctx: HandlerContext, media: FetchedMedia[]): Promise<void> {
  const { session, event } = ctx;
  const stored = media.filter((m): m is StoredMedia => m.ok);
  const problems = mediaProblems(ctx, media);
  const named = findItemCode(event.text);
  const text = (named ? named.rest : event.text).trim();

  if (!named && !text && stored.length === 0) {
    if (problems.length) await ctx.reply({ blocks: problems.map((p) => ({ type: "text" as const, text: p })) });
    return;
  }

  const percent = parsePercent(text);
  const album = event.albumKey ? await findAlbumReport(session, { platform: event.chat.platform, chatId: event.chat.chatId, albumKey: event.albumKey }) : null;

  let item: ItemRow | null = null;
  if (named) {
    item = await findItemByCode(session, named.code);
    // An unknown code is kept like a report without an item: the sender picks the right one.
    if (!item) problems.unshift(await unknownCodeText(ctx, named.code));
  } else if (event.replyTo) {
    item = await findItemOfMessage(session, { platform: event.chat.platform, chatId: event.chat.chatId, messageId: event.replyTo });
  }
  if (!item && album?.itemId) item = await findItemById(session, album.itemId);

  // A leader's "#编号 内容" on another unit's item is an instruction (批示), not a report.
  if (item && named && !mayReportOn(ctx.person, itemState(item)) && mayInstruct(ctx.person.roles) && text) return instruct(ctx, item, text);
  if (item && !mayReportOn(ctx.person, itemState(item))) {
    await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.notYourUnit({ code: item.code, unit: item.leadUnit.name }) }] });
    return;
  }

  // A later part of an album, or photos sent shortly after a report, join that report.
  const joinTo = album ?? (!named && !text && stored.length > 0 ? await recentReportOf(ctx) : null);
  if (joinTo && joinTo.reporterId === ctx.person.id) {
    await joinReport(ctx, joinTo.id, item, text, stored, problems);
    return;
  }

  const value = percent.ok ? percent.value : null;
  if (!percent.ok) problems.push(ctx.msg.bot.badPercent({ raw: percent.raw }));
  if (item) problems.push(...(await answerNotes(ctx, item)));
  // In its look-back window a signed-off item's report is the look-back's, not a red flag.
  const facts = item?.status === "signed_off" ? await lookbackFacts(session, item.id) : null;
  const afterSignOff = facts && inLookbackWindow(facts, ctx.today) ? ctx.msg.lookback.receipt : ctx.msg.history.afterSignOff.receipt;
  const recorded = await recordReport(session, {
    item,
    reporterId: ctx.person.id,
    text,
    percent: value,
    platform: event.chat.platform,
    chatId: event.chat.chatId,
    messageId: event.messageId ?? null,
    // Another person's part of the same album key cannot share its report.
    albumKey: album ? null : event.albumKey ?? null,
    photos: photosOf(stored),
    documents: documentsOf(stored),
    flags: flagOptions(ctx),
    // A report on a signed-off item is a red flag: its receipt says the office was told.
    receipt: (after) =>
      receiptFor(
        ctx,
        { item: after, text, percent: value, photos: photosOf(stored).length, photosDated: photosOf(stored).filter((s) => s.takenAt).length, documents: documentsOf(stored).length },
        after.status === "signed_off" ? [...problems, afterSignOff] : problems,
        stored.length > 0 || !!event.albumKey,
      ),
  }, ctx.change);

  if (!recorded.item) {
    await askWhichItem(ctx, recorded.reportId, await openItems(session, { involvingUnitId: ctx.person.unitId ?? -1 }), problems);
    return;
  }
  await answerAsks(ctx, recorded.item, recorded.reportId, text);
  if (recorded.item.status === "signed_off") {
    await flagReportAfterSignOff(ctx, recorded.item, recorded.reportId, { text, photos: photosOf(stored).map((s) => s.sha256) }, { holdForMore: !!event.albumKey });
  }
}

/** The sender chose the item for a report that had none (a button press). */
export async function assignReport(ctx: HandlerContext, reportId: number, itemId: number): Promise<void> {
  const report = await findReport(ctx.session, reportId);
  if (!report || report.reporterId !== ctx.person.id) {
    await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.notYourReport }] });
    return;
  }
  if (report.itemId !== null) {
    await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.reportAlreadyFiled }] });
    return;
  }
  const item = await findItemById(ctx.session, itemId);
  if (!item || !mayReportOn(ctx.person, itemState(item))) {
    await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.notYourUnit({ code: item?.code ?? "?", unit: item?.leadUnit.name ?? "?" }) }] });
    return;
  }
  await fileReport(ctx.session, { reportId, percent: report.percent, item, flags: flagOptions(ctx) }, ctx.change);
  await queueReceipt(ctx, reportId, [], false);
}

/** `named`: the item this part names (its caption or reply), if any. */
async function joinReport(
  ctx: HandlerContext,
  reportId: number,
  named: ItemRow | null,
  text: string,
  stored: StoredMedia[],
  problems: string[],
): Promise<void> {
  const percent = parsePercent(text);
  const joined = await joinToReport(ctx.session, {
    reportId,
    named,
    text,
    percent: percent.ok ? percent.value : null,
    photos: photosOf(stored),
    documents: documentsOf(stored),
    flags: flagOptions(ctx),
  }, ctx.change);
  if (joined.filled) await withdrawQuestion(ctx, reportId);
  if (joined.item) await queueReceipt(ctx, reportId, problems, true);
  // A later album part on a signed-off item reaches the coordinators too, not only the first.
  if (joined.item?.status === "signed_off") {
    await flagReportAfterSignOff(ctx, joined.item, reportId, await reportPhotos(ctx.session, reportId), { holdForMore: true, part: photosOf(stored).map((s) => s.sha256) });
  }
}

export const flagOptions = (ctx: HandlerContext) =>
  ({ oldAfterDays: ctx.config.PHOTO_OLD_DAYS, phashMaxDistance: ctx.config.PHASH_MAX_DISTANCE, farMeters: ctx.config.PHOTO_FAR_METERS });

async function recentReportOf(ctx: HandlerContext): Promise<ReportRef | null> {
  const since = new Date(ctx.now.getTime() - ctx.config.PHOTO_WINDOW_MINUTES * 60_000);
  return findRecentReport(ctx.session, { reporterId: ctx.person.id, platform: ctx.event.chat.platform, chatId: ctx.event.chat.chatId, since });
}

/** An unknown code in a report, with the codes it most likely meant ("#中央-4" → 中央-04). */
async function unknownCodeText(ctx: HandlerContext, code: string): Promise<string> {
  const codes = suggestCodes(code, await itemCodes(ctx.session));
  return codes.length ? ctx.msg.find.didYouMean({ code, codes: codes.join("、") }) : ctx.msg.bot.unknownItem({ code });
}
