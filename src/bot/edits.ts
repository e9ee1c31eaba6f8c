/**
 * A person edited a message. An edit of a report within the photo window corrects that
 * report — its text, percent and item — and its receipt; it is never a second report.
 * Later, or once the item is signed off, the ledger stays as it is and the person is told
 * how to correct it. Edits of anything else are not processed again.
 */
import { findItemCode } from "../core/parse/item-code";
import { parsePercent } from "../core/parse/percent";
import { mayReportOn, statusAfterReport } from "../core/lifecycle";
import { findItemByCode, findItemById, itemState, type ItemRow } from "../ledger/items";
import { correctReport, findReportByMessage } from "../ledger/reports";
import type { HandlerContext } from "./context";
import { queueReceipt, withdrawQuestion } from "./receipts";
import { wantsAttention } from "./router";

const say = (ctx: HandlerContext, text: string) => ctx.reply({ blocks: [{ type: "text", text }] });

export async function handleEdit(ctx: HandlerContext): Promise<void> {
  const { event, tx, msg } = ctx;
  const report = event.messageId
    ? await findReportByMessage(tx, { platform: event.chat.platform, chatId: event.chat.chatId, messageId: event.messageId, reporterId: ctx.person.id })
    : null;
  if (!report) {
    if (event.chat.direct || wantsAttention(event)) await say(ctx, msg.edits.notAReport);
    return;
  }
  const current = report.itemId === null ? null : await findItemById(tx, report.itemId);
  if (current?.status === "signed_off") return say(ctx, msg.edits.signedOff({ code: current.code }));
  const windowMinutes = ctx.config.PHOTO_WINDOW_MINUTES;
  if (ctx.now.getTime() - report.at.getTime() > windowMinutes * 60_000) return say(ctx, msg.edits.tooLate({ minutes: windowMinutes }));

  const named = findItemCode(event.text);
  let item: ItemRow | null = current;
  if (named && named.code !== current?.code) {
    item = await findItemByCode(tx, named.code);
    if (!item) return say(ctx, msg.bot.unknownItem({ code: named.code }));
    if (!mayReportOn(ctx.person, itemState(item))) return say(ctx, msg.bot.notYourUnit({ code: item.code, unit: item.leadUnit.name }));
    if (item.status === "signed_off") return say(ctx, msg.edits.signedOff({ code: item.code }));
  }
  const text = (named ? named.rest : event.text).trim();
  const parsed = parsePercent(text);
  const percent = parsed.ok ? parsed.value : report.percent;
  const after = { text, percent, itemId: item?.id ?? null };
  await correctReport(tx, report, after);

  const next = item && item.id !== report.itemId ? statusAfterReport(item.status) : null;
  if (item && item.id !== report.itemId) {
    await tx.item.update({ where: { id: item.id }, data: { lastReportAt: report.at, ...(next ? { status: next } : {}) }, select: { id: true } });
    if (report.itemId === null) await withdrawQuestion(ctx, report.id);
  }
  await ctx.audit({
    action: "report.corrected",
    ...(item ? { itemId: item.id } : {}),
    detail: {
      reportId: report.id,
      before: { text: report.text, percent: report.percent, item: current?.code ?? null },
      after: { text, percent, item: item?.code ?? null },
      ...(next && item ? { status: [item.status, next] } : {}),
    },
  });
  const problems = [msg.edits.corrected, ...(parsed.ok ? [] : [msg.bot.badPercent({ raw: parsed.raw })])];
  await queueReceipt(ctx, report.id, problems, false);
}
