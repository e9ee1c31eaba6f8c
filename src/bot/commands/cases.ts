/**
 * Petition cases (信访件): query, handle, extend, disclose. The petitioner's identity is
 * stored apart (Petitioner) and never selected here: nothing in a chat can show it.
 */
import type { OutboundMessage } from "../../core/chat";
import { isCoordinator } from "../../core/lifecycle";
import { caseDeadline, checkCaseExtension } from "../../core/petition";
import { daysBetween } from "../../core/days";
import type { Day, Finding } from "../../core/types";
import type { HandlerContext } from "../context";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

const caseSelect = {
  id: true, caseNo: true, batch: true, assignedOn: true, summary: true, place: true, pollutionType: true,
  unitId: true, ownerLeader: true, batchDue: true, acceptedOn: true, extendedTo: true, status: true,
  finding: true, actions: true, disclosed: true, repeats: true, unit: { select: { name: true } },
} as const;

async function loadCase(ctx: HandlerContext, caseNo: string) {
  const found = await ctx.tx.petitionCase.findUnique({ where: { caseNo: caseNo.trim() }, select: caseSelect });
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
    m.status({ status: common.caseStatus[c.status] ?? c.status }),
    ...(due ? [m.deadline({ day: due.day, basis: m.basis[due.basis]!, days: daysBetween(ctx.today, due.day) })] : []),
    ...(c.place || c.pollutionType ? [m.place({ place: c.place ?? common.none, type: c.pollutionType ?? common.none })] : []),
    ...(c.finding ? [m.finding({ finding: common.finding[c.finding] ?? c.finding, actions: c.actions ?? "" })] : []),
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
  await ctx.tx.petitionCase.update({
    where: { id: c.id },
    data: { status: "handled", finding, actions, acceptedOn: c.acceptedOn ?? ctx.today },
  });
  await ctx.audit({ action: "case.handled", caseId: c.id, detail: { status: [c.status, "handled"], finding, actions } });
  await ctx.reply(text(ctx.msg.bot.cases.handled({ caseNo: c.caseNo, finding: ctx.msg.common.finding[finding]! })));
}

export async function extendCaseCommand(ctx: HandlerContext, caseNo: string, day: Day, reason: string): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  const c = await loadCase(ctx, caseNo);
  if (!c) return;
  const check = checkCaseExtension(c, day, ctx.today);
  if (!check.ok) return ctx.reply(text(ctx.msg.bot.cases.extensionRefused[check.reason]({ caseNo: c.caseNo })));
  await ctx.tx.petitionCase.update({ where: { id: c.id }, data: { extendedTo: day, extensionReason: reason } });
  await ctx.audit({ action: "case.extended", caseId: c.id, detail: { extendedTo: day, reason } });
  await ctx.reply(text(ctx.msg.bot.cases.extended({ caseNo: c.caseNo, day, reason })));
}

export async function discloseCommand(ctx: HandlerContext, caseNo: string): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  const c = await loadCase(ctx, caseNo);
  if (!c) return;
  if (c.status !== "handled") return ctx.reply(text(ctx.msg.bot.cases.notHandled({ caseNo: c.caseNo })));
  await ctx.tx.petitionCase.update({ where: { id: c.id }, data: { status: "disclosed", disclosed: true } });
  await ctx.audit({ action: "case.disclosed", caseId: c.id, detail: { status: [c.status, "disclosed"] } });
  await ctx.reply(text(ctx.msg.bot.cases.disclosed({ caseNo: c.caseNo })));
}
