/**
 * Finding things: /查询 by code, else by keyword (paged with buttons), "您是不是要找" for a
 * code that does not exist, and units by part of their name. Anyone bound may read.
 */
import type { Button, OutboundMessage } from "../../core/chat";
import { looksLikeCode, suggestCodes } from "../../core/find";
import { summariseChases } from "../../core/chase";
import { dayOf } from "../../core/days";
import { chasesOf } from "../../ledger/chases";
import { findItemByCode, findUnitByName, itemCardFacts } from "../../ledger/items";
import { itemCodes, searchItems, SEARCH_LIMIT, unitsLike, type UnitRef } from "../../ledger/find";
import { keepChoice } from "../../ledger/pending-choices";
import { itemCard, itemLine } from "../cards";
import type { HandlerContext } from "../context";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

export const SEARCH_PAGE = 10;
/** Telegram hands back at most 64 bytes of button data. */
const BUTTON_BYTES = 64;
const fits = (data: string) => Buffer.byteLength(data, "utf8") <= BUTTON_BYTES;

/** Buttons that each send a command again with one choice filled in, those that fit. */
function choiceButtons(choices: string[], data: (choice: string) => string): Button[][] {
  return choices.filter((c) => fits(data(c))).map((c) => [{ label: c, data: data(c) }]);
}

/**
 * Buttons that each send a whole command again with one choice filled in. When any of them
 * would not fit in button data, the commands are kept in the ledger and the buttons carry
 * only their token: a /催办's request and 期限, a /转办's reason survive the question.
 */
async function keptChoiceButtons(ctx: HandlerContext, choices: string[], command: (choice: string) => string): Promise<Button[][]> {
  const commands = choices.map(command);
  if (commands.every(fits)) return choices.map((c, i) => [{ label: c, data: commands[i]! }]);
  const token = await keepChoice(ctx.session, commands, ctx.now);
  return choices.map((c, i) => [{ label: c, data: `choice:${token}:${i}` }]);
}

/** The codes nearest to one that does not exist, as "您是不是要找" with a button each; null when none is near. */
export async function suggestionFor(ctx: HandlerContext, code: string): Promise<OutboundMessage | null> {
  const codes = suggestCodes(code, await itemCodes(ctx.session));
  if (!codes.length) return null;
  return {
    blocks: [{ type: "text", text: ctx.msg.find.didYouMean({ code, codes: codes.join("、") }) }],
    buttons: choiceButtons(codes, (c) => `/status ${c}`),
  };
}

export async function statusCommand(ctx: HandlerContext, code: string, query: string): Promise<void> {
  const item = await findItemByCode(ctx.session, code);
  if (item) {
    const card = itemCard(ctx, item, await itemCardFacts(ctx.session, item));
    const chases = summariseChases(await chasesOf(ctx.session, item.id));
    if (chases) card.blocks.push({ type: "text", text: ctx.msg.office.chaseSummary({ n: chases.count, last: dayOf(chases.last, ctx.config.DUBAN_TZ), unanswered: chases.unanswered }) });
    return ctx.reply(card);
  }
  if (looksLikeCode(query)) {
    const suggestion = await suggestionFor(ctx, code);
    if (suggestion) return ctx.reply(suggestion);
    // A code-like word may still be written in a title or measure ("2号排口").
    const found = await searchItems(ctx.session, query);
    if (!found.length) return ctx.reply(text(ctx.msg.bot.unknownItemQuery({ code })));
  }
  return searchCommand(ctx, query, 0);
}

/** One page of the items containing the keyword, with 上一页 / 下一页 buttons where they fit. */
export async function searchCommand(ctx: HandlerContext, keyword: string, page: number): Promise<void> {
  const items = await searchItems(ctx.session, keyword);
  if (!items.length) return ctx.reply(text(ctx.msg.find.noResults({ keyword })));
  const pages = Math.ceil(items.length / SEARCH_PAGE);
  if (page >= pages) return ctx.reply(text(ctx.msg.find.noPage({ page: page + 1, pages })));
  const shown = items.slice(page * SEARCH_PAGE, (page + 1) * SEARCH_PAGE);
  const f = ctx.msg.find;
  const blocks: OutboundMessage["blocks"] = [
    { type: "heading", text: f.results({ keyword, total: items.length, page: page + 1, pages }) },
    { type: "list", items: shown.map((i) => itemLine(ctx, i)) },
    { type: "text", text: items.length >= SEARCH_LIMIT ? `${f.tooMany({ max: SEARCH_LIMIT })} ${f.hint}` : f.hint },
  ];
  const turn = (to: number) => `find:${to}:${keyword}`;
  const row: Button[] = [];
  if (page > 0 && fits(turn(page - 1))) row.push({ label: f.previous, data: turn(page - 1) });
  if (page + 1 < pages && fits(turn(page + 1))) row.push({ label: f.next, data: turn(page + 1) });
  await ctx.reply({ blocks, ...(row.length ? { buttons: [row] } : {}) });
}

/**
 * The unit a name means: its name or alias exactly, else the only unit whose names contain
 * it. When several do, asks which (a button each sending `again(name)`) and gives null;
 * when none does, says so and gives null.
 */
export async function resolveUnit(ctx: HandlerContext, name: string, again: (unit: string) => string): Promise<UnitRef | null> {
  const exact = await findUnitByName(ctx.session, name);
  if (exact) return exact;
  const units = await unitsLike(ctx.session, name);
  if (units.length === 1) return units[0]!;
  if (!units.length) {
    await ctx.reply(text(ctx.msg.bot.unknownUnit({ name })));
    return null;
  }
  const names = units.map((u) => u.name);
  await ctx.reply({
    blocks: [{ type: "text", text: ctx.msg.find.whichUnit({ name, units: names.join("、") }) }],
    buttons: await keptChoiceButtons(ctx, names, again),
  });
  return null;
}
