/**
 * Progress reports (进展): text and photos from officials become Report and Photo rows.
 * Which item? The code in the text, else the bot message it replies to, else the album
 * it belongs to, else (for photos alone) the sender's report of a few minutes ago. When
 * none of these says, the report is kept without an item and the sender is asked.
 */
import { findItemCode } from "../core/parse/item-code";
import { parsePercent } from "../core/parse/percent";
import { mayReportOn, statusAfterReport } from "../core/lifecycle";
import { evidenceFlags } from "../ledger/evidence";
import { findItemByCode, findItemById, itemState, openItems, type ItemRow } from "../ledger/items";
import type { HandlerContext } from "./context";
import type { FetchedMedia } from "./media";
import { askWhichItem, mediaProblems, queueReceipt, withdrawQuestion } from "./receipts";

type StoredMedia = Extract<FetchedMedia, { ok: true }>;

export async function handleReport(ctx: HandlerContext, media: FetchedMedia[]): Promise<void> {
  const { tx, event } = ctx;
  const stored = media.filter((m): m is StoredMedia => m.ok);
  const problems = mediaProblems(ctx, media);
  const named = findItemCode(event.text);
  const text = (named ? named.rest : event.text).trim();

  if (!named && !text && stored.length === 0) {
    if (problems.length) await ctx.reply({ blocks: problems.map((p) => ({ type: "text" as const, text: p })) });
    return;
  }

  const percent = parsePercent(text);
  const album = event.albumKey
    ? await tx.report.findUnique({
        where: { platform_chatId_albumKey: { platform: event.chat.platform, chatId: event.chat.chatId, albumKey: event.albumKey } },
        select: { id: true, itemId: true, reporterId: true },
      })
    : null;

  let item: ItemRow | null = null;
  if (named) {
    item = await findItemByCode(tx, named.code);
    // An unknown code is kept like a report without an item: the sender picks the right one.
    if (!item) problems.unshift(ctx.msg.bot.unknownItem({ code: named.code }));
  } else if (event.replyTo) {
    item = await itemOfRepliedMessage(ctx, event.replyTo);
  }
  if (!item && album?.itemId) item = await findItemById(tx, album.itemId);

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

  const report = await tx.report.create({
    data: {
      itemId: item?.id ?? null,
      reporterId: ctx.person.id,
      at: ctx.now,
      text,
      percent: percent.ok ? percent.value : null,
      platform: event.chat.platform,
      chatId: event.chat.chatId,
      messageId: event.messageId ?? null,
      // Another person's part of the same album key cannot share its report.
      albumKey: album ? null : event.albumKey ?? null,
    },
    select: { id: true },
  });
  await addPhotos(ctx, report.id, item?.id ?? null, stored);
  if (!percent.ok) problems.push(ctx.msg.bot.badPercent({ raw: percent.raw }));

  if (!item) {
    await ctx.audit({ action: "report.pending", detail: { reportId: report.id, photos: stored.length } });
    await askWhichItem(ctx, report.id, await openItems(tx, { involvingUnitId: ctx.person.unitId ?? -1 }), problems);
    return;
  }
  const updated = await applyToItem(ctx, item, report.id, percent.ok ? percent.value : null, stored.length);
  await queueReceipt(ctx, report.id, problems, stored.length > 0 || !!event.albumKey, {
    item: updated, text, percent: percent.ok ? percent.value : null, photos: stored.length, fresh: true,
  });
}

