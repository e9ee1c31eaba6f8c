/** People and chats: /绑定, /邀请, /设置群, /语言, /我是谁, /提醒, /帮助. */
import type { ChatAdapter, OutboundMessage } from "../../core/chat";
import { COMMANDS, type CommandName } from "../../core/commands";
import { isCoordinator } from "../../core/lifecycle";

import type { ChatPurpose, Lang, Role } from "../../core/types";
import { messagesFor } from "../../i18n/index";
import { findUnitByName } from "../../ledger/items";
import type { HandlerContext } from "../context";
import type { InboundContext } from "../handler-context";
import { bindWithCode, issueBindCode } from "../../ledger/people";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

/** Whether the code bound the sender: the caller counts the failures of a guesser. */
export async function bindCommand(ctx: InboundContext, code: string): Promise<boolean> {
  const result = await bindWithCode(ctx.session, {
    platform: ctx.event.chat.platform,
    userId: ctx.event.sender.userId,
    code,
    now: ctx.now,
    source: ctx.eventKey,
  });
  if (!result.ok) {
    await ctx.reply(text(ctx.msg.bot.bind[result.reason]));
    return false;
  }
  const msg = messagesFor(result.person.lang === "en" ? "en" : ctx.lang);
  await ctx.reply(text(msg.bot.bind.done({ name: result.person.name, roles: result.person.roles.map((r) => msg.common.role[r]).join("、") })));
  return true;
}

export async function inviteCommand(ctx: HandlerContext, name: string, unitName: string, role: Role): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  // A bind code is a key: it is shown only in a direct chat.
  if (!ctx.event.chat.direct) return ctx.reply(text(ctx.msg.bot.invite.directOnly));
  const unit = await findUnitByName(ctx.tx, unitName);
  if (!unit) return ctx.reply(text(ctx.msg.bot.unknownUnit({ name: unitName })));
  let person = await ctx.tx.person.findFirst({ where: { name, unitId: unit.id }, select: { id: true, roles: true } });
  if (!person) {
    person = await ctx.tx.person.create({ data: { name, unitId: unit.id, roles: role, createdAt: ctx.now }, select: { id: true, roles: true } });
    await ctx.audit({ action: "person.created", detail: { personId: person.id, name, unit: unit.name, roles: role } });
  } else if (!person.roles.split(",").includes(role)) {
    const roles = `${person.roles},${role}`;
    await ctx.tx.person.update({ where: { id: person.id }, data: { roles } });
    await ctx.audit({ action: "person.roles_changed", detail: { personId: person.id, roles: [person.roles, roles] } });
  }
  const code = await issueBindCode(ctx.session, { personId: person.id, createdById: ctx.person.id, now: ctx.now });
  await ctx.audit({ action: "bindcode.issued", detail: { personId: person.id } });
  await ctx.reply(text(ctx.msg.bot.invite.issued({ name, unit: unit.name, role: ctx.msg.common.role[role]!, code })));
}

export async function chatCommand(ctx: HandlerContext, purpose: ChatPurpose, unitName?: string): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  let unitId: number | null = null;
  if (purpose === "unit") {
    const unit = unitName ? await findUnitByName(ctx.tx, unitName) : null;
    if (!unit) return ctx.reply(text(unitName ? ctx.msg.bot.unknownUnit({ name: unitName }) : ctx.msg.bot.chat.unitRequired));
    unitId = unit.id;
  }
  const { platform, chatId, title } = ctx.event.chat;
  // Bound from inside a topic, the group's notices and digests go to that topic.
  const threadId = ctx.event.chat.threadId ?? null;
  const before = await ctx.tx.chat.findUnique({ where: { platform_chatId: { platform, chatId } }, select: { purpose: true, unitId: true } });
  await ctx.tx.chat.upsert({
    where: { platform_chatId: { platform, chatId } },
    create: { platform, chatId, title: title ?? null, purpose, unitId, threadId, createdAt: ctx.now, digestTime: ctx.config.DIGEST_TIME },
    update: { purpose, unitId, threadId, title: title ?? undefined },
  });
  await ctx.audit({ action: "chat.bound", detail: { platform, chatId, threadId, purpose: [before?.purpose ?? null, purpose], unitId: [before?.unitId ?? null, unitId] } });
  await ctx.reply(text(ctx.msg.bot.chat.bound({ purpose: ctx.msg.common.purpose[purpose]!, unit: unitName ?? "" })));
}

export async function langCommand(ctx: HandlerContext, lang: Lang): Promise<void> {
  await ctx.tx.person.update({ where: { id: ctx.person.id }, data: { lang } });
  await ctx.audit({ action: "person.lang", detail: { lang: [ctx.person.lang, lang] } });
  await ctx.reply(text(messagesFor(lang).bot.langSet));
}

export async function whoamiCommand(ctx: HandlerContext): Promise<void> {
  const unit = ctx.person.unitId ? await ctx.tx.unit.findUnique({ where: { id: ctx.person.unitId }, select: { name: true } }) : null;
  await ctx.reply(text(ctx.msg.bot.whoami({
    name: ctx.person.name,
    unit: unit?.name ?? ctx.msg.common.none,
    roles: ctx.person.roles.map((r) => ctx.msg.common.role[r]).join("、"),
    chat: ctx.chat ? ctx.msg.common.purpose[ctx.chat.purpose] ?? ctx.chat.purpose : ctx.msg.bot.chat.unbound,
  })));
}

export async function remindersCommand(ctx: HandlerContext, on: boolean): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  if (!ctx.chat) return ctx.reply(text(ctx.msg.bot.chat.notBound));
  await ctx.tx.chat.update({ where: { id: ctx.chat.id }, data: { remindersEnabled: on } });
  await ctx.audit({ action: "chat.reminders", detail: { chatId: ctx.chat.id, remindersEnabled: on } });
  await ctx.reply(text(on ? ctx.msg.bot.chat.remindersOn : ctx.msg.bot.chat.remindersOff));
}

const READER: CommandName[] = ["status", "mine", "overdue", "due", "unit", "case", "whoami", "lang", "help"];
const REPORTER: CommandName[] = ["apply", "handle"];
const OFFICE: CommandName[] = [
  "accept", "return", "extend", "reopen", "lookback", "caseExtend", "disclose", "invite", "chat", "digest", "reminders", "import", "export", "holidays",
];

export async function helpCommand(ctx: HandlerContext, adapter: ChatAdapter | undefined, topic?: string): Promise<void> {
  const usage = ctx.msg.commands.usage;
  if (topic) {
    const match = COMMANDS.find((c) => [c.name, ...c.en, ...c.zh].includes(topic.replace(/^[/／]/, "").toLowerCase()));
    if (match) return ctx.reply(text(usage[match.name]));
  }
  const names = [...READER, ...(ctx.person.roles.some((r) => r !== "leader") ? REPORTER : []), ...(isCoordinator(ctx.person) ? OFFICE : [])];
  const blocks: OutboundMessage["blocks"] = [
    { type: "heading", text: ctx.msg.bot.help.title },
    { type: "text", text: ctx.msg.bot.help.reporting },
    { type: "list", items: names.map((n) => usage[n]) },
  ];
  const privacy = adapter && "canReadAllGroupMessages" in adapter ? (adapter.canReadAllGroupMessages as () => boolean | undefined)() : undefined;
  if (!ctx.event.chat.direct && privacy === false) blocks.push({ type: "text", text: ctx.msg.bot.help.privacy });
  await ctx.reply({ blocks });
}

