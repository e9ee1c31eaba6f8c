/**
 * Sign-off (销号) and deadline steps: apply with evidence, accept or return (four eyes),
 * extend, reopen, look-back. Each is a pure decision from core/lifecycle, then one ledger
 * operation (the change with its audit event) and the notices, all in the event's transaction.
 */
import type { ChatRef, OutboundMessage } from "../../core/chat";
import {
  decideAccept, decideApply, decideExtend, decideLookback, decideReopen, decideReturn, type Decision, type LifecycleError,
} from "../../core/lifecycle";
import type { SignOffWarning } from "../../core/history";
import type { Day } from "../../core/types";
import { repeatPetitionsAbout } from "../../ledger/cases";
import { chatsBoundFor } from "../../ledger/chats";
import { countDocumentsSince, countFlaggedPhotos, countPhotosSince, itemMeasures, findItemByCode, itemState, type ItemRow } from "../../ledger/items";
import { applyForSignOff, extendDeadline, recordLookback, reopenItem, returnApplication, signOff } from "../../ledger/signoff";
import type { HandlerContext } from "../context";
import { applicationNotice, confirmButton, historyButton, signOffCard } from "../signoff-card";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

async function loadItem(ctx: HandlerContext, code: string): Promise<ItemRow | null> {
  const item = await findItemByCode(ctx.session, code);
  if (!item) await ctx.reply(text(ctx.msg.bot.unknownItemQuery({ code })));
  return item;
}

async function refused<T>(ctx: HandlerContext, item: ItemRow, d: Decision<T>): Promise<boolean> {
  if (d.ok) return false;
  await ctx.reply(text(ctx.msg.bot.lifecycle[d.error as LifecycleError]({ code: item.code })));
  return true;
}

/** Group chats bound to a purpose (and unit), except the one the event came from. */
async function chatsFor(ctx: HandlerContext, purpose: "unit" | "coordinators", unitId?: number): Promise<ChatRef[]> {
  const chats = await chatsBoundFor(ctx.session, purpose, unitId);
  return chats.filter((c) => !(c.platform === ctx.event.chat.platform && c.chatId === ctx.event.chat.chatId));
}

async function tell(ctx: HandlerContext, chats: ChatRef[], message: OutboundMessage): Promise<void> {
  for (const to of chats) await ctx.notify(to, message, `notice:${ctx.event.chat.platform}:${ctx.event.eventId}:${to.platform}:${to.chatId}`);
}

export async function applyCommand(ctx: HandlerContext, code: string, note: string): Promise<void> {
  const item = await loadItem(ctx, code);
  if (!item) return;
  const evidence = await countPhotosSince(ctx.session, item.id, item.assignedAt);
  // A document (a PDF, a monitoring sheet) is evidence as a photo is.
  const documents = await countDocumentsSince(ctx.session, item.id, item.assignedAt);
  const d = decideApply(ctx.person, itemState(item), evidence + documents);
  if (await refused(ctx, item, d)) return;
  await applyForSignOff(ctx.session, item, { evidence, documents, note }, ctx.change);
  await ctx.reply(text(ctx.msg.bot.applied({ code: item.code, photos: evidence, documents })));
  const applied: ItemRow = { ...item, status: "awaiting_signoff", appliedAt: ctx.now, appliedById: ctx.person.id };
  await tell(ctx, await chatsFor(ctx, "coordinators"), await applicationNotice(ctx, applied, { person: ctx.person.name, evidence, documents, note }));
}

/**
 * Accepting with warnings is two steps: the first shows the card and asks, the second
 * (仍然销号, or "/销号 <编号> 确认") signs off and keeps the warnings in the record.
 */