/** The sender chose the item for a report that had none (a button press). */
export async function assignReport(ctx: HandlerContext, reportId: number, itemId: number): Promise<void> {
  const { tx } = ctx;
  const report = await tx.report.findUnique({ where: { id: reportId }, select: { id: true, itemId: true, reporterId: true, percent: true } });
  if (!report || report.reporterId !== ctx.person.id) {
    await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.notYourReport }] });
    return;
  }
  if (report.itemId !== null) {
    await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.reportAlreadyFiled }] });
    return;
  }
  const item = await findItemById(tx, itemId);
  if (!item || !mayReportOn(ctx.person, itemState(item))) {
    await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.notYourUnit({ code: item?.code ?? "?", unit: item?.leadUnit.name ?? "?" }) }] });
    return;
  }
  await tx.report.update({ where: { id: reportId }, data: { itemId } });
  const photos = await tx.photo.updateMany({ where: { reportId }, data: { itemId } });
  await applyToItem(ctx, item, reportId, report.percent, photos.count);
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
  const { tx } = ctx;
  // Album parts join one report at once: a no-op write takes the row lock (PostgreSQL; SQLite
  // serialises writers anyway), so each part sees the parts before it — their photos, and the
  // item a caption on one of them named — and its receipt counts them all.
  await tx.$executeRaw`UPDATE "Report" SET "id" = "id" WHERE "id" = ${reportId}`;
  const report = await tx.report.findUniqueOrThrow({ where: { id: reportId }, select: { itemId: true, text: true } });
  // A caption on a later album part fills in the item and the text.
  const fill = report.itemId === null ? named : null;
  const item = fill ?? (report.itemId !== null ? await findItemById(tx, report.itemId) : null);
  const percent = parsePercent(text);
  await tx.report.update({
    where: { id: reportId },
    data: {
      ...(fill ? { itemId: fill.id } : {}),
      ...(text && !report.text ? { text } : text ? { text: `${report.text}\n${text}` } : {}),
      ...(percent.ok && percent.value !== null ? { percent: percent.value } : {}),
    },
  });
  if (fill) {
    await tx.photo.updateMany({ where: { reportId }, data: { itemId: fill.id } });
    await withdrawQuestion(ctx, reportId);
  }
  await addPhotos(ctx, reportId, item?.id ?? report.itemId, stored);
  if (!item) {
    await ctx.audit({ action: "report.photos_added", detail: { reportId, photos: stored.length } });
    return;
  }
  if (fill) {
    const all = await tx.photo.count({ where: { reportId } });
    await applyToItem(ctx, item, reportId, percent.ok ? percent.value : null, all);
  } else {
    await ctx.audit({ action: "report.photos_added", itemId: item.id, detail: { reportId, photos: stored.length } });
    await tx.item.update({ where: { id: item.id }, data: { lastReportAt: ctx.now, ...(percent.ok && percent.value !== null ? { progress: percent.value } : {}) } });
  }
  await queueReceipt(ctx, reportId, problems, true);
}

/** The item side of a report: last report time, progress, the first report's status change. */
async function applyToItem(ctx: HandlerContext, item: ItemRow, reportId: number, percent: number | null, photos: number): Promise<ItemRow> {
  const next = statusAfterReport(item.status);
  await ctx.tx.item.update({
    where: { id: item.id },
    data: { lastReportAt: ctx.now, ...(percent !== null ? { progress: percent } : {}), ...(next ? { status: next } : {}) },
    select: { id: true },
  });
  await ctx.audit({
    action: "report.created",
    itemId: item.id,
    detail: { reportId, photos, ...(percent !== null ? { progress: [item.progress, percent] } : {}), ...(next ? { status: [item.status, next] } : {}) },
  });
  return { ...item, lastReportAt: ctx.now, progress: percent ?? item.progress, status: next ?? item.status };
}

async function addPhotos(ctx: HandlerContext, reportId: number, itemId: number | null, stored: StoredMedia[]): Promise<void> {
  for (const { stored: s } of stored) {
    const flags = await evidenceFlags(
      ctx.tx,
      { sha256: s.sha256, phash: s.phash, takenAt: s.takenAt, receivedAt: ctx.now, reportId, itemId },
      { oldAfterDays: ctx.config.PHOTO_OLD_DAYS, phashMaxDistance: ctx.config.PHASH_MAX_DISTANCE },
    );
    await ctx.tx.photo.create({
      select: { id: true },
      data: {
        reportId,
        itemId,
        sha256: s.sha256,
        phash: s.phash,
        size: s.size,
        mime: s.mime,
        width: s.width,
        height: s.height,
        takenAt: s.takenAt,
        lat: s.lat,
        lon: s.lon,
        flags: flags.join(","),
        receivedAt: ctx.now,
      },
    });
  }
}

/**
 * The item a replied-to message is about: a bot message about an item, or a report itself
 * (in Slack a thread hangs under the person's report, not under the bot's receipt).
 */
async function itemOfRepliedMessage(ctx: HandlerContext, messageId: string): Promise<ItemRow | null> {
  const { platform, chatId } = ctx.event.chat;
  const about = await ctx.tx.botMessage.findUnique({
    where: { platform_chatId_messageId: { platform, chatId, messageId } },
    select: { itemCode: true },
  });
  if (about?.itemCode) return findItemByCode(ctx.tx, about.itemCode);
  const report = await ctx.tx.report.findFirst({ where: { platform, chatId, messageId, itemId: { not: null } }, select: { itemId: true } });
  return report?.itemId ? findItemById(ctx.tx, report.itemId) : null;
}

async function recentReportOf(ctx: HandlerContext): Promise<{ id: number; itemId: number | null; reporterId: number } | null> {
  const since = new Date(ctx.now.getTime() - ctx.config.PHOTO_WINDOW_MINUTES * 60_000);
  return ctx.tx.report.findFirst({
    where: { reporterId: ctx.person.id, platform: ctx.event.chat.platform, chatId: ctx.event.chat.chatId, at: { gte: since } },
    orderBy: { at: "desc" },
    select: { id: true, itemId: true, reporterId: true },
  });
}
