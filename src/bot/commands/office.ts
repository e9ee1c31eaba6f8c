/**
 * The office assigns work (/转办, /指派, /配合): coordinators only. Each change is told to
 * the unit groups it concerns and to the responsible person, directly where they can be.
 */
import type { ChatRef, OutboundMessage } from "../../core/chat";
import { isCoordinator } from "../../core/lifecycle";
import { assignPerson, directChatsOf, findPeopleByName, setCooperating, transferItem, type Named } from "../../ledger/assign";
import { chatsBoundFor } from "../../ledger/chats";
import { findItemByCode, findUnitName, type ItemRow } from "../../ledger/items";
import type { HandlerContext } from "../context";
import { resolveUnit, suggestionFor } from "./find";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

/** The item a coordinator's command is about, or null once the refusal is sent. */
async function officeItem(ctx: HandlerContext, code: string): Promise<ItemRow | null> {
  if (!isCoordinator(ctx.person)) {
    await ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
    return null;
  }
  const item = await findItemByCode(ctx.session, code);
  if (!item) await ctx.reply((await suggestionFor(ctx, code)) ?? text(ctx.msg.bot.unknownItem({ code })));
  return item;
}

/** The unit groups of these units and the direct chats of these people, once each, never the chat replied to. */
export async function noticeTargets(ctx: HandlerContext, unitIds: number[], personIds: (number | null)[]): Promise<ChatRef[]> {
  const targets = new Map<string, ChatRef>();
  for (const unitId of new Set(unitIds)) {
    for (const chat of await chatsBoundFor(ctx.session, "unit", unitId)) targets.set(`${chat.platform}:${chat.chatId}`, chat);
  }
  for (const personId of new Set(personIds)) {
    if (personId === null) continue;
    for (const i of await directChatsOf(ctx.session, personId)) targets.set(`${i.platform}:${i.userId}`, { platform: i.platform, chatId: i.userId, direct: true });
  }
  targets.delete(`${ctx.event.chat.platform}:${ctx.event.chat.chatId}`);
  return [...targets.values()];
}

export async function tell(ctx: HandlerContext, targets: ChatRef[], message: OutboundMessage, what: string): Promise<void> {
  for (const to of targets) await ctx.notify(to, message, `${what}:${ctx.eventKey}:${to.platform}:${to.chatId}`);
}

export async function transferCommand(ctx: HandlerContext, code: string, unitName: string, reason: string): Promise<void> {
  const item = await officeItem(ctx, code);
  if (!item) return;
  const to = await resolveUnit(ctx, unitName, (name) => `/transfer ${code} ${name} ${reason}`);
  if (!to) return;
  if (to.id === item.leadUnitId) return ctx.reply(text(ctx.msg.office.sameUnit({ code, unit: to.name })));
  await transferItem(ctx.session, item, { to, reason }, ctx.change);
  const message: OutboundMessage = { ...text(ctx.msg.office.transferred({ code, title: item.title, from: item.leadUnit.name, to: to.name, reason })), about: { itemCode: code } };
  await ctx.reply(message);
  await tell(ctx, await noticeTargets(ctx, [item.leadUnitId, to.id], [item.personId]), message, "transfer");
}

export async function assignCommand(ctx: HandlerContext, code: string, name: string): Promise<void> {
  const item = await officeItem(ctx, code);
  if (!item) return;
  const people = await findPeopleByName(ctx.session, name);
  if (!people.length) return ctx.reply(text(ctx.msg.office.unknownPerson({ name })));
  const person = people.find((p) => p.unitId === item.leadUnitId);
  if (!person) {
    const other = people[0]!;
    return ctx.reply(text(ctx.msg.office.otherUnitPerson({ name, unit: other.unitName ?? ctx.msg.common.none, code, lead: item.leadUnit.name })));
  }
  await assignPerson(ctx.session, item, person, ctx.change);
  const message: OutboundMessage = {
    ...text(ctx.msg.office.assigned({ code, title: item.title, from: item.personName, to: person.name, unit: item.leadUnit.name })),
    about: { itemCode: code },
  };
  await ctx.reply(message);
  await tell(ctx, await noticeTargets(ctx, [item.leadUnitId], [item.personId, person.id]), message, "assign");
}

export async function cooperateCommand(ctx: HandlerContext, code: string, names: string[]): Promise<void> {
  const item = await officeItem(ctx, code);
  if (!item) return;
  const units: Named[] = [];
  for (const name of names) {
    const again = (unit: string) => `/cooperate ${code} ${names.map((n) => (n === name ? unit : n)).join(" ")}`;
    const unit = await resolveUnit(ctx, name, again);
    if (!unit) return;
    if (unit.id === item.leadUnitId) return ctx.reply(text(ctx.msg.office.leadCannotCooperate({ code, unit: unit.name })));
    if (!units.some((u) => u.id === unit.id)) units.push(unit);
  }
  const beforeIds = item.cooperating.map((c) => c.unitId);
  const before = (await Promise.all(beforeIds.map((id) => findUnitName(ctx.session, id)))).filter((n): n is string => n !== null);
  await setCooperating(ctx.session, item, units, before, ctx.change);
  const message: OutboundMessage = { ...text(ctx.msg.office.cooperatingSet({ code, title: item.title, units: units.map((u) => u.name).join("、") })), about: { itemCode: code } };
  await ctx.reply(message);
  await tell(ctx, await noticeTargets(ctx, [item.leadUnitId, ...beforeIds, ...units.map((u) => u.id)], []), message, "cooperate");
}
