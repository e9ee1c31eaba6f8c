/**
 * /导入 and /导出: ledger files through the chat, for coordinators; also the schedule file
 * sent with /节假日 (holidays.ts). The import or export itself runs before the event's
 * transaction (it has transactions of its own, and an import of the same file twice
 * changes nothing); the event's transaction then records the event and queues the reply
 * with the outcome or the file.
 */
import { join } from "node:path";
import type { ChatAdapter, InboundEvent, OutboundMessage } from "../../core/chat";
import { parseCommand, splitCommand } from "../../core/commands";
import { dayOf } from "../../core/days";
import { isCoordinator, type Actor } from "../../core/lifecycle";
import type { Thresholds } from "../../core/lights";
import type { Config } from "../../config";
import { langOf, messagesFor } from "../../i18n/index";
import type { Ledger } from "../../ledger/db";
import { privateDirSync, writePrivateFileSync } from "../../ledger/private-files";
import type { HandlerContext, PersonRecord } from "../context";
import { prepareHolidayFile, type HolidayFile } from "./holidays";

export type PreparedFile =
  /** The outcome in the sender's language: counts, and every problem with row and column. */
  | { kind: "import"; lines: string[]; fileName: string }
  | { kind: "import_failed"; reason: "no_file" | "download_failed" }
  | { kind: "export"; path: string; name: string; items: number; cases: number }
  /** A holiday schedule file sent with /节假日, read and checked. */
  | { kind: "holidays"; name: string; file: HolidayFile };

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });
const SHOWN_PROBLEMS = 20;

/** Runs an import or export the event asks for, if the sender may; null for anything else. */
export async function prepareFileCommand(
  deps: { ledger: Ledger; config: Config; thresholds: Thresholds; now: Date },
  event: InboundEvent,
  person: (PersonRecord & Actor) | null,
  adapter: ChatAdapter | undefined,
): Promise<PreparedFile | null> {
  const typed = event.command ?? splitCommand(event.text);
  if (!typed || !person || !isCoordinator(person)) return null;
  const parsed = parseCommand(typed.name, typed.args, dayOf(deps.now, deps.config.DUBAN_TZ));
  if (!parsed.ok) return null;
  const { command } = parsed;
  // Loaded on first use: the spreadsheet library alone would add seconds to every start.
  if (command.name === "export") {
    const { exportLedger } = await import("../../io/export");
    const file = await exportLedger(deps.ledger, { format: command.format, now: deps.now, tz: deps.config.DUBAN_TZ, thresholds: deps.thresholds });
    const dir = join(deps.config.dataDir, "exports");
    privateDirSync(dir);
    const path = join(dir, file.fileName);
    writePrivateFileSync(path, file.bytes);
    return { kind: "export", path, name: file.fileName, items: file.items, cases: file.cases };
  }
  if (command.name === "holidays") {
    const file = await prepareHolidayFile(event, command, adapter);
    return file && { kind: "holidays", name: event.media[0]?.fileName ?? "holidays.json", file };
  }
  if (command.name !== "import") return null;
  const doc = event.media[0];
  if (!doc || !adapter) return { kind: "import_failed", reason: "no_file" };
  const bytes = await adapter.download(doc).catch(() => null);
  if (!bytes) return { kind: "import_failed", reason: "download_failed" };
  const fileName = doc.fileName ?? "ledger.xlsx";
  const { importLedgerFile } = await import("../../io/import");
  const result = await importLedgerFile(deps.ledger, bytes, {
    fileName,
    now: deps.now,
    actorId: person.id,
    auditSource: `${event.chat.platform}:${event.eventId}`,
    lookback: { baseDays: deps.config.LOOKBACK_BASE_DAYS, tz: deps.config.DUBAN_TZ },
    lang: langOf(person.lang, deps.config.DUBAN_LANG),
    farMeters: deps.config.PHOTO_FAR_METERS,
  });
  const { describeImport } = await import("../../io/summary");
  const lang = langOf(person.lang, deps.config.DUBAN_LANG);
  return { kind: "import", lines: describeImport(result, messagesFor(lang), SHOWN_PROBLEMS), fileName };
}

export async function importCommand(ctx: HandlerContext, prepared: PreparedFile | null): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  if (!prepared || prepared.kind === "export" || prepared.kind === "holidays") return ctx.reply(text(ctx.msg.bot.files.noFile));
  if (prepared.kind === "import_failed") return ctx.reply(text(ctx.msg.bot.files[prepared.reason === "no_file" ? "noFile" : "downloadFailed"]));
  await ctx.reply({ blocks: [{ type: "heading", text: ctx.msg.bot.files.imported({ name: prepared.fileName }) }, { type: "list", items: prepared.lines }] });
}

export async function exportCommand(ctx: HandlerContext, prepared: PreparedFile | null): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  if (!prepared || prepared.kind !== "export") return;
  await ctx.reply({
    blocks: [{ type: "text", text: ctx.msg.bot.files.exported({ items: prepared.items, cases: prepared.cases }) }],
    files: [{ path: prepared.path, name: prepared.name }],
  });
}
