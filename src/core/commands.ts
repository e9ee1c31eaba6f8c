/**
 * The command grammar every channel shares: "/查询 中央-07-2", "/status@duban_bot 中央-07-2",
 * "、延期 省-15 2026-12-31 汛期无法施工". Pure: the name resolves to a Command or to a
 * CommandError that the bot turns into a message (src/bot/command-errors.ts).
 */
import type { ChatPurpose, Day, Finding, Lang, Role } from "./types";
import type { SignOffWarning } from "./history";
import { parseDay } from "./parse/dates";
import { halfWidth } from "./parse/width";
import { parseHolidayArgs } from "./parse/holidays";
import { next, nextCode } from "./parse/args";
import { parseOfficeArgs, type OfficeCommand } from "./parse/office";
import { CONFIRM_WORDS, DIGEST_WORDS, FINDING_WORDS, FORMAT_WORDS, LANG_WORDS, LOOKBACK_WORDS, parseTime, pick, PURPOSE_WORDS, ROLE_WORDS, SWITCH_WORDS } from "./parse/words";
export { bareQuery } from "./parse/bare-query";

export type Command =
  /** `query`: the whole argument, searched as keywords when it is not an item's code. */
  | { name: "status"; code: string; query: string }
  /** Page 0 is the newest entries; each older page is one 更早 press further back. */
  | { name: "history"; code: string; page: number }
  | { name: "mine" }
  | { name: "overdue"; unit?: string }
  | { name: "due"; unit?: string }
  | { name: "unit"; unit: string }
  | { name: "case"; caseNo: string }
  | { name: "apply"; code: string; note: string }
  /**
   * `confirmed`: "/销号 <编号> 确认", accepting despite the warnings the card showed.
   * `seen`: the warnings on the card whose 仍然销号 was pressed; a warning not among them
   * shows the card again instead of being accepted unseen.
   */
  | { name: "accept"; code: string; note: string; confirmed: boolean; seen?: SignOffWarning["kind"][] }
  | { name: "return"; code: string; reason: string }
  | { name: "extend"; code: string; day: Day; reason: string }
  | { name: "reopen"; code: string; reason: string }
  | { name: "lookback"; code: string; passed: boolean; note: string }
  | { name: "handle"; caseNo: string; finding: Finding; actions: string }
  | { name: "caseExtend"; caseNo: string; day: Day; reason: string }
  | { name: "disclose"; caseNo: string }
  /** The case is about a ledger item (`code` null: about none). */
  | { name: "linkCase"; caseNo: string; code: string | null }
  | { name: "bind"; code: string }
  | { name: "invite"; person: string; unit: string; role: Role }
  | { name: "chat"; purpose: ChatPurpose; unit?: string }
  /**
   * The bot creates a group chat (a web room, a WeCom app group) for a purpose and binds it:
   * /设置群 needs a group that exists, and some channels have none the bot may post into.
   */
  | { name: "newGroup"; title: string; purpose: Exclude<ChatPurpose, "direct">; unit?: string }
  | { name: "digest"; action: "on"; time?: string }
  | { name: "digest"; action: "off" }
  | { name: "digest"; action: "now" }
  | { name: "reminders"; on: boolean }
  | { name: "lang"; lang: Lang }
  | { name: "import" }
  | { name: "export"; format: "xlsx" | "json" }
  /** Without a year: the year that needs supplying (this one when missing, else the next). */
  | { name: "holidays"; action: "show"; year?: number }
  | { name: "holidays"; action: "supply"; year: number; off: Day[]; work: Day[] }
  | { name: "whoami" }
  | { name: "help"; topic?: string }
  /** Open evidence flags, of one item when `code` is given (/存疑 [编号]). */
  | { name: "flags"; code?: string }
  /** A coordinator checked a flagged photo and clears it (/核实 <照片号> <原因>). */
  | { name: "verify"; photoId: number; reason: string }
  | OfficeCommand;

export type CommandName = Command["name"];

export type ArgumentName =
  | "code" | "caseNo" | "unit" | "reason" | "date" | "result" | "finding" | "actions"
  | "person" | "purpose" | "setting" | "lang" | "format" | "bindCode" | "page" | "content" | "title" | "photo";

export type CommandError =
  | { code: "unknown_command"; name: string }
  | { code: "missing_argument"; command: CommandName; argument: ArgumentName }
  | { code: "bad_date"; command: CommandName; raw: string }
  | { code: "date_in_past"; command: CommandName; day: Day; today: Day }
  | { code: "bad_role"; command: CommandName; raw: string }
  | { code: "bad_purpose"; command: CommandName; raw: string }
  | { code: "bad_finding"; command: CommandName; raw: string }
  | { code: "bad_time"; command: CommandName; raw: string }
  | { code: "bad_lang"; command: CommandName; raw: string }
  | { code: "bad_choice"; command: CommandName; argument: ArgumentName; raw: string }
  | { code: "too_long"; command: CommandName; length: number; max: number }
  | { code: "bad_year"; command: CommandName; raw: string }
  | { code: "bad_range"; command: CommandName; raw: string }
  | { code: "days_without_kind"; command: CommandName; raw: string };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: CommandError };

