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
};
