/**
 * Petition cases (信访件): query, handle, extend, disclose. The ledger's case operations
 * never read the petitioner's identity: nothing in a chat can show it.
 */
import type { OutboundMessage } from "../../core/chat";
import { isCoordinator } from "../../core/lifecycle";
import { caseDeadline, checkCaseExtension } from "../../core/petition";
import { daysBetween } from "../../core/days";
import type { Day, Finding } from "../../core/types";
import { discloseCase, extendCase, findCase, handleCase, linkCaseToItem, type CaseRow } from "../../ledger/cases";
import { findItemByCode } from "../../ledger/items";
import { lookbackAfterPetition } from "../../ledger/lookbacks";
import type { HandlerContext } from "../context";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

async function loadCase(ctx: HandlerContext, caseNo: string): Promise<CaseRow | null> {
  const found = await findCase(ctx.session, caseNo);
  if (!found) await ctx.reply(text(ctx.msg.bot.cases.unknown({ caseNo })));
  return found;
}

export async function caseCommand(ctx: HandlerContext, caseNo: string): Promise<void> {
  const c = await loadCase(ctx, caseNo);
  if (!c) return;
  const m = ctx.msg.bot.cases;
  const common = ctx.msg.common;
  const due = caseDeadline(c);
  const lines = [
    m.assigned({ batch: c.batch ?? common.none, on: c.assignedOn }),
    m.unit({ unit: c.unit.name, leader: c.ownerLeader ?? common.none }),
    m.status({ status: common.caseStatus[c.status] }),
    ...(due ? [m.deadline({ day: due.day, basis: m.basis[due.basis], days: daysBetween(ctx.today, due.day) })] : []),
    ...(c.place || c.pollutionType ? [m.place({ place: c.place ?? common.none, type: c.pollutionType ?? common.none })] : []),
    ...(c.finding ? [m.finding({ finding: common.finding[c.finding], actions: c.actions ?? "" })] : []),
    ...(c.repeats ? [m.repeats({ cases: c.repeats })] : []),
  ];
  await ctx.reply({
    blocks: [{ type: "heading", text: `${c.caseNo} ${c.summary.slice(0, 60)}` }, { type: "list", items: lines }],
    about: { caseNo: c.caseNo },
  });
}

export async function handleCaseCommand(ctx: HandlerContext, caseNo: string, finding: Finding, actions: string): Promise<void> {
  const c = await loadCase(ctx, caseNo);
  if (!c) return;
  if (!isCoordinator(ctx.person) && ctx.person.unitId !== c.unitId) return ctx.reply(text(ctx.msg.bot.cases.notYourCase({ caseNo: c.caseNo })));
  if (c.status === "handled" || c.status === "disclosed") return ctx.reply(text(ctx.msg.bot.cases.alreadyHandled({ caseNo: c.caseNo })));
  await handleCase(ctx.session, c, { finding, actions, today: ctx.today }, ctx.change);
  await ctx.reply(text(ctx.msg.bot.cases.handled({ caseNo: c.caseNo, finding: ctx.msg.common.finding[finding] })));
}

export async function extendCaseCommand(ctx: HandlerContext, caseNo: string, day: Day, reason: string): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  const c = await loadCase(ctx, caseNo);
  if (!c) return;
  const check = checkCaseExtension(c, day, ctx.today);
  if (!check.ok) return ctx.reply(text(ctx.msg.bot.cases.extensionRefused[check.reason]({ caseNo: c.caseNo })));
  await extendCase(ctx.session, c, { to: day, reason }, ctx.change);
  await ctx.reply(text(ctx.msg.bot.cases.extended({ caseNo: c.caseNo, day, reason })));
}

export async function discloseCommand(ctx: HandlerContext, caseNo: string): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  const c = await loadCase(ctx, caseNo);
  if (!c) return;
  if (c.status !== "handled") return ctx.reply(text(ctx.msg.bot.cases.notHandled({ caseNo: c.caseNo })));
  await discloseCase(ctx.session, c, ctx.change);
  await ctx.reply(text(ctx.msg.bot.cases.disclosed({ caseNo: c.caseNo })));
}

/**
 * /关联 <交办编号> <编号>: the case is about this item. A repeat petition about an item that is
 * signed off says the fix may not be there: its look-back comes sooner (core/lookback-risk).
 */
export async function linkCaseCommand(ctx: HandlerContext, caseNo: string, code: string | null): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  const c = await loadCase(ctx, caseNo);
  if (!c) return;
  const m = ctx.msg.bot.cases;
  if (code === null) {
    await linkCaseToItem(ctx.session, c, null, ctx.change);
    return ctx.reply(text(m.unlinked({ caseNo: c.caseNo })));
  }
  const item = await findItemByCode(ctx.session, code);
  if (!item) return ctx.reply(text(ctx.msg.bot.unknownItemQuery({ code })));
  await linkCaseToItem(ctx.session, c, item, ctx.change);
  const lines = [m.linked({ caseNo: c.caseNo, code: item.code, title: item.title })];
  const sooner = await lookbackAfterPetition(ctx.session, item, { caseNo: c.caseNo, today: ctx.today, baseDays: ctx.config.LOOKBACK_BASE_DAYS }, ctx.change);
  if (sooner) lines.push(m.lookbackForward({ code: item.code, ...sooner }));
  await ctx.reply(text(lines.join("\n")));
}
