/**
 * /节假日 (/holidays): a coordinator shows or supplies a year's holiday schedule. A file
 * sent with the command is downloaded and read before the event's transaction, as an
 * import is (prepareHolidayFile); the schedule is then kept in the ledger with its
 * audit event and the reply, in the event's transaction. Every scheduler reads the
 * ledger on its next tick, so the year counts everywhere without a restart.
 */
import { basename } from "node:path";
import type { ChatAdapter, InboundEvent, OutboundMessage } from "../../core/chat";
import type { Command } from "../../core/commands";
import { formatInstant } from "../../core/days";
import { isCoordinator } from "../../core/lifecycle";
import type { Day } from "../../core/types";
import {
  checkYearSchedule, createWorkCalendar, describeYear, packageSchedule, yearOf, yearsToSupply,
  type ScheduleProblem, type WorkCalendar, type YearSchedule,
} from "../../core/workdays";
import type { Catalogue } from "../../i18n/index";
import { suppliedYear, suppliedYears, supplyHolidayYear } from "../../ledger/holidays";
import { readYearFiles } from "../../schedule/calendar-files";
import type { HandlerContext } from "../context";
import type { PreparedFile } from "./files";

type HolidaysCommand = Extract<Command, { name: "holidays" }>;

export type HolidayFile =
  | { ok: true; schedule: YearSchedule }
  | { ok: false; reason: "download_failed" | "too_large" | "not_json" | "both" }
  | { ok: false; reason: "invalid"; problems: ScheduleProblem[] }
  | { ok: false; reason: "year_mismatch"; typed: number; inFile: number };

/** A schedule is a few hundred bytes; anything much larger is another file sent by mistake. */
const MAX_FILE_BYTES = 64 * 1024;

/** The file sent with /节假日, read and checked; null when none was sent. */
export async function prepareHolidayFile(event: InboundEvent, command: HolidaysCommand, adapter: ChatAdapter | undefined): Promise<HolidayFile | null> {
  const doc = event.media[0];
  if (!doc) return null;
  if (command.action === "supply") return { ok: false, reason: "both" };
  const bytes = adapter ? await adapter.download(doc).catch(() => null) : null;
  if (!bytes) return { ok: false, reason: "download_failed" };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: "too_large" };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, reason: "not_json" };
  }
  const checked = checkYearSchedule(json);
  if (!checked.ok) return { ok: false, reason: "invalid", problems: checked.problems };
  if (command.year !== undefined && command.year !== checked.schedule.year) {
    return { ok: false, reason: "year_mismatch", typed: command.year, inFile: checked.schedule.year };
  }
  return checked;
}

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

export async function holidaysCommand(ctx: HandlerContext, c: HolidaysCommand, prepared: PreparedFile | null): Promise<void> {
  if (!isCoordinator(ctx.person)) return ctx.reply(text(ctx.msg.bot.denied.coordinatorOnly));
  const m = ctx.msg.calendar;
  if (prepared?.kind === "holidays") {
    const file = prepared.file;
    if (file.ok) return supply(ctx, file.schedule, { via: "file", name: prepared.name });
    switch (file.reason) {
      case "invalid":
        return ctx.reply(problemsMessage(m.invalidFile({ name: prepared.name }), file.problems, ctx.msg));
      case "year_mismatch":
        return ctx.reply(text(m.file.year_mismatch({ typed: file.typed, inFile: file.inFile })));
      case "not_json":
        return ctx.reply(text(m.file.not_json({ name: prepared.name })));
      default:
        return ctx.reply(text(m.file[file.reason]));
    }
  }
  if (c.action === "supply") {
    const checked = checkYearSchedule({ year: c.year, holidays: c.off, workdays: c.work });
    if (!checked.ok) return ctx.reply(problemsMessage(m.invalid({ year: c.year }), checked.problems, ctx.msg));
    return supply(ctx, checked.schedule, { via: "chat" });
  }
  return show(ctx, c.year);
}

