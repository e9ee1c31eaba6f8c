/**
 * The digest as a message a leader reads on a phone: exceptions first, each section its
 * count and its first few entries, and the command that shows the rest.
 */
import type { Block, OutboundMessage } from "../core/chat";
import type { Lang, Light } from "../core/types";
import { messagesFor, type Catalogue } from "../i18n/index";
import { flagReasons } from "../i18n/flags";
import { DIGEST_TOP, type CaseEntry, type DigestData, type FlagEntry, type ItemEntry, type LightCounts, type LookbackDueEntry, type LookbackFailedEntry, type Section, type UnitSummary } from "./types";

/** Entries shown per section; the rest are one command away. */
export const TOP_ENTRIES = DIGEST_TOP;
const LIGHTS: Light[] = ["red", "yellow", "green"];

export function renderDigest(data: DigestData, lang: Lang): OutboundMessage {
  const m = messagesFor(lang);
  const d = m.digest;
  const [, month, day] = data.day.split("-").map(Number);
  const blocks: Block[] = [
    { type: "heading", text: d.title({ month, day, weekday: new Date(`${data.day}T00:00:00Z`).getUTCDay() }) },
    {
      type: "text",
      text: d.totals({
        open: LIGHTS.reduce((n, l) => n + data.totals.today[l], 0),
        lights: lightsLine(m, data.totals.today, data.totals.yesterday),
        signedOff: data.totals.signedOff,
      }),
    },
  ];

  const section = <T>(heading: string, { count, top }: Section<T>, line: (e: T) => string, command: string) => {
    if (count === 0) return;
    blocks.push({ type: "heading", text: heading }, { type: "list", items: top.slice(0, TOP_ENTRIES).map(line) });
    const shown = Math.min(top.length, TOP_ENTRIES);
    if (count > shown) blocks.push({ type: "text", text: d.more({ count: count - shown, command }) });
  };
  const exceptionsBefore = blocks.length;
  section(d.red({ count: data.red.count, newly: data.red.newly }), data.red, (e) => redLine(m, e, data), d.command.overdue);
  section(d.cases(data.cases.count), data.cases, (e) => caseLine(m, e), d.command.case);
  section(d.dueSoon({ count: data.dueSoon.count, days: data.thresholds.dueSoonDays }), data.dueSoon,
    (e) => itemLine(m, e, [m.common.dueIn(e.dueInDays ?? 0)]), d.command.due);
  section(d.stale({ count: data.stale.count, days: data.thresholds.staleDays }), data.stale,
    (e) => itemLine(m, e, [d.silent(e.silentDays), e.longTerm ? m.common.longTerm : null]), d.command.unit);
  section(d.awaiting(data.awaiting.count), data.awaiting, (e) => itemLine(m, e, [d.waiting(e.waitingDays ?? 0)]), d.command.unit);
  section(d.afterSignOff(data.afterSignOff.count), data.afterSignOff,
    (e) => joined(m, [e.itemCode, e.unit, d.afterSignOffReports(e.reports)]), d.command.history);
  section(d.lookback.failed(data.lookbacks.failed.count), data.lookbacks.failed, (e) => failedLookbackLine(m, e), d.command.history);
  section(d.lookback.due(data.lookbacks.due.count), data.lookbacks.due, (e) => dueLookbackLine(m, e), d.command.history);
  section(d.flags(data.flags.count), data.flags, (e) => flagLine(m, e), d.command.unit);
  const o = m.office.digest;
  section(o.chases(data.chases.count), data.chases, (e) => joined(m, [e.code, e.unit, o.chasedBy({ by: e.byName, due: e.dueDay ?? "" })]), d.command.history);
  section(o.instructions(data.instructions.count), data.instructions, (e) => joined(m, [e.code, e.unit, `${e.byName}：${e.text}`]), d.command.history);
  if (blocks.length === exceptionsBefore) blocks.push({ type: "text", text: d.allClear });

  const notable = data.units.filter((u) => u.today.red + u.today.yellow > 0 || LIGHTS.some((l) => u.today[l] !== u.yesterday[l]));
  if (notable.length > 0) {
    blocks.push({ type: "heading", text: d.units }, { type: "list", items: notable.slice(0, TOP_ENTRIES).map((u) => unitLine(m, u)) });
    if (notable.length > TOP_ENTRIES) {
      blocks.push({ type: "text", text: d.moreUnits({ count: notable.length - TOP_ENTRIES, command: d.command.unit }) });
    }
  }
  blocks.push({ type: "text", text: d.yesterday(data.yesterday) });
  if (data.chainHead) blocks.push({ type: "text", text: m.audit.head(data.chainHead) });
  return { blocks };
}

function lightsLine(m: Catalogue, today: LightCounts, yesterday: LightCounts): string {
  return LIGHTS.map((l) => {
    const delta = today[l] - yesterday[l];
    return `${m.common.lightDot[l]}${today[l]}${delta === 0 ? "" : m.digest.change(delta)}`;
  }).join(" ");
}

function joined(m: Catalogue, parts: (string | null)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(m.digest.sep);
}

function itemLine(m: Catalogue, e: ItemEntry, facts: (string | null)[]): string {
  return joined(m, [e.code, e.unit, e.person, ...facts]);
}

function redLine(m: Catalogue, e: ItemEntry, data: DigestData): string {
  const line = itemLine(m, e, [
    e.overdueDays > 0 ? m.common.overdueBy(e.overdueDays) : null,
    e.returnCount >= data.thresholds.redAfterReturns ? m.digest.returned(e.returnCount) : null,
    e.status === "awaiting_signoff" ? m.common.status.awaiting_signoff : null,
  ]);
  return e.newlyRed ? `${m.digest.newlyRed} ${line}` : line;
}

function caseLine(m: Catalogue, e: CaseEntry): string {
  return joined(m, [
    e.caseNo,
    e.unit,
    e.ownerLeader ? m.digest.owner(e.ownerLeader) : null,
    e.dueInDays < 0 ? m.common.overdueBy(-e.dueInDays) : m.common.dueIn(e.dueInDays),
  ]);
}

function flagLine(m: Catalogue, e: FlagEntry): string {
  return joined(m, [e.itemCode, e.unit, flagReasons(m, m.digest.flag, { flags: e.flags, placeMeters: e.placeMeters ?? null }).join(m.digest.listSep), e.matchItem && m.digest.flagMatch(e.matchItem)]);
}

function failedLookbackLine(m: Catalogue, e: LookbackFailedEntry): string {
  return joined(m, [e.code, e.unit, m.digest.lookback.failedOn(e.on), e.note && m.digest.lookback.note(e.note)]);
}

function dueLookbackLine(m: Catalogue, e: LookbackDueEntry): string {
  const l = m.digest.lookback;
  return joined(m, [
    e.code,
    e.unit,
    l.signedOff(e.signedOffOn),
    e.overdueDays > 0 ? m.common.overdueBy(e.overdueDays) : l.dueToday,
    e.risks.length ? l.why(e.risks.map((r) => l.risk[r]).join(m.digest.listSep)) : l.routine,
    e.asked ? l.asked : null,
  ]);
}

function unitLine(m: Catalogue, u: UnitSummary): string {
  return `${u.name} ${lightsLine(m, u.today, u.yesterday)}`;
}
