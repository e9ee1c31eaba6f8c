/**
 * The daily reminder run: finds what is due, overdue or silent and queues one message
 * per recipient listing their entries. Petition cases go to the responsible unit's
 * group and its officials directly, and once overdue also to the owning leader; items
 * go to the lead unit's group and the responsible person. Outbox keys are per
 * recipient and day, so a rerun the same day queues nothing new (a still-pending
 * message is refreshed instead). The Petitioner table is never read here.
 */
import { boundChatRef, type ChatRef, type OutboundMessage } from "../core/chat";
import type { Clock } from "../core/clock";
import { dayOf } from "../core/days";
import type { Thresholds } from "../core/lights";
import { caseDeadline } from "../core/petition";
import { inQuietHours, itemReminder, reminderFor, runSpan, type ItemReminder } from "../core/reminders";
import type { Day, Lang, Role } from "../core/types";
import { sendingCalendar, yearOf, type WorkCalendar } from "../core/workdays";
import type { Config } from "../config";
import { chatsFor } from "../ledger/chat-recipients";
import type { Ledger } from "../ledger/db";
import { queueMessage } from "../ledger/outbox";
import { peopleToRemind, remindersDue, type CaseToRemind, type ItemToRemind } from "../ledger/reminders-due";
import type { Session } from "../ledger/session";
import { langOf, messagesFor, type Catalogue } from "../i18n/index";

export interface ReminderDeps {
  ledger: Ledger;
  clock: Clock;
  config: Config;
  /** The real calendar: a year without data still gets its reminders, Monday to Friday, saying so. */
  calendar: WorkCalendar;
}

interface Entry {
  about: { caseNo: string } | { itemCode: string };
  unitId: number;
  unit: string;
  reminder: ItemReminder;
  line(msg: Catalogue): string;
  /** People reminded directly. */
  personIds: number[];
  /** A case's responsible unit: its officials and unit heads are reminded directly too. */
  unitPeopleOf?: number;
}

interface Target {
  to: ChatRef;
  lang: Lang;
  entries: Entry[];
}

const TITLE_CHARS = 20;
const UNIT_ROLES: Role[] = ["official", "unit_head"];

export async function runReminders({ ledger, clock, config, calendar }: ReminderDeps): Promise<{ queued: number }> {
  const now = clock.now();
  const tz = config.DUBAN_TZ;
  if (inQuietHours(now, tz, config.QUIET_HOURS)) return { queued: 0 };
  const today = dayOf(now, tz);
  const sending = sendingCalendar(calendar);
  if (!sending.isWorkday(today)) return { queued: 0 };
  const span = runSpan(sending, today);
  const missingYear = calendar.covers(yearOf(today)) ? null : yearOf(today);
  const thresholds: Thresholds = {
    staleDays: config.STALE_DAYS,
    dueSoonDays: config.DUE_SOON_DAYS,
    redAfterReturns: config.RED_AFTER_RETURNS,
  };

  const due = await remindersDue(ledger.session);
  const entries = [
    ...caseEntries(due.cases, today, span),
    ...itemEntries(due.items, today, span, (at) => dayOf(at, tz), thresholds),
  ];
  if (entries.length === 0) return { queued: 0 };
  const targets = await targetsOf(ledger.session, entries, config.DUBAN_LANG);

  return ledger.tx(async (session) => {
    let queued = 0;
    for (const target of targets) {
      const key = `remind:${target.to.platform}:${target.to.chatId}:${today}`;
      const result = await queueMessage(session, { key, to: target.to, message: messageFor(target, missingYear) }, now);
      if (result.state === "queued") queued++;
    }
    return { queued };
  });
}

function caseEntries(cases: CaseToRemind[], today: Day, span: number): Entry[] {
  const entries: Entry[] = [];
  for (const c of cases) {
    const deadline = caseDeadline(c);
    const reminder = deadline && reminderFor(deadline.day, today, undefined, span);
    if (!deadline || !reminder) continue;
    entries.push({
      about: { caseNo: c.caseNo },
      unitId: c.unitId,
      unit: c.unit,
      reminder,
      line: (msg) => msg.reminders.caseEntry({
        caseNo: c.caseNo, unit: c.unit, basis: msg.reminders.basis[deadline.basis], deadline: deadline.day, when: whenText(msg, reminder),
      }),
      personIds: reminder.kind === "overdue" && c.ownerLeaderId !== null ? [c.ownerLeaderId] : [],
      unitPeopleOf: c.unitId,
    });
  }
  return entries;
}

