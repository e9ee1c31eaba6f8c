/** Where an event goes: a button, a command, or a progress report. */
import type { ChatAdapter, InboundEvent, OutboundMessage } from "../core/chat";
import { bareQuery, parseCommand, splitCommand } from "../core/commands";
import { parseButtonData } from "./buttons";
import { findItemCode } from "../core/parse/item-code";
import type { Attempts } from "./attempts";
import { commandErrorText } from "./command-errors";
import type { HandlerContext } from "./context";
import type { InboundContext } from "./handler-context";
import type { FetchedMedia } from "./media";
import { assignReport, handleReport } from "./reports";
import { handleEdit } from "./edits";
import { bindCommand } from "./commands/admin";
import { dispatch } from "./commands/index";
import { searchCommand } from "./commands/find";
import { askVerifyReason } from "./commands/evidence";
import { takeChoice } from "../ledger/pending-choices";
import type { PreparedFile } from "./commands/files";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

/** In a group, only these are for the bot: ordinary chatter is left alone. */
export function wantsAttention(event: InboundEvent): boolean {
  return Boolean(event.command || event.action || event.media.length || event.replyTo || splitCommand(event.text) || bareQuery(event.text) || findItemCode(event.text));
}

export interface RouteOptions {
  adapter?: ChatAdapter;
  /** The outcome of an import or export run before the transaction. */
  prepared?: PreparedFile | null;
  /** Failed /bind codes per platform identity. */
  bindAttempts: Attempts;
}

export async function route(ctx: InboundContext, media: FetchedMedia[], opts: RouteOptions): Promise<void> {
  const { event } = ctx;
  // Everyone anonymous shares one stand-in id: binding it or recording for it would be anyone's.
  if (event.sender.anonymous) return ctx.reply(text(ctx.msg.telegram.anonymousSender));
  // An edit is judged against the message it changes; unbound people's edits are left alone.
  if (event.edited) return ctx.person ? handleEdit(ctx as HandlerContext) : undefined;
  const typed = event.command ?? (event.action?.data.startsWith("/") ? splitCommand(event.action.data) : splitCommand(event.text) ?? bareQuery(event.text));
  if (typed) {
    const parsed = parseCommand(typed.name, typed.args, ctx.today);
    if (parsed.ok && parsed.command.name === "bind") return limitedBind(ctx, parsed.command.code, opts.bindAttempts);
    if (!ctx.person) return ctx.reply(text(ctx.msg.bot.unbound));
    if (!parsed.ok) return ctx.reply(text(commandErrorText(parsed.error, ctx.msg)));
    return dispatch(ctx as HandlerContext, parsed.command, media, opts);
  }
  if (!ctx.person) return ctx.reply(text(ctx.msg.bot.unbound));
  if (event.action) return handleButton(ctx as HandlerContext, event.action.data, media, opts);
  return handleReport(ctx as HandlerContext, media);
}

/**
 * A bind code is a password: an identity that keeps guessing is told once to wait, and
 * its attempts while it should be waiting get no answer at all, so a flood of guesses
 * does not become a flood of replies.
 */
async function limitedBind(ctx: InboundContext, code: string, attempts: Attempts): Promise<void> {
  const key = `${ctx.event.chat.platform}:${ctx.event.sender.userId}`;
  const verdict = attempts.check(key, ctx.now);
  if (!verdict.ok) {
    if (!verdict.firstRefusal) return;
    return ctx.reply(text(ctx.msg.bot.bind.tooManyAttempts({ minutes: Math.ceil(verdict.retryAfterMs / 60_000) })));
  }
  if (await bindCommand(ctx, code)) attempts.succeeded(key);
  else attempts.failed(key, ctx.now);
}

/** Button data the bot itself put on its messages (under 64 bytes for Telegram). */
async function handleButton(ctx: HandlerContext, data: string, media: FetchedMedia[], opts: RouteOptions): Promise<void> {
  const choice = parseButtonData(data);
  if (!choice) return ctx.reply(text(ctx.msg.bot.staleButton));
  switch (choice.kind) {
    case "pick":
      return assignReport(ctx, choice.reportId, choice.itemId);
    case "accept":
      return dispatch(ctx, { name: "accept", code: choice.code, note: "", confirmed: false }, media, opts);
    case "confirm":
      return dispatch(ctx, { name: "accept", code: choice.code, note: "", confirmed: true, seen: choice.seen }, media, opts);
    // 查看详情 on an application sent before the history existed: the history is the detail.
    case "status":
    case "history":
      return dispatch(ctx, { name: "history", code: choice.code, page: choice.kind === "history" ? choice.page : 0 }, media, opts);
    // A reopen needs a reason, which a button cannot give: ask for it.
    case "reopen":
      return ctx.reply(text(ctx.msg.history.afterSignOff.askReason({ code: choice.code })));
    // A failed look-back reopens the item and the unit is told why: the reason is asked for.
    case "lookback":
      if (!choice.passed) return ctx.reply(text(ctx.msg.lookback.askReason({ code: choice.code })));
      return dispatch(ctx, { name: "lookback", code: choice.code, passed: true, note: "" }, media, opts);
    // So is clearing a flag (核实无误): the reason is what the audit event keeps.
    case "verify":
      return askVerifyReason(ctx, choice.photoId);
    case "find":
      return searchCommand(ctx, choice.keyword, choice.page);
    case "choice": {
      const line = await takeChoice(ctx.session, choice.token, choice.index, ctx.now);
      const typed = line === null ? null : splitCommand(line);
      if (!typed) return ctx.reply(text(ctx.msg.bot.staleButton));
      // Parsed as if typed now: a 期限 that has passed since the question is refused as such.
      const parsed = parseCommand(typed.name, typed.args, ctx.today);
      if (!parsed.ok) return ctx.reply(text(commandErrorText(parsed.error, ctx.msg)));
      return dispatch(ctx, parsed.command, media, opts);
    }
  }
}
