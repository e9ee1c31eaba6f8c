/**
 * Reading single cells of a ledger: text, dates (Excel date cells, serial numbers and
 * the words people write), units and people lists, and the labels of sources,
 * categories and states.
 */
import { addDays } from "../core/days";
import { parseDeadline } from "../core/parse/dates";
import { normalizeItemCode } from "../core/parse/item-code";
import { halfWidth } from "../core/parse/width";
import type { PersonName } from "../core/drafts";
import { ITEM_SOURCES, type CaseStatus, type Category, type Day, type Finding, type ItemSource, type ItemStatus } from "../core/types";
import type { CellValue } from "./sheet";

/** Excel keeps wall-clock time without a zone; exceljs hands it over as the same fields in UTC. */
function excelDay(d: Date): Day {
  return d.toISOString().slice(0, 10);
}

// Serial numbers for 1960-01-01 … 2099-12-31 are read as dates; nothing else in a date column is a number.
const SERIAL_MIN = 21_916;
const SERIAL_MAX = 73_415;

export function text(v: CellValue): string {
  if (v === null) return "";
  if (v instanceof Date) return excelDay(v);
  return String(v).replace(/\r\n?/g, "\n").trim();
}

export type DateCell = { kind: "empty" } | { kind: "day"; day: Day } | { kind: "long_term" } | { kind: "bad"; text: string };

export function readDate(v: CellValue): DateCell {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { kind: "bad", text: String(v) } : { kind: "day", day: excelDay(v) };
  if (typeof v === "number") {
    if (Number.isInteger(v) && v >= SERIAL_MIN && v <= SERIAL_MAX) return { kind: "day", day: addDays("1899-12-30", v) };
    return { kind: "bad", text: String(v) };
  }
  const t = text(v);
  if (t === "") return { kind: "empty" };
  const d = parseDeadline(t);
  if (d) return d.kind === "day" ? { kind: "day", day: d.day } : { kind: "long_term" };
  return { kind: "bad", text: t };
}

const LIST_SEPARATORS = /[、，,；;/\n]+/;
const UNIT_REMARK = /[（(](?:牵头|配合|负责|主责|协办)[）)]|^(?:牵头单位|配合单位|牵头|配合)[:：]/g;

/** "市住建局、市城管局（配合）" → ["市住建局", "市城管局"]. */
export function splitUnits(v: CellValue): string[] {
  const names = text(v)
    .split(LIST_SEPARATORS)
    .map((s) => s.replace(UNIT_REMARK, "").trim())
    .filter((s) => s !== "");
  return [...new Set(names)];
}

const PHONE = /(?:\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})/;

/** "张伟（局长）13912345678、李娜" → [{ 张伟, 13912345678 }, { 李娜 }]. */
export function splitPeople(v: CellValue): PersonName[] {
  return text(v)
    .split(LIST_SEPARATORS)
    .map((part) => {
      const phone = PHONE.exec(halfWidth(part))?.[1] ?? null;
      const name = halfWidth(part)
        .replace(PHONE, "")
        .replace(/\(.*?\)|（.*?）|[:：]/g, "")
        .trim();
      return { name, phone };
    })
    .filter((p) => p.name !== "");
}

/** The first sentence of the problem, short enough for a list line. */
export function titleOf(problem: string, max = 40): string {
  const first = problem.split(/[。；;！!？?\n]/)[0]!.trim() || problem.trim();
  return first.length > max ? `${first.slice(0, max)}…` : first;
}

const SOURCE_WORDS: [RegExp, ItemSource][] = [
  [/中央|central/i, "central"],
  [/信访|petition/i, "petition"],
  [/风险|排查|risk/i, "risk"],
  [/自查|自行发现|self/i, "self"],
  [/省|provincial/i, "provincial"],
];

export function sourceOf(s: string): ItemSource | null {
  return SOURCE_WORDS.find(([re]) => re.test(s))?.[1] ?? null;
}

/**
 * The words --source takes: the code (central), the prefix of a code (中央) or the label
 * (中央督察). Exact, unlike sourceOf: an option is typed on purpose.
 */
