/** One parsed command to its handler. Permission checks live in each handler, beside the rule. */
import type { Command } from "../../core/commands";
import type { HandlerContext } from "../context";
import type { FetchedMedia } from "../media";
import type { RouteOptions } from "../router";
import { chatCommand, helpCommand, inviteCommand, langCommand, remindersCommand, whoamiCommand } from "./admin";
import { newGroupCommand } from "./new-group";
import { caseCommand, discloseCommand, extendCaseCommand, handleCaseCommand, linkCaseCommand } from "./cases";
import { digestCommand } from "./digest";
import { dueCommand, mineCommand, overdueCommand, unitCommand } from "./items";
import { statusCommand } from "./find";
import { assignCommand, cooperateCommand, transferCommand } from "./office";
import { chaseCommand, instructCommand } from "./chase";
import { acceptCommand, applyCommand, extendCommand, lookbackCommand, reopenCommand, returnCommand } from "./signoff";
import { exportCommand, importCommand } from "./files";
import { holidaysCommand } from "./holidays";
import { historyCommand } from "../history";
import { flagsCommand, verifyCommand } from "./evidence";

export async function dispatch(ctx: HandlerContext, c: Command, media: FetchedMedia[], opts: RouteOptions): Promise<void> {
  switch (c.name) {
    case "status":
      return statusCommand(ctx, c.code, c.query);
    case "history":
      return historyCommand(ctx, c.code, c.page);
    case "mine":
      return mineCommand(ctx);
    case "overdue":
      return overdueCommand(ctx, c.unit);
    case "due":
      return dueCommand(ctx, c.unit);
    case "unit":
      return unitCommand(ctx, c.unit);
    case "case":
      return caseCommand(ctx, c.caseNo);
    case "apply":
      return applyCommand(ctx, c.code, c.note);
    case "accept":
      return acceptCommand(ctx, c.code, c.note, c.confirmed, c.seen);
    case "return":
      return returnCommand(ctx, c.code, c.reason);
    case "extend":
      return extendCommand(ctx, c.code, c.day, c.reason);
    case "reopen":
      return reopenCommand(ctx, c.code, c.reason);
    case "lookback":
      return lookbackCommand(ctx, c.code, c.passed, c.note);
    case "handle":
      return handleCaseCommand(ctx, c.caseNo, c.finding, c.actions);
    case "caseExtend":
      return extendCaseCommand(ctx, c.caseNo, c.day, c.reason);
    case "disclose":
      return discloseCommand(ctx, c.caseNo);
    case "linkCase":
      return linkCaseCommand(ctx, c.caseNo, c.code);
    case "bind":
      return ctx.reply({ blocks: [{ type: "text", text: ctx.msg.bot.bind.already_bound }] });
    case "invite":
      return inviteCommand(ctx, c.person, c.unit, c.role);
    case "chat":
      return chatCommand(ctx, c.purpose, c.unit);
    case "newGroup":
      return newGroupCommand(ctx, opts.adapter, c);
    case "digest":
      return digestCommand(ctx, c);
    case "reminders":
      return remindersCommand(ctx, c.on);
    case "lang":
      return langCommand(ctx, c.lang);
    case "import":
      return importCommand(ctx, opts.prepared ?? null);
    case "export":
      return exportCommand(ctx, opts.prepared ?? null);
    case "holidays":
      return holidaysCommand(ctx, c, opts.prepared ?? null);
    case "whoami":
      return whoamiCommand(ctx);
    case "help":
      return helpCommand(ctx, opts.adapter, c.topic);
    case "transfer":
      return transferCommand(ctx, c.code, c.unit, c.reason);
    case "assign":
      return assignCommand(ctx, c.code, c.person);
    case "cooperate":
      return cooperateCommand(ctx, c.code, c.units);
    case "chase":
      return chaseCommand(ctx, c);
    case "instruct":
      return instructCommand(ctx, c.code, c.text);
    case "flags":
      return flagsCommand(ctx, c.code);
    case "verify":
      return verifyCommand(ctx, c.photoId, c.reason);
  }
}
