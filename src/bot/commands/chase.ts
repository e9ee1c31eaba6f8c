/**
 * Chasing (/催办) by the office and leaders, and leaders' instructions (/批示, or a leader's
 * "#编号 内容"): recorded on the item and sent to the unit's group and the responsible
 * person, held until morning in quiet hours.
 */
import type { ChatRef, OutboundMessage } from "../../core/chat";
import { mayChase, mayInstruct, sendableAt } from "../../core/chase";
import { formatInstant } from "../../core/days";
import { looksLikeCode } from "../../core/find";
import type { Day } from "../../core/types";
import { recordChase, recordInstruction } from "../../ledger/chases";
import { findItemByCode, overdueItems, type ItemRow } from "../../ledger/items";
import { queueMessage } from "../../ledger/outbox";
import { itemLine } from "../cards";
import type { HandlerContext } from "../context";
import { resolveUnit, suggestionFor } from "./find";
import { noticeTargets } from "./office";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

/** Queues the notice for when it may go out; gives that moment when it is later than now. */
async function send(ctx: HandlerContext, targets: ChatRef[], message: OutboundMessage, what: string): Promise<string | null> {
  const at = sendableAt(ctx.now, ctx.config.DUBAN_TZ, ctx.config.QUIET_HOURS);
  for (const to of targets) {
    await queueMessage(ctx.session, { key: `${what}:${ctx.eventKey}:${to.platform}:${to.chatId}`, to, message, notBefore: at }, ctx.now);
  }
  return at > ctx.now ? formatInstant(at, ctx.config.DUBAN_TZ) : null;
}

/** The item a code names, or null once "您是不是要找" or "not found" is sent. */
async function itemOrSuggestion(ctx: HandlerContext, code: string): Promise<ItemRow | null> {
  const item = await findItemByCode(ctx.session, code);
  if (!item) await ctx.reply((await suggestionFor(ctx, code)) ?? text(ctx.msg.bot.unknownItem({ code })));
  return item;
}

export async function chaseCommand(ctx: HandlerContext, c: { target: string; code: string; request: string; due: Day | null }): Promise<void> {
  if (!mayChase(ctx.person.roles)) return ctx.reply(text(ctx.msg.office.chaseDenied));
  const item = await findItemByCode(ctx.session, c.code);
  if (item) return chaseItem(ctx, item, c.request, c.due);
  if (looksLikeCode(c.target)) {
    await itemOrSuggestion(ctx, c.code);
    return;
  }
  // The button asking which unit sends the whole chase again, request and 期限 included.
  const unit = await resolveUnit(ctx, c.target, (name) => [`/chase ${name}`, c.request, c.due ?? ""].filter(Boolean).join(" "));
  if (!unit) return;
  const items = await overdueItems(ctx.session, ctx.today, { unitId: unit.id });
  if (!items.length) return ctx.reply(text(ctx.msg.office.noOverdue({ unit: unit.name })));
  for (const i of items) await recordChase(ctx.session, i, { request: c.request, dueDay: c.due }, ctx.change);
  const notice: OutboundMessage = text(ctx.msg.office.chaseUnitNotice({
    unit: unit.name, n: items.length, lines: items.map((i) => `• ${itemLine(ctx, i)}`).join("\n"), by: ctx.person.name, request: c.request, due: c.due,
  }));
  const later = await send(ctx, await noticeTargets(ctx, [unit.id], items.map((i) => i.personId)), notice, "chase");
  await ctx.reply(text(ctx.msg.office.chasedUnit({ unit: unit.name, n: items.length, later })));
}

async function chaseItem(ctx: HandlerContext, item: ItemRow, request: string, due: Day | null): Promise<void> {
  await recordChase(ctx.session, item, { request, dueDay: due }, ctx.change);
  const notice: OutboundMessage = {
    ...text(ctx.msg.office.chaseNotice({ code: item.code, title: item.title, unit: item.leadUnit.name, by: ctx.person.name, request, due })),
    about: { itemCode: item.code },
  };
  const later = await send(ctx, await noticeTargets(ctx, [item.leadUnitId], [item.personId]), notice, "chase");
  await ctx.reply(text(ctx.msg.office.chased({ code: item.code, unit: item.leadUnit.name, later })));
}

export async function instructCommand(ctx: HandlerContext, code: string, words: string): Promise<void> {
  if (!mayInstruct(ctx.person.roles)) return ctx.reply(text(ctx.msg.office.instructDenied));
  const item = await itemOrSuggestion(ctx, code);
  if (item) await instruct(ctx, item, words);
}

/** A leader's instruction on a known item (also a leader's "#编号 内容"). */
export async function instruct(ctx: HandlerContext, item: ItemRow, words: string): Promise<void> {
  await recordInstruction(ctx.session, item, words, ctx.change);
  const notice: OutboundMessage = {
    ...text(ctx.msg.office.instructionNotice({ code: item.code, title: item.title, unit: item.leadUnit.name, by: ctx.person.name, text: words })),
    about: { itemCode: item.code },
  };
  const later = await send(ctx, await noticeTargets(ctx, [item.leadUnitId], [item.personId]), notice, "instruct");
  await ctx.reply(text(`${ctx.msg.office.instructed({ code: item.code, unit: item.leadUnit.name })}${later ? ` ${ctx.msg.office.heldUntil({ at: later })}` : ""}`));
}