export function sourceOption(s: string): ItemSource | null {
  const t = s.trim();
  if ((ITEM_SOURCES as readonly string[]).includes(t)) return t as ItemSource;
  const byWord = Object.entries(DEFAULT_PREFIX).find(([, word]) => t === word || t === `${word}督察` || t === `${word}排查`);
  return (byWord?.[0] as ItemSource | undefined) ?? null;
}

export const DEFAULT_PREFIX: Record<ItemSource, string> = {
  central: "中央", provincial: "省", petition: "信访", risk: "风险", self: "自查",
};

// Order matters: 饮用水 and 小水电 before 水, 土壤 before nothing else.
const CATEGORY_WORDS: [RegExp, Category][] = [
  [/饮用水|水源地/, "drinking_water"],
  [/水电/, "hydropower"],
  [/保护区|保护地|生态保护|生态修复|生态环境破坏|采石|采砂|挖砂|取沙|采矿|矿山|生态破坏|林地|湿地|草原/, "nature_reserve"],
  [/危废|危险废物|固废|固体废物|垃圾|尾矿|渣/, "waste"],
  [/大气|空气|扬尘|臭氧|废气|烟尘|油烟|秸秆焚烧/, "air"],
  [/土壤|重金属/, "soil"],
  [/噪声|噪音/, "noise"],
  [/水|河|湖|污水|排污口|养殖/, "water"],
  [/其他|其它/, "other"],
];

export function categoryOf(s: string): Category | null {
  const t = s.trim();
  const exact = /^(water|air|soil|waste|drinking_water|hydropower|nature_reserve|noise|other)$/.exec(t);
  if (exact) return exact[1] as Category;
  return CATEGORY_WORDS.find(([re]) => re.test(t))?.[1] ?? null;
}

/** The state a new item starts in, from the ledger's 完成情况 (and whether it has progress). */
export function initialStatus(completion: string, hasProgress: boolean): ItemStatus {
  if (/未完成|未开始|未启动|未整改/.test(completion)) return hasProgress ? "in_progress" : "not_started";
  if (/销号|^已完成|^完成|已整改到位|已完成整改/.test(completion)) return "signed_off";
  if (completion !== "" || hasProgress) return "in_progress";
  return "not_started";
}

const CASE_STATUS_WORDS: [RegExp, CaseStatus][] = [
  [/^(?:否|未办结|阶段性办结|办理中|正在办理|调查中|整改中|推进中)$/, "in_progress"],
  [/^(?:已交办|交办|待办理|未办理|已受理)$/, "assigned"],
  [/^(?:已公开|已公示|公开|公示)$/, "disclosed"],
  [/^(?:是|已办结|办结|已完成|完成)$/, "handled"],
];

export function caseStatusOf(s: string): CaseStatus | null {
  const t = s.replace(/\s+/g, "");
  if (/^(assigned|in_progress|handled|disclosed)$/.test(t)) return t as CaseStatus;
  return CASE_STATUS_WORDS.find(([re]) => re.test(t))?.[1] ?? null;
}

export function findingOf(s: string): Finding | null {
  if (/不属实|查无实据|false/.test(s)) return "false";
  if (/部分属实|基本属实|partly/.test(s)) return "partly_true";
  if (/属实|true/.test(s)) return "true";
  return null;
}

export function yesNoOf(s: string): boolean | null {
  if (/^(?:是|已公开|已公示|公开|yes|true)$/i.test(s)) return true;
  if (/^(?:否|未公开|未公示|不公开|no|false)$/i.test(s)) return false;
  return null;
}

/** A code as the plan writes it (中央-07-2), or null when the cell is only a number (7, 7-2, 7.2). */
export function explicitCode(v: CellValue): string | null {
  const t = normalizeItemCode(text(v));
  return t !== "" && /[^\d.\-()（）\s]/.test(t) ? t : null;
}

/** 序号 7 with prefix 中央 → 中央-07; 7-2, 7.2 or 7(2) → 中央-07-2. */
export function derivedCode(prefix: string, seq: CellValue): string | null {
  const parts = normalizeItemCode(text(seq)).split(/[.\-()（）\s]+/).filter((p) => p !== "");
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) return null;
  return [prefix, parts[0]!.padStart(2, "0"), ...parts.slice(1)].join("-");
}
