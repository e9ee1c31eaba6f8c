/** How items and lists look in a chat: short lines for phones, details one command away. */
import type { Block, OutboundMessage } from "../core/chat";
import { dayOf, formatInstant } from "../core/days";
import { viewItem, type ItemView } from "../core/lights";
import type { Catalogue } from "../i18n/index";
import type { ItemRow } from "../ledger/items";
import type { Config } from "../config";
import type { Thresholds } from "../core/lights";
import type { Day } from "../core/types";

/** What rendering needs to know: the language and the clock's day. */
export interface ViewContext {
  msg: Catalogue;
  config: Config;
  today: Day;
  thresholds: Thresholds;
}

export const LIST_SHOWN = 15;

export function viewOf(ctx: ViewContext, item: ItemRow): ItemView {
  return viewItem(item, ctx.today, (at) => dayOf(at, ctx.config.DUBAN_TZ), ctx.thresholds);
}

/** Deadline in words: "2026-12-31（还有12天）", "逾期5天", or long-term. */
export function deadlineText(ctx: ViewContext, item: ItemRow, view: ItemView): string {
  const c = ctx.msg.common;
  if (item.longTerm || !item.deadline) return c.longTerm;
  if (view.signedOff) return item.deadline;
  if (view.overdue) return `${item.deadline}（${c.overdueBy(view.overdueDays)}）`;
  return `${item.deadline}（${c.dueIn(view.dueInDays ?? 0)}）`;
}

export function statusLine(ctx: ViewContext, item: ItemRow): string {
  const view = viewOf(ctx, item);
  const c = ctx.msg.common;
  return ctx.msg.bot.statusLine({
    status: c.status[item.status],
    light: c.light[view.light],
    deadline: deadlineText(ctx, item, view),
  });
}

/** The light as a word too, for screens without colour emoji: 逾期, 临期, 正常, … */
export function lightWord(ctx: ViewContext, view: ItemView): string {
  const w = ctx.msg.office.lightWord;
  if (view.signedOff) return w.signedOff;
  if (view.overdue) return w.overdue;
  if (view.light === "red") return w.red;
  if (view.dueSoon) return w.dueSoon;
  if (view.stale) return w.stale;
  return w.normal;
}

/**
 * One line of a list: light and its word, code, title, who leads (or, seen from `unitId`,
 * whether that unit leads or cooperates), deadline.
 */
export function itemLine(ctx: ViewContext, item: ItemRow, view = viewOf(ctx, item), unitId?: number): string {
  const o = ctx.msg.office;
  const role = unitId === undefined ? o.leads({ unit: item.leadUnit.name })
    : unitId === item.leadUnitId ? o.lead : o.cooperates({ unit: item.leadUnit.name });
  return `${ctx.msg.common.lightDot[view.light]}${lightWord(ctx, view)} ${item.code} ${item.title} · ${role} · ${deadlineText(ctx, item, view)}`;
}

const LIGHT_RANK: Record<ItemView["light"], number> = { red: 0, yellow: 1, green: 2 };

/** 🔴 before 🟡 before 🟢, each in the order the ledger gave. */
export function byLight(ctx: ViewContext, items: ItemRow[]): ItemRow[] {
  return items
    .map((item, i) => ({ item, i, rank: LIGHT_RANK[viewOf(ctx, item).light] }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.item);
}

export function itemCard(
  ctx: ViewContext,
  item: ItemRow,
  extra: { photos: number; reports: number; flagged: number; cooperating: string[]; extensions: number },
): OutboundMessage {
  const { msg } = ctx;
  const c = msg.common;
  const view = viewOf(ctx, item);
  const lines = [
    msg.bot.card.unit({ lead: item.leadUnit.name, cooperating: extra.cooperating.join("、") }),
    msg.bot.card.people({ leader: item.leaderName ?? c.none, person: item.personName ?? c.none }),
    msg.bot.card.status({ status: c.status[item.status], light: c.light[view.light], progress: item.progress }),
    msg.bot.card.deadline({ deadline: deadlineText(ctx, item, view), original: item.originalDeadline !== item.deadline ? item.originalDeadline : null, extensions: extra.extensions }),
    msg.bot.card.reports({
      reports: extra.reports,
      photos: extra.photos,
      last: item.lastReportAt ? formatInstant(item.lastReportAt, ctx.config.DUBAN_TZ) : null,
      stale: view.stale ? view.silentDays : null,
    }),
  ];
  if (extra.flagged) lines.push(msg.bot.card.flagged({ n: extra.flagged }));
  if (item.returnCount) lines.push(msg.bot.card.returned({ n: item.returnCount, reason: item.lastReturnReason ?? "" }));
  if (item.lookbackDue && item.status === "signed_off") lines.push(msg.bot.card.lookback({ due: item.lookbackDue, result: item.lookbackResult }));
  return {
    blocks: [{ type: "heading", text: `${item.code} ${item.title}` }, { type: "list", items: lines }],
    about: { itemCode: item.code },
  };
}

/** A titled list that says how many more there are and which command narrows it. */
export function itemList(ctx: ViewContext, title: string, items: ItemRow[], empty: string, moreHint: string, unitId?: number): OutboundMessage {
  if (items.length === 0) return { blocks: [{ type: "text", text: empty }] };
  const shown = byLight(ctx, items).slice(0, LIST_SHOWN);
  const blocks: Block[] = [
    { type: "heading", text: ctx.msg.common.count(title, items.length) },
    { type: "list", items: shown.map((i) => itemLine(ctx, i, undefined, unitId)) },
  ];
  if (items.length > shown.length) blocks.push({ type: "text", text: `${ctx.msg.common.more(items.length - shown.length)} ${moreHint}` });
  return { blocks };
}
