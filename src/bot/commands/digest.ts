/** /日报 on [HH:MM] | off | now, and the CLI's digest preview. */
import { plainText, type OutboundMessage } from "../../core/chat";
import { isCoordinator } from "../../core/lifecycle";
import type { Config } from "../../config";
import { DIGEST_PURPOSES, digestMessage } from "../../digest/send";
import { findChatLang, setDigest } from "../../ledger/chats";
import type { Ledger } from "../../ledger/db";
import type { HandlerContext } from "../context";

export type DigestSetting = { action: "on"; time?: string } | { action: "off" } | { action: "now" };

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

export async function digestCommand(ctx: HandlerContext, cmd: DigestSetting): Promise<void> {
  const d = ctx.msg.digest;
  if (!isCoordinator(ctx.person)) return ctx.reply(text(d.notAllowed));
  const chat = ctx.chat;
  if (!chat || !DIGEST_PURPOSES.includes(chat.purpose)) return ctx.reply(text(d.chatNotBound));
  if (cmd.action === "now") return ctx.reply(await digestMessage({ session: ctx.session, kind: ctx.config.dbKind }, ctx.config, chat, ctx.now));

  const after = await setDigest(ctx.session, chat.id, cmd.action === "on" ? { on: true, time: cmd.time } : { on: false }, ctx.change);
  await ctx.reply(text(cmd.action === "on" ? d.enabled(after.digestTime) : d.disabled));
}

/** The exact text the chat's digest would have at `at` (the CLI's `digest --preview`). */
export async function previewDigest(ledger: Ledger, config: Config, chatRowId: number, at: Date): Promise<string> {
  const chat = await findChatLang(ledger.session, chatRowId);
  if (!chat) throw new Error(`No chat with id ${chatRowId}`);
  return plainText(await digestMessage(ledger, config, chat, at));
}