async function supply(ctx: HandlerContext, schedule: YearSchedule, via: { via: "chat" } | { via: "file"; name: string }): Promise<void> {
  const m = ctx.msg.calendar;
  const { year } = schedule;
  const previous = await suppliedYear(ctx.session, year);
  if (previous && JSON.stringify(previous.schedule) === JSON.stringify(schedule)) return ctx.reply(text(m.unchanged({ year })));
  await supplyHolidayYear(ctx.tx, { schedule, byId: ctx.person.id, now: ctx.now });
  await ctx.audit({
    action: "holidays_supplied",
    detail: {
      year, holidays: schedule.holidays.length, workdays: schedule.workdays.length, ...via,
      previous: previous ? { schedule: previous.schedule, by: previous.by, at: previous.updatedAt.toISOString() } : null,
    },
  });
  const files = readYearFiles(ctx.config.dataDir);
  const shadowed = "files" in files ? files.files.find((f) => f.schedule.year === year) : undefined;
  await ctx.reply({
    blocks: [
      { type: "heading", text: previous ? m.replaced({ year }) : m.supplied({ year }) },
      { type: "list", items: yearLines(createWorkCalendar([schedule]), year, ctx.msg) },
      ...(shadowed ? [{ type: "text" as const, text: m.fileShadowed({ file: inDataDir(shadowed.file) }) }] : []),
    ],
  });
}

async function show(ctx: HandlerContext, asked: number | undefined): Promise<void> {
  const m = ctx.msg.calendar;
  const files = readYearFiles(ctx.config.dataDir);
  const fileList = "files" in files ? files.files : [];
  const ledgerYears = await suppliedYears(ctx.session);
  const calendar = createWorkCalendar(ledgerYears, createWorkCalendar(fileList.map((f) => f.schedule)));
  const year = asked ?? yearsToSupply(calendar, ctx.today)[0] ?? yearOf(ctx.today) + 1;
  const blocks: OutboundMessage["blocks"] = [{ type: "heading", text: m.heading({ year }) }];
  if ("broken" in files) blocks.push({ type: "text", text: m.filesBroken({ detail: files.broken }) });

  const supplied = ledgerYears.some((s) => s.year === year) ? await suppliedYear(ctx.session, year) : null;
  const file = fileList.find((f) => f.schedule.year === year);
  const source = supplied
    ? m.source.ledger({ by: supplied.by ?? m.someone, at: formatInstant(supplied.updatedAt, ctx.config.DUBAN_TZ) })
    : file ? m.source.file({ file: inDataDir(file.file) }) : packageSchedule(year) ? m.source.package : null;
  if (source === null) {
    blocks.push({ type: "text", text: m.missing({ year }) }, { type: "list", items: m.howTo({ year }) });
  } else {
    blocks.push({ type: "text", text: source }, { type: "list", items: yearLines(calendar, year, ctx.msg) });
    if (supplied && file) blocks.push({ type: "text", text: m.fileShadowed({ file: inDataDir(file.file) }) });
  }
  await ctx.reply({ blocks });
}

/** A file as the chat sees it: where it is on the server is the admin's business. */
function inDataDir(file: string): string {
  return `calendar/${basename(file)}`;
}

function yearLines(calendar: WorkCalendar, year: number, msg: Catalogue): string[] {
  const m = msg.calendar;
  const { holidayRuns, offWeekdays, workdays } = describeYear(calendar, year);
  const short = (d: Day) => d.slice(5);
  return [
    m.counts({ runs: holidayRuns.length, offWeekdays, workdays: workdays.length }),
    m.holidays({ days: holidayRuns.map(([a, b]) => (a === b ? short(a) : `${short(a)}~${short(b)}`)).join(m.daySep) }),
    workdays.length > 0 ? m.workdays({ days: workdays.map(short).join(m.daySep) }) : m.noWorkdays,
  ];
}

function problemsMessage(heading: string, problems: ScheduleProblem[], msg: Catalogue): OutboundMessage {
  return { blocks: [{ type: "text", text: heading }, { type: "list", items: problems.map(msg.calendar.problem) }] };
}
