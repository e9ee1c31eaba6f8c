/** People and chats: /绑定, /邀请, /设置群, /语言, /我是谁, /提醒, /帮助 (/建群 is in new-group.ts). */
import type { ChatAdapter, OutboundMessage } from "../../core/chat";
import { COMMANDS, type CommandName } from "../../core/commands";
import { isCoordinator } from "../../core/lifecycle";

import type { ChatPurpose, Lang, Role } from "../../core/types";
import { messagesFor } from "../../i18n/index";
import { bindChat, setReminders } from "../../ledger/chats";
import { findUnitByName, findUnitName } from "../../ledger/items";
import type { HandlerContext } from "../context";
import type { InboundContext } from "../handler-context";
import { bindWithCode, invitePerson, setPersonLang } from "../../ledger/people";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

/** Whether the code bound the sender: the caller counts the failures of a guesser. */
export async function bindCommand(ctx: InboundContext, code: string): Promise<boolean> {
  const result = await bindWithCode(ctx.session, {
    platform: ctx.event.chat.platform,
    userId: ctx.event.sender.userId,
    ...(ctx.event.sender.unionId ? { unionId: ctx.event.sender.unionId } : {}),
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
  const invited = await invitePerson(ctx.session, { name, unit: unitName, roles: [role] }, ctx.change);
  if (!invited.ok) return ctx.reply(text(ctx.msg.bot.unknownUnit({ name: unitName })));
  await ctx.reply(text(ctx.msg.bot.invite.issued({ name, unit: invited.unit.name, role: ctx.msg.common.role[role], code: invited.code })));
}

export async function chatCommand(ctx: HandlerContext, purpose: ChatPurpose, unitName?: string): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  // A direct chat bound as the leaders' group would send the digest to one person only.
  if (ctx.event.chat.direct) return ctx.reply(text(ctx.msg.office.chatInDirect));
  let unitId: number | null = null;
  if (purpose === "unit") {
    const unit = unitName ? await findUnitByName(ctx.session, unitName) : null;
    if (!unit) return ctx.reply(text(unitName ? ctx.msg.bot.unknownUnit({ name: unitName }) : ctx.msg.bot.chat.unitRequired));
    unitId = unit.id;
  }
  const { platform, chatId, title } = ctx.event.chat;
  // Bound from inside a topic, the group's notices and digests go to that topic.
  const threadId = ctx.event.chat.threadId ?? null;
  await bindChat(ctx.session, { platform, chatId, title: title ?? null, threadId, purpose, unitId, defaultDigestTime: ctx.config.DIGEST_TIME }, ctx.change);
  await ctx.reply(text(ctx.msg.bot.chat.bound({ purpose: ctx.msg.common.purpose[purpose], unit: unitName ?? "" })));
}

export async function langCommand(ctx: HandlerContext, lang: Lang): Promise<void> {
  await setPersonLang(ctx.session, ctx.person, lang, ctx.change);
  await ctx.reply(text(messagesFor(lang).bot.langSet));
}

export async function whoamiCommand(ctx: HandlerContext): Promise<void> {
  const unit = ctx.person.unitId ? await findUnitName(ctx.session, ctx.person.unitId) : null;
  await ctx.reply(text(ctx.msg.bot.whoami({
    name: ctx.person.name,
    unit: unit ?? ctx.msg.common.none,
    roles: ctx.person.roles.map((r) => ctx.msg.common.role[r]).join("、"),
    chat: ctx.chat ? ctx.msg.common.purpose[ctx.chat.purpose] : ctx.msg.bot.chat.unbound,
  })));
}

export async function remindersCommand(ctx: HandlerContext, on: boolean): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  if (!ctx.chat) return ctx.reply(text(ctx.msg.bot.chat.notBound));
  await setReminders(ctx.session, ctx.chat.id, on, ctx.change);
  await ctx.reply(text(on ? ctx.msg.bot.chat.remindersOn : ctx.msg.bot.chat.remindersOff));
}

const READER: CommandName[] = ["status", "history", "mine", "overdue", "due", "unit", "case", "whoami", "lang", "help"];
const REPORTER: CommandName[] = ["apply", "handle"];
const LEADER: CommandName[] = ["chase", "instruct"];
const OFFICE: CommandName[] = [
  "accept", "return", "extend", "reopen", "lookback", "caseExtend", "disclose", "linkCase", "invite", "chat", "newGroup", "digest", "reminders", "import", "export", "holidays",
  "transfer", "assign", "cooperate", "chase", "flags", "verify",
];

export async function helpCommand(ctx: HandlerContext, adapter: ChatAdapter | undefined, topic?: string): Promise<void> {
  const usage = ctx.msg.commands.usage;
  if (topic) {
    const match = COMMANDS.find((c) => [c.name, ...c.en, ...c.zh].includes(topic.replace(/^[/／]/, "").toLowerCase()));
    if (match) return ctx.reply(text(usage[match.name]));
  }
  const leader = ctx.person.roles.includes("leader");
  const names = [...new Set([
    ...READER, ...(ctx.person.roles.some((r) => r !== "leader") ? REPORTER : []), ...(isCoordinator(ctx.person) ? OFFICE : []), ...(leader ? LEADER : []),
  ])];
  const blocks: OutboundMessage["blocks"] = [
    { type: "heading", text: ctx.msg.bot.help.title },
    { type: "text", text: ctx.msg.bot.help.reporting },
    { type: "list", items: names.map((n) => usage[n]) },
  ];
  // A DingTalk robot is only ever shown what @mentions it: the note says how, not how to change it.
  if (!ctx.event.chat.direct && ctx.event.chat.platform === "dingtalk") blocks.push({ type: "text", text: ctx.msg.dingtalk.groupHelp });
  else if (!ctx.event.chat.direct && adapter?.caps.groupMessages() === "addressed") blocks.push({ type: "text", text: ctx.msg.bot.help.privacy });
  await ctx.reply({ blocks });
}

