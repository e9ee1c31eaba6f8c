/** Reading the ledger: /我的, /逾期, /临期, /单位 (/查询 is in find.ts). Anyone bound may read. */
import type { HandlerContext } from "../context";
import { dueItems, openItems, overdueItems, unitItems } from "../../ledger/items";
import { isCoordinator } from "../../core/lifecycle";
import { itemList, viewOf } from "../cards";
import { resolveUnit } from "./find";
import type { ItemStatus, Light } from "../../core/types";


/** The person's own items first, then the rest of the unit's, each list under a heading that says which. */
export async function mineCommand(ctx: HandlerContext): Promise<void> {
  const l = ctx.msg.bot.lists;
  const unitId = ctx.person.unitId ?? undefined;
  const own = await openItems(ctx.session, { personId: ctx.person.id });
  const rest = unitId !== undefined
    ? (await openItems(ctx.session, { involvingUnitId: unitId })).filter((i) => i.personId !== ctx.person.id)
    : [];
  if (!own.length && !rest.length) return ctx.reply({ blocks: [{ type: "text", text: l.mineEmpty }] });
  const blocks = [
    ...(own.length ? itemList(ctx, ctx.msg.office.mineOwn, own, "", "", unitId).blocks : []),
    ...(rest.length ? itemList(ctx, ctx.msg.office.mineUnit, rest, "", "", unitId).blocks : []),
  ];
  await ctx.reply({ blocks: [...blocks, { type: "text", text: l.hintStatus }] });
}

/**
 * Without a unit, officials see their own unit's list and the office and leaders see the
 * county's; with a unit, anyone may look.
 */
async function scopeOf(ctx: HandlerContext, command: "overdue" | "due", unitName?: string): Promise<{ unitId?: number } | null> {
  if (unitName) {
    const unit = await resolveUnit(ctx, unitName, (name) => `/${command} ${name}`);
    return unit && { unitId: unit.id };
  }
  const countyWide = isCoordinator(ctx.person) || ctx.person.roles.includes("leader") || ctx.person.unitId === null;
  return countyWide ? {} : { unitId: ctx.person.unitId! };
}

export async function overdueCommand(ctx: HandlerContext, unitName?: string): Promise<void> {
  const scope = await scopeOf(ctx, "overdue", unitName);
  if (!scope) return;
  const items = await overdueItems(ctx.session, ctx.today, { involvingUnitId: scope.unitId });
  await ctx.reply(itemList(ctx, ctx.msg.bot.lists.overdue, items, ctx.msg.bot.lists.overdueEmpty, ctx.msg.bot.lists.hintUnit, scope.unitId));
}

export async function dueCommand(ctx: HandlerContext, unitName?: string): Promise<void> {
  const scope = await scopeOf(ctx, "due", unitName);
  if (!scope) return;
  const items = await dueItems(ctx.session, ctx.today, ctx.thresholds.dueSoonDays, { involvingUnitId: scope.unitId });
  await ctx.reply(
    itemList(ctx, ctx.msg.bot.lists.due({ days: ctx.thresholds.dueSoonDays }), items, ctx.msg.bot.lists.dueEmpty, ctx.msg.bot.lists.hintUnit, scope.unitId),
  );
}

export async function unitCommand(ctx: HandlerContext, unitName: string): Promise<void> {
  const unit = await resolveUnit(ctx, unitName, (name) => `/unit ${name}`);
  if (!unit) return;
  const items = await unitItems(ctx.session, unit.id);
  const lights: Record<Light, number> = { red: 0, yellow: 0, green: 0 };
  const byStatus = new Map<ItemStatus, number>();
  const attention = [];
  for (const item of items) {
    const view = viewOf(ctx, item);
    byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
    if (view.signedOff) continue;
    lights[view.light] += 1;
    if (view.light !== "green") attention.push(item);
  }
  const c = ctx.msg.common;
  const summary = ctx.msg.bot.unitSummary({
    unit: unit.name,
    total: items.length,
    statuses: [...byStatus].map(([s, n]) => `${c.status[s]} ${n}`).join(" · "),
    red: lights.red,
    yellow: lights.yellow,
    green: lights.green,
  });
  const list = itemList(ctx, ctx.msg.bot.lists.attention, attention, ctx.msg.bot.lists.attentionEmpty, ctx.msg.bot.lists.hintStatus, unit.id);
  await ctx.reply({ blocks: [{ type: "heading", text: unit.name }, { type: "text", text: summary }, ...list.blocks] });
}