/** Longest argument text accepted, in characters. */
export const MAX_ARGS = 2000;

interface Aliases { en: readonly string[]; zh: readonly string[] }

// English aliases are lower case (names are matched case-insensitively). "销号申请" is
// listed so that it is not read as "/销号" (accept) with "申请" as the item code.
const ALIASES = {
  status: { en: ["status", "search"], zh: ["查询", "状态", "搜索"] },
  history: { en: ["history"], zh: ["进展", "历史"] },
  mine: { en: ["mine"], zh: ["我的"] },
  overdue: { en: ["overdue"], zh: ["逾期"] },
  due: { en: ["due"], zh: ["临期"] },
  unit: { en: ["unit"], zh: ["单位"] },
  case: { en: ["case"], zh: ["信访"] },
  apply: { en: ["apply", "done"], zh: ["申请销号", "销号申请"] },
  accept: { en: ["accept"], zh: ["销号", "验收"] },
  return: { en: ["return"], zh: ["退回", "驳回"] },
  extend: { en: ["extend"], zh: ["延期"] },
  reopen: { en: ["reopen"], zh: ["重新打开", "重开"] },
  lookback: { en: ["lookback"], zh: ["回头看"] },
  handle: { en: ["handle"], zh: ["办结"] },
  caseExtend: { en: ["caseextend", "case_extend"], zh: ["信访延期"] },
  disclose: { en: ["disclose"], zh: ["公开"] },
  linkCase: { en: ["link", "linkcase"], zh: ["关联", "关联任务"] },
  bind: { en: ["bind"], zh: ["绑定"] },
  invite: { en: ["invite"], zh: ["邀请"] },
  chat: { en: ["chat"], zh: ["设置群"] },
  newGroup: { en: ["newgroup"], zh: ["建群"] },
  digest: { en: ["digest"], zh: ["日报", "订阅"] },
  reminders: { en: ["reminders"], zh: ["提醒"] },
  lang: { en: ["lang", "language"], zh: ["语言"] },
  import: { en: ["import"], zh: ["导入"] },
  export: { en: ["export"], zh: ["导出"] },
  holidays: { en: ["holidays"], zh: ["节假日", "节假日安排"] },
  whoami: { en: ["whoami"], zh: ["我是谁"] },
  help: { en: ["help"], zh: ["帮助"] },
  transfer: { en: ["transfer"], zh: ["转办"] },
  assign: { en: ["assign"], zh: ["指派"] },
  cooperate: { en: ["cooperate"], zh: ["配合"] },
  chase: { en: ["chase"], zh: ["催办", "督办"] },
  instruct: { en: ["instruct"], zh: ["批示"] },
  flags: { en: ["flags"], zh: ["存疑"] },
  verify: { en: ["verify"], zh: ["核实"] },
} satisfies Record<CommandName, Aliases>;

/** Every command with its aliases, in the order help lists them. */
export const COMMANDS: readonly ({ name: CommandName } & Aliases)[] = Object.entries(ALIASES).map(
  ([name, aliases]) => ({ name: name as CommandName, ...aliases }),
);

const BY_ALIAS = new Map<string, CommandName>(
  COMMANDS.flatMap((c) => [...c.en, ...c.zh].map((alias) => [alias, c.name] as const)),
);
// Longest first, so "/信访延期…" is not read as "/信访" + "延期…".
const ZH_ALIASES = COMMANDS.flatMap((c) => c.zh).sort((a, b) => b.length - a.length);

/** The command an alias names ("查询", "STATUS", "caseextend"), or null. */
export function resolveCommandName(name: string): CommandName | null {
  return BY_ALIAS.get(halfWidth(name).trim().toLowerCase()) ?? null;
}

const NAME = /^([\p{L}\p{N}_]+)(?:@[\w.]+)?(?:\s+([\s\S]*))?$/u;

/**
 * "/name args" → { name, args }. "、" (what a Chinese IME gives for the "/" key) only
 * starts a known command, so chatter opening with "、" is not answered as an unknown
 * command. A Chinese name may run into its argument ("/查询中央-07-2"), as people type.
 */
