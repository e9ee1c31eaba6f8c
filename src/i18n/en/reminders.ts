/** English messages: reminders. Keys and parameters must match ../zh-CN/reminders.ts. */
import type { reminders as zh } from "../zh-CN/reminders";

export const reminders: typeof zh = {
  heading: (n: number) => (n === 1 ? "⏰ Reminder" : `⏰ Reminder: ${n} things need attention`),
  caseEntry: (p) => `Petition case ${p.caseNo} | ${p.unit} | ${p.basis} ${p.deadline} | ${p.when}`,
  itemEntry: (p) => `${p.code} ${p.title} | ${p.unit} | deadline ${p.deadline} | ${p.when}`,
  basis: {
    batch: "batch deadline",
    accept: "acceptance deadline",
    handle: "handling deadline",
    extended: "extended deadline",
  },
  stale: (days: number) => `no progress report for ${days} day${days === 1 ? "" : "s"}`,
  period: (days: number, periodDays: number) =>
    `reports every ${periodDays} days; none for ${days} day${days === 1 ? "" : "s"}`,
  longTermHeading: (p: { month: string }) => `📅 Long-term items, ${p.month}: please report this month's progress`,
  longTermEntry: (p: { code: string; title: string; last: string | null }) => `${p.code} ${p.title} | last report: ${p.last ?? "none"}`,
  longTermHint: "Reply with \"#code what was done\", with photos if you have them.",
};
