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
import { flagOptions } from "./reports";
import { wantsAttention } from "./router";

const say = (ctx: HandlerContext, text: string) => ctx.reply({ blocks: [{ type: "text", text }] });

export async function handleEdit(ctx: HandlerContext): Promise<void> {
  const { event, session, msg } = ctx;
  const report = event.messageId
    ? await findReportByMessage(session, { platform: event.chat.platform, chatId: event.chat.chatId, messageId: event.messageId, reporterId: ctx.person.id })
    : null;
  if (!report) {
    if (event.chat.direct || wantsAttention(event)) await say(ctx, msg.edits.notAReport);
    return;
  }
  const current = report.itemId === null ? null : await findItemById(session, report.itemId);
  if (current?.status === "signed_off") return say(ctx, msg.edits.signedOff({ code: current.code }));
  const windowMinutes = ctx.config.PHOTO_WINDOW_MINUTES;
  if (ctx.now.getTime() - report.at.getTime() > windowMinutes * 60_000) return say(ctx, msg.edits.tooLate({ minutes: windowMinutes }));

  const named = findItemCode(event.text);
  let item: ItemRow | null = current;
  if (named && named.code !== current?.code) {
    item = await findItemByCode(session, named.code);
    if (!item) return say(ctx, msg.bot.unknownItem({ code: named.code }));
    if (!mayReportOn(ctx.person, itemState(item))) return say(ctx, msg.bot.notYourUnit({ code: item.code, unit: item.leadUnit.name }));
    if (item.status === "signed_off") return say(ctx, msg.edits.signedOff({ code: item.code }));
  }
  const text = (named ? named.rest : event.text).trim();
  const parsed = parsePercent(text);
  const percent = parsed.ok ? parsed.value : report.percent;
  const next = item && item.id !== report.itemId ? statusAfterReport(item.status) : null;
  await correctReport(session, { before: report, after: { text, percent }, from: current, to: item, next, flags: flagOptions(ctx) }, ctx.change);
  if (item && item.id !== report.itemId && report.itemId === null) await withdrawQuestion(ctx, report.id);
  const problems = [msg.edits.corrected, ...(parsed.ok ? [] : [msg.bot.badPercent({ raw: parsed.raw })])];
  await queueReceipt(ctx, report.id, problems, false);
}