export function splitCommand(text: string): { name: string; args: string } | null {
  const t = text.trimStart();
  const prefix = t[0];
  if (prefix !== "/" && prefix !== "／" && prefix !== "、") return null;
  const body = t.slice(1);
  const m = NAME.exec(body);
  const name = m ? halfWidth(m[1]!).toLowerCase() : null;
  if (name !== null && resolveCommandName(name)) return { name, args: (m![2] ?? "").trim() };
  const alias = ZH_ALIASES.find((a) => body.startsWith(a));
  if (alias) return { name: alias, args: body.slice(alias.length).trim() };
  if (name !== null && prefix !== "、") return { name, args: (m![2] ?? "").trim() };
  return null;
}

const ok = (command: Command): ParseResult => ({ ok: true, command });
const fail = (error: CommandError): ParseResult => ({ ok: false, error });
const missing = (command: CommandName, argument: ArgumentName) =>
  fail({ code: "missing_argument", command, argument });

/** A day for an extension: on or after today. */
function futureDay(command: CommandName, raw: string, today: Day): Day | CommandError {
  const day = parseDay(raw, today);
  if (day === null) return { code: "bad_date", command, raw };
  if (day < today) return { code: "date_in_past", command, day, today };
  return day;
}

/** A split command's name and arguments → the Command, or what is wrong with them. */
export function parseCommand(name: string, args: string, today: Day): ParseResult {
  const command = resolveCommandName(name);
  if (command === null) return fail({ code: "unknown_command", name });
  const length = [...args].length;
  if (length > MAX_ARGS) return fail({ code: "too_long", command, length, max: MAX_ARGS });
  return parseArgs(command, args.trim(), today);
}

