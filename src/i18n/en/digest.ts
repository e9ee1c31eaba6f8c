/** English messages: digest. Keys and parameters must match ../zh-CN/digest.ts. */
import type { digest as zh } from "../zh-CN/digest";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const digest: typeof zh = {
  title: (p) => `📋 Rectification digest · ${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][p.weekday]} ${p.day} ${MONTHS[p.month - 1]}`,
  totals: (p) => `${plural(p.open, "open item")}: ${p.lights}; ${p.signedOff} signed off`,
  change: (n) => (n > 0 ? `(+${n})` : `(−${-n})`),
  sep: " | ",
  listSep: ", ",
  newlyRed: "🆕",
  red: (p) => `🔴 Overdue or red: ${plural(p.count, "item")}${p.newly > 0 ? ` (${p.newly} new today)` : ""}`,
  returned: (n) => `returned ${n === 1 ? "once" : `${n} times`}`,
  dueSoon: (p) => `⏰ Due within ${p.days} days: ${plural(p.count, "item")}`,
  stale: (p) =>
    `💤 No progress report for ${p.days}+ days (long-term items: one period): ${plural(p.count, "item")}`,
  silent: (n) => `silent ${plural(n, "day")}`,
  awaiting: (count) => `📝 Awaiting sign-off: ${plural(count, "item")}`,
  waiting: (n) => (n === 0 ? "applied today" : `waiting ${plural(n, "day")}`),
  cases: (count) => `📨 Petition cases due or overdue: ${count}`,
  owner: (name) => `owner: ${name}`,
  afterSignOff: (count) => `🚩 Reports after sign-off: ${plural(count, "item")}`,
  afterSignOffReports: (n) => plural(n, "report"),
  lookback: {
    failed: (count) => `↩️ Look-backs failed, items reopened: ${plural(count, "item")}`,
    failedOn: (day) => `look-back failed ${day}`,
    note: (note) => `reason: ${note}`,
    due: (count) => `🔍 Look-backs to check (due today or overdue): ${plural(count, "item")}`,
    signedOff: (day) => `signed off ${day}`,
    dueToday: "due today",
    asked: "unit asked for fresh photos",
    why: (reasons) => `risk: ${reasons}`,
    routine: "routine check",
    risk: {
      deadlineDay: "signed off on the deadline day",
      flaggedEvidence: "questionable evidence photos",
      easyToUndo: "measures easy to undo (production halt, soil cover, covering, washing, closure)",
      repeatPetition: "repeated petitions",
    },
  },
  flags: (count) => `⚠️ Questionable evidence photos: ${count}`,
  flag: {
    reused: "same picture as another report",
    near_copy: "a near copy of another report's photo (cropped, mirrored, turned or screenshotted)",
    old: "taken long before it was sent",
    before_assigned: "taken before the item was assigned",
    far_from_place: "taken far from the item's place",
  },
  flagMatch: (code) => `compare ${code}'s photo`,
  units: "🏢 Units by light (change since yesterday in brackets)",
  yesterday: (p) => `Yesterday: ${plural(p.reports, "progress report")}, ${plural(p.photos, "photo")}`,
  allClear: "Nothing overdue, due soon, silent or awaiting sign-off today.",
  more: (p) => `…and ${p.count} more: send ${p.command}`,
  moreUnits: (p) => `…and ${plural(p.count, "more unit")}: send ${p.command}`,
  command: {
    overdue: "/overdue",
    due: "/due",
    unit: "/unit <unit name>",
    case: "/case <case number>",
    history: "/history <code>",
  },
  notAllowed: "Only coordinators or admins can configure the digest.",
  chatNotBound:
    "This chat is not bound as a leaders' or coordinators' group, so it cannot receive the digest. An admin binds it with /chat leaders.",
  enabled: (time) => `Daily digest on: sent to this chat every day at ${time}.`,
  disabled: "Daily digest off for this chat. Send /digest on to turn it back on.",
};