export async function acceptCommand(ctx: HandlerContext, code: string, note: string, confirmed: boolean, seen?: SignOffWarning["kind"][]): Promise<void> {
  const item = await loadItem(ctx, code);
  if (!item) return;
  const flagged = await countFlaggedPhotos(ctx.session, item.id);
  const measures = await itemMeasures(ctx.session, item.id);
  const repeatPetitions = await repeatPetitionsAbout(ctx.session, item.id);
  const d = decideAccept(ctx.person, itemState(item), ctx.today, { flaggedPhotos: flagged, measures, repeatPetitions, lookbackBaseDays: ctx.config.LOOKBACK_BASE_DAYS });
  if (await refused(ctx, item, d) || !d.ok) return;
  const card = await signOffCard(ctx, item, "");
  // Confirmed from a card: only the warnings that card showed are accepted; a new one shows the card again.
  const unseen = seen ? card.warnings.filter((w) => !seen.includes(w.kind)) : [];
  if (card.warnings.length && (!confirmed || unseen.length > 0)) {
    await ctx.reply({
      ...card.message,
      blocks: [...card.message.blocks, { type: "text", text: ctx.msg.history.card.confirmHint({ code: item.code }) }],
      buttons: [[confirmButton(ctx, item.code, card.warnings), historyButton(ctx, item.code)]],
    });
    return;
  }
  await signOff(ctx.session, item, { lookbackDue: d.change.lookbackDue, note, warnings: card.warnings }, ctx.change);
  const done = text(ctx.msg.bot.accepted({ code: item.code, title: item.title, lookback: d.change.lookbackDue }));
  await ctx.reply(done);
  await tell(ctx, await chatsFor(ctx, "unit", item.leadUnitId), done);
}

export async function returnCommand(ctx: HandlerContext, code: string, reason: string): Promise<void> {
  const item = await loadItem(ctx, code);
  if (!item) return;
  const d = decideReturn(ctx.person, itemState(item), reason);
  if (await refused(ctx, item, d)) return;
  const returns = await returnApplication(ctx.session, item, reason, ctx.change);
  const notice = text(ctx.msg.bot.returned({ code: item.code, title: item.title, reason, returns }));
  await ctx.reply(notice);
  await tell(ctx, await chatsFor(ctx, "unit", item.leadUnitId), { ...notice, about: { itemCode: item.code } });
}

export async function extendCommand(ctx: HandlerContext, code: string, day: Day, reason: string): Promise<void> {
  const item = await loadItem(ctx, code);
  if (!item) return;
  const d = decideExtend(ctx.person, itemState(item), day, ctx.today, reason);
  if (await refused(ctx, item, d)) return;
  await extendDeadline(ctx.session, item, { to: day, reason }, ctx.change);
  const notice = text(ctx.msg.bot.extended({ code: item.code, from: item.deadline ?? "", to: day, reason, original: item.originalDeadline ?? item.deadline ?? "" }));
  await ctx.reply(notice);
  await tell(ctx, await chatsFor(ctx, "unit", item.leadUnitId), notice);
}

export async function reopenCommand(ctx: HandlerContext, code: string, reason: string): Promise<void> {
  const item = await loadItem(ctx, code);
  if (!item) return;
  const d = decideReopen(ctx.person, itemState(item), reason);
  if (await refused(ctx, item, d)) return;
  await reopenItem(ctx.session, item, reason, ctx.change);
  const notice = text(ctx.msg.bot.reopened({ code: item.code, title: item.title, reason }));
  await ctx.reply(notice);
  await tell(ctx, await chatsFor(ctx, "unit", item.leadUnitId), { ...notice, about: { itemCode: item.code } });
}

export async function lookbackCommand(ctx: HandlerContext, code: string, passed: boolean, note: string): Promise<void> {
  const item = await loadItem(ctx, code);
  if (!item) return;
  const d = decideLookback(ctx.person, itemState(item), passed, note);
  if (await refused(ctx, item, d) || !d.ok) return;
  await recordLookback(ctx.session, item, { passed, note, status: d.change.status }, ctx.change);
  const notice = text(passed ? ctx.msg.bot.lookbackPassed({ code: item.code }) : ctx.msg.bot.lookbackFailed({ code: item.code, note }));
  await ctx.reply(notice);
  // Reopened: the unit's groups hear why and that its reports continue the item.
  if (!passed) await tell(ctx, await chatsFor(ctx, "unit", item.leadUnitId), { ...notice, about: { itemCode: item.code } });
}