function parseArgs(command: CommandName, args: string, today: Day): ParseResult {
  switch (command) {
    case "mine": case "import": case "whoami":
      return ok({ name: command });
    case "overdue": case "due":
      return ok(args ? { name: command, unit: args } : { name: command });
    case "unit":
      return args ? ok({ name: "unit", unit: args }) : missing(command, "unit");
    case "linkCase": {
      const [caseNo, after] = nextCode(args);
      if (!caseNo) return missing(command, "caseNo");
      const [code] = nextCode(after);
      if (!code) return missing(command, "code");
      return ok({ name: command, caseNo, code: ["无", "none", "-"].includes(code.toLowerCase()) ? null : code });
    }
    case "status": case "case": case "disclose": {
      const [code] = nextCode(args);
      if (!code) return missing(command, command === "status" ? "code" : "caseNo");
      return ok(command === "status" ? { name: command, code, query: args } : { name: command, caseNo: code });
    }
    case "history": {
      const [code, after] = nextCode(args);
      if (!code) return missing(command, "code");
      const [word] = next(after);
      if (!word) return ok({ name: command, code, page: 0 });
      const page = /^[1-9]\d{0,3}$/.test(halfWidth(word)) ? Number(halfWidth(word)) - 1 : -1;
      return page < 0 ? fail({ code: "bad_choice", command, argument: "page", raw: word }) : ok({ name: command, code, page });
    }
    case "apply": {
      const [code, note] = nextCode(args);
      return code ? ok({ name: command, code, note: note.trim() }) : missing(command, "code");
    }
    case "accept": {
      const [code, rest] = nextCode(args);
      if (!code) return missing(command, "code");
      const [word, after] = next(rest);
      const confirmed = pick(CONFIRM_WORDS, word) === true;
      return ok({ name: command, code, note: (confirmed ? after : rest).trim(), confirmed });
    }
    case "flags":
      return ok(args.trim() ? { name: command, code: args.trim() } : { name: command });
    case "verify": {
      const [photo = "", ...rest] = args.trim().split(/\s+/);
      if (!photo) return missing(command, "photo");
      const id = photo.replace(/^(照片)?[#＃]/, "");
      if (!/^\d{1,9}$/.test(id)) return { ok: false, error: { code: "bad_choice", command, argument: "photo", raw: photo } };
      const reason = rest.join(" ").trim();
      return reason ? ok({ name: command, photoId: Number(id), reason }) : missing(command, "reason");
    }
    case "return": case "reopen": {
      const [code, reason] = nextCode(args);
      if (!code) return missing(command, "code");
      return reason.trim() ? ok({ name: command, code, reason: reason.trim() }) : missing(command, "reason");
    }
    case "extend": case "caseExtend":
      return parseExtension(command, args, today);
    case "lookback": {
      const [code, after] = nextCode(args);
      if (!code) return missing(command, "code");
      const [word, note] = next(after);
      if (!word) return missing(command, "result");
      const passed = pick(LOOKBACK_WORDS, word);
      if (passed === undefined) return fail({ code: "bad_choice", command, argument: "result", raw: word });
      return ok({ name: command, code, passed, note: note.trim() });
    }
    case "handle": {
      const [caseNo, after] = nextCode(args);
      if (!caseNo) return missing(command, "caseNo");
      const [word, actions] = next(after);
      if (!word) return missing(command, "finding");
      const finding = pick(FINDING_WORDS, word);
      if (finding === undefined) return fail({ code: "bad_finding", command, raw: word });
      return actions.trim() ? ok({ name: command, caseNo, finding, actions: actions.trim() }) : missing(command, "actions");
    }
    case "bind": {
      const [code] = next(args);
      return code ? ok({ name: command, code: halfWidth(code) }) : missing(command, "bindCode");
    }
    case "invite": {
      const [person, after] = next(args);
      const [unit, roleText] = next(after);
      const [roleWord] = next(roleText);
      if (!person) return missing(command, "person");
      if (!unit) return missing(command, "unit");
      const role = roleWord ? pick(ROLE_WORDS, roleWord) : "official";
      if (role === undefined) return fail({ code: "bad_role", command, raw: roleWord });
      return ok({ name: command, person, unit, role });
    }
    case "chat": {
      const [word, unit] = next(args);
      if (!word) return missing(command, "purpose");
      const purpose = pick(PURPOSE_WORDS, word);
      if (purpose === undefined) return fail({ code: "bad_purpose", command, raw: word });
      if (purpose !== "unit") return ok({ name: command, purpose });
      return unit.trim() ? ok({ name: command, purpose, unit: unit.trim() }) : missing(command, "unit");
    }
    case "newGroup": {
      const [title, after] = next(args);
      if (!title) return missing(command, "title");
      const [word, unit] = next(after);
      if (!word) return missing(command, "purpose");
      const purpose = pick(PURPOSE_WORDS, word);
      if (purpose === undefined) return fail({ code: "bad_purpose", command, raw: word });
      if (purpose !== "unit") return ok({ name: command, title, purpose });
      return unit.trim() ? ok({ name: command, title, purpose, unit: unit.trim() }) : missing(command, "unit");
    }
    case "digest":
      return parseDigest(args);
    case "reminders": {
      const [word] = next(args);
      if (!word) return missing(command, "setting");
      const on = pick(SWITCH_WORDS, word);
      return on === undefined ? fail({ code: "bad_choice", command, argument: "setting", raw: word }) : ok({ name: command, on });
    }
    case "lang": {
      const [word] = next(args);
      if (!word) return missing(command, "lang");
      const lang = pick(LANG_WORDS, word);
      return lang === undefined ? fail({ code: "bad_lang", command, raw: word }) : ok({ name: command, lang });
    }
    case "export": {
      const [word] = next(args);
      const format = word ? pick(FORMAT_WORDS, word) : "xlsx";
      return format === undefined ? fail({ code: "bad_choice", command, argument: "format", raw: word }) : ok({ name: command, format });
    }
    case "holidays": {
      const parsed = parseHolidayArgs(args);
      return "code" in parsed ? fail({ ...parsed, command }) : ok({ name: command, ...parsed });
    }
    case "transfer": case "assign": case "cooperate": case "chase": case "instruct":
      return parseOfficeArgs(command, args, today);
    case "help": {
      const [word] = next(args);
      const topic = word.replace(/^[/／、]/, "");
      return ok(topic ? { name: command, topic: resolveCommandName(topic) ?? topic } : { name: command });
    }
  }
}

function parseExtension(command: "extend" | "caseExtend", args: string, today: Day): ParseResult {
  const [code, after] = nextCode(args);
  if (!code) return missing(command, command === "extend" ? "code" : "caseNo");
  const [rawDay, reason] = next(after);
  if (!rawDay) return missing(command, "date");
  const day = futureDay(command, rawDay, today);
  if (typeof day !== "string") return fail(day);
  if (!reason.trim()) return missing(command, "reason");
  return ok(command === "extend"
    ? { name: command, code, day, reason: reason.trim() }
    : { name: command, caseNo: code, day, reason: reason.trim() });
}

/** on [time] | off | now; a bare time ("/订阅 08:30") means on at that time. */
function parseDigest(args: string): ParseResult {
  const [word, after] = next(args, /\s+/u);
  if (!word) return missing("digest", "setting");
  const action = pick(DIGEST_WORDS, word);
  if (action === "off" || action === "now") return ok({ name: "digest", action });
  const rawTime = action === "on" ? next(after, /\s+/u)[0] : word;
  if (!rawTime) return ok({ name: "digest", action: "on" });
  const time = parseTime(rawTime);
  if (time !== null) return ok({ name: "digest", action: "on", time });
  return action === "on" || /^[\d０-９]/.test(rawTime)
    ? fail({ code: "bad_time", command: "digest", raw: rawTime })
    : fail({ code: "bad_choice", command: "digest", argument: "setting", raw: word });
}
