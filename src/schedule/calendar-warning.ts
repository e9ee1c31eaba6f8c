/**
 * While a year's holiday schedule is missing — next year's from 1 December, or this
 * year's — the coordinators' groups are told once a working day what to supply and
 * how. Exactly once across processes: the run row and the messages commit together.
 */
import { boundChatRef, type OutboundMessage } from "../core/chat";
import { dayOf, daysBetween, timeOf } from "../core/days";
import { inQuietHours } from "../core/reminders";
import { sendingCalendar, yearOf, yearsToSupply, type WorkCalendar } from "../core/workdays";
import type { Config } from "../config";
import { chatsFor } from "../ledger/chat-recipients";
import type { Ledger } from "../ledger/db";
import { queueMessage } from "../ledger/outbox";
import { unclaimedRuns } from "../ledger/scheduled-runs";
import { langOf, messagesFor, type Catalogue } from "../i18n/index";
import type { Logger } from "../log";
import { runOnce } from "./runs";

export async function runCalendarWarning(
  deps: { ledger: Ledger; config: Config; log: Logger },
  calendar: WorkCalendar,
  now: Date,
): Promise<number> {
  const { ledger, config, log } = deps;
  const tz = config.DUBAN_TZ;
  if (timeOf(now, tz) < config.REMINDER_TIME || inQuietHours(now, tz, config.QUIET_HOURS)) return 0;
  const today = dayOf(now, tz);
  const years = yearsToSupply(calendar, today);
  if (years.length === 0 || !sendingCalendar(calendar).isWorkday(today)) return 0;
  const key = `calendar-warning:${today}`;
  if ((await unclaimedRuns(ledger.session, [key], now)).length === 0) return 0;

  // Sent whatever /提醒 says for the group: switching reminders off must not hide that they are about to go wrong.
  const chats = await chatsFor(ledger.session, { purposes: ["coordinators"] });
  let queued = 0;
  const ran = await runOnce(ledger, key, now, async (session) => {
    for (const chat of chats) {
      const to = boundChatRef(chat);
      const message = warningMessage(messagesFor(langOf(chat.lang, config.DUBAN_LANG)), years, today);
      const result = await queueMessage(session, { key: `${key}:${chat.platform}:${chat.chatId}`, to, message }, now);
      if (result.state === "queued") queued++;
    }
  });
  if (!ran) return 0;
  if (chats.length === 0) log.warn("holiday schedule missing and no coordinators' group to tell: bind one with /设置群 督察办", { years, day: today });
  else log.warn("holiday schedule missing: coordinators told", { years, day: today, chats: chats.length });
  return queued;
}

function warningMessage(msg: Catalogue, years: number[], today: string): OutboundMessage {
  const m = msg.calendar;
  return {
    blocks: years.flatMap((year): OutboundMessage["blocks"] => [
      { type: "heading", text: m.warning.heading({ year }) },
      {
        type: "text",
        text: year === yearOf(today) ? m.warning.thisYear({ year }) : m.warning.nextYear({ year, days: daysBetween(today, `${year}-01-01`) }),
      },
      { type: "list", items: m.howTo({ year }) },
    ]),
  };
}