function itemEntries(
  items: ItemToRemind[], today: Day, span: number, dayOfInstant: (at: Date) => Day, thresholds: Thresholds,
): Entry[] {
  const entries: Entry[] = [];
  for (const item of items) {
    const reminder = itemReminder(item, today, dayOfInstant, thresholds, span);
    if (!reminder) continue;
    const title = item.title.length > TITLE_CHARS ? `${item.title.slice(0, TITLE_CHARS)}…` : item.title;
    entries.push({
      about: { itemCode: item.code },
      unitId: item.leadUnitId,
      unit: item.leadUnit,
      reminder,
      line: (msg) => msg.reminders.itemEntry({
        code: item.code, title, unit: item.leadUnit,
        deadline: item.longTerm ? msg.common.longTerm : item.deadline ?? msg.common.none,
        when: whenText(msg, reminder),
      }),
      personIds: item.personId !== null ? [item.personId] : [],
    });
  }
  return entries;
}

function whenText(msg: Catalogue, r: ItemReminder): string {
  switch (r.kind) {
    case "before":
      return msg.common.dueIn(r.days);
    case "overdue":
      return msg.common.overdueBy(r.days);
    case "stale":
      return msg.reminders.stale(r.days);
    case "period":
      return msg.reminders.period(r.days, r.periodDays);
  }
}

/** Every recipient with the entries for them: unit groups, then people's direct chats. */
async function targetsOf(session: Session, entries: Entry[], fallback: Lang): Promise<Target[]> {
  const caseUnitIds = [...new Set(entries.flatMap((e) => (e.unitPeopleOf === undefined ? [] : [e.unitPeopleOf])))];
  const personIds = [...new Set(entries.flatMap((e) => e.personIds))];
  const [chats, people] = await Promise.all([chatsFor(session), peopleToRemind(session, { ids: personIds, unitIds: caseUnitIds })]);
  const chatAt = new Map(chats.map((c) => [`${c.platform}:${c.chatId}`, c]));
  const targets = new Map<string, Target>();
  const add = (to: ChatRef, lang: string | null, entry: Entry) => {
    const key = `${to.platform}:${to.chatId}`;
    const chat = chatAt.get(key);
    if (chat && !chat.remindersEnabled) return;
    let target = targets.get(key);
    if (!target) {
      target = { to, lang: langOf(chat?.lang ?? lang, fallback), entries: [] };
      targets.set(key, target);
    }
    if (!target.entries.includes(entry)) target.entries.push(entry);
  };

  for (const entry of entries) {
    for (const chat of chats) {
      if (chat.purpose === "unit" && chat.unitId === entry.unitId) {
        add(boundChatRef(chat), chat.lang, entry);
      }
    }
    const recipients = people.filter(
      (p) =>
        entry.personIds.includes(p.id) ||
        (p.unitId === entry.unitPeopleOf && p.roles.some((r) => UNIT_ROLES.includes(r))),
    );
    for (const person of recipients) {
      for (const identity of person.identities) {
        add({ platform: identity.platform, chatId: identity.userId, direct: true }, person.lang, entry);
      }
    }
  }
  return [...targets.values()];
}

function messageFor(target: Target, missingYear: number | null): OutboundMessage {
  const msg = messagesFor(target.lang);
  const entries = [...target.entries].sort((a, b) => urgency(a.reminder) - urgency(b.reminder));
  const message: OutboundMessage = {
    blocks: [
      { type: "heading", text: msg.reminders.heading(entries.length) },
      { type: "list", items: entries.map((e) => e.line(msg)) },
    ],
  };
  if (missingYear !== null) message.blocks.push({ type: "text", text: msg.calendar.reminderMissing({ year: missingYear }) });
  if (entries.length === 1) message.about = entries[0].about;
  return message;
}

/** Longest overdue first, then the nearest deadline, then the longest silence. */
function urgency(r: ItemReminder): number {
  switch (r.kind) {
    case "overdue":
      return -r.days;
    case "before":
      return r.days;
    case "stale":
    case "period":
      return 100_000 - r.days;
  }
}
