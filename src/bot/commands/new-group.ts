/**
 * /建群 <名称> <用途> [单位]: the bot creates a group chat on channels that let it (a web
 * chat room, a WeCom app group), invites the people its purpose is for and binds it, so a
 * coordinator needs neither the CLI nor an existing group. Elsewhere /设置群 binds the
 * group people already have.
 */
import { boundChatRef, GroupRefused, type ChatAdapter, type OutboundMessage } from "../../core/chat";
import type { Command } from "../../core/commands";
import { isCoordinator } from "../../core/lifecycle";
import type { Role } from "../../core/types";
import { bindChat } from "../../ledger/chats";
import { findUnitByName } from "../../ledger/items";
import { queueMessage } from "../../ledger/outbox";
import { roleIdentities, unitIdentities } from "../../ledger/people";
import type { HandlerContext } from "../context";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

/** Who a leaders' or the office's group is for; a unit's group is for the unit's people. */
const ROLES_FOR: Record<"leaders" | "coordinators", Role[]> = { leaders: ["leader"], coordinators: ["coordinator", "admin"] };

export async function newGroupCommand(ctx: HandlerContext, adapter: ChatAdapter | undefined, c: Extract<Command, { name: "newGroup" }>): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  if (!adapter?.createGroup) return ctx.reply(text(ctx.msg.bot.chat.groupUnsupported));
  const unit = c.purpose === "unit" && c.unit ? await findUnitByName(ctx.session, c.unit) : null;
  if (c.purpose === "unit" && !unit) return ctx.reply(text(ctx.msg.bot.unknownUnit({ name: c.unit ?? "" })));
  const { platform } = ctx.event.chat;
  const owner = ctx.event.sender.userId;
  const invited = unit ? await unitIdentities(ctx.session, platform, unit.id) : await roleIdentities(ctx.session, platform, ROLES_FOR[c.purpose as keyof typeof ROLES_FOR]);
  const members = [...new Set([owner, ...invited])];
  const purpose = ctx.msg.common.purpose[c.purpose];
  if (members.length < 2) return ctx.reply(text(ctx.msg.bot.chat.groupTooFew({ who: unit?.name ?? purpose })));
  let chatId: string;
  try {
    ({ chatId } = await adapter.createGroup({ key: ctx.eventKey, title: c.title, ownerUserId: owner, memberUserIds: members }));
  } catch (err) {
    if (!(err instanceof GroupRefused)) throw err;
    return ctx.reply(text(ctx.msg.bot.chat.groupRefused({ reason: err.reason })));
  }
  const chat = { platform, chatId, title: c.title, threadId: null, purpose: c.purpose, unitId: unit?.id ?? null };
  await bindChat(ctx.session, { ...chat, defaultDigestTime: ctx.config.DIGEST_TIME, created: { members: members.length } }, ctx.change);
  const named = { title: c.title, purpose, unit: unit?.name ?? "" };
  // The first message in the new group tells its members what it is for (and, on the web, puts it in their list).
  await queueMessage(ctx.session, { key: `newGroup:${ctx.eventKey}`, to: boundChatRef(chat), message: text(ctx.msg.bot.chat.groupWelcome({ ...named, by: ctx.person.name })) }, ctx.now);
  await ctx.reply(text(ctx.msg.bot.chat.groupCreated({ ...named, members: members.length })));
}
