/** The words a command's arguments may be written in, Chinese and English, and the time of day. */
import type { ChatPurpose, Finding, Lang, Role } from "../types";
import { halfWidth } from "./width";

export function pick<T>(table: Record<string, T>, raw: string): T | undefined {
  return Object.hasOwn(table, raw.toLowerCase()) ? table[raw.toLowerCase()] : undefined;
}

export const ROLE_WORDS: Record<string, Role> = {
  official: "official", 责任人: "official",
  unit_head: "unit_head", 单位负责人: "unit_head", 负责人: "unit_head",
  coordinator: "coordinator", 督察办: "coordinator", 督察整改办: "coordinator", 整改办: "coordinator",
  leader: "leader", 领导: "leader",
  admin: "admin", 管理员: "admin",
};
export const PURPOSE_WORDS: Record<string, Exclude<ChatPurpose, "direct">> = {
  unit: "unit", 单位: "unit", 单位群: "unit",
  leaders: "leaders", leader: "leaders", 领导: "leaders", 领导群: "leaders",
  coordinators: "coordinators", coordinator: "coordinators", 督察办: "coordinators", 督察整改办: "coordinators",
};
export const FINDING_WORDS: Record<string, Finding> = {
  属实: "true", true: "true",
  部分属实: "partly_true", partly: "partly_true", partly_true: "partly_true",
  不属实: "false", false: "false",
};
export const LOOKBACK_WORDS: Record<string, boolean> = {
  pass: true, 通过: true, 合格: true,
  fail: false, 不通过: false, 不合格: false,
};
export const CONFIRM_WORDS: Record<string, boolean> = { confirm: true, 确认: true, 确定: true, 仍然销号: true };
export const SWITCH_WORDS: Record<string, boolean> = {
  on: true, 开: true, 开启: true, 打开: true,
  off: false, 关: false, 关闭: false,
};
export const DIGEST_WORDS: Record<string, "on" | "off" | "now"> = {
  ...Object.fromEntries(Object.entries(SWITCH_WORDS).map(([w, on]) => [w, on ? "on" : "off"])),
  订阅: "on", 取消: "off", 退订: "off",
  now: "now", 现在: "now", 立即: "now", 马上: "now",
};
export const LANG_WORDS: Record<string, Lang> = {
  zh: "zh-CN", "zh-cn": "zh-CN", cn: "zh-CN", chinese: "zh-CN", 中文: "zh-CN", 汉语: "zh-CN",
  en: "en", english: "en", 英文: "en", 英语: "en",
};
export const FORMAT_WORDS: Record<string, "xlsx" | "json"> = { xlsx: "xlsx", excel: "xlsx", json: "json" };

/** "08:30", "8:30", "8点", "8点半", "8点30分" → "HH:MM"; null when not a time of day. */
export function parseTime(raw: string): string | null {
  const m = /^(\d{1,2})(?::(\d{2})|点(?:(\d{1,2})分?|(半))?)$/.exec(halfWidth(raw));
  if (!m) return null;
  const hour = +m[1]!;
  const minute = m[4] ? 30 : +(m[2] ?? m[3] ?? 0);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}
