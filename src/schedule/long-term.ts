/**
 * The monthly call for long-term items (长期坚持): they have no deadline and are never
 * signed off, so once a month — on its first working day — each unit's group is asked for
 * the month's report on its long-term items. One message per group and month.
 */
import { boundChatRef, type OutboundMessage } from "../core/chat";
import { dayOf } from "../core/days";
import type { Config } from "../config";
import { chatsFor } from "../ledger/chat-recipients";
import type { Ledger } from "../ledger/db";
import { queueMessage } from "../ledger/outbox";
import { openLongTermItems } from "../ledger/reminders-due";
import { langOf, messagesFor } from "../i18n/index";

/** `missingYear`: this year has no holiday schedule, which each message then says. */
export async function runLongTermReminders(deps: { ledger: Ledger; config: Config; now: Date; missingYear: number | null }): Promise<{ queued: number }> {
  const { ledger, config, now } = deps;
  const tz = config.DUBAN_TZ;
  const month = dayOf(now, tz).slice(0, 7);
  const items = await openLongTermItems(ledger.session);
  const byUnit = new Map<number, typeof items>();
  for (const item of items) byUnit.set(item.leadUnitId, [...(byUnit.get(item.leadUnitId) ?? []), item]);
  const chats = await chatsFor(ledger.session, { purposes: ["unit"], remindersEnabled: true, unitIds: [...byUnit.keys()] });
  let queued = 0;
  await ledger.tx(async (session) => {
    for (const chat of chats) {
      const msg = messagesFor(langOf(chat.lang, config.DUBAN_LANG));
      const m = msg.reminders;
      const entries = (byUnit.get(chat.unitId!) ?? []).map((i) =>
        m.longTermEntry({ code: i.code, title: i.title, last: i.lastReportAt ? dayOf(i.lastReportAt, tz) : null }),
      );
      const message: OutboundMessage = {
        blocks: [{ type: "heading", text: m.longTermHeading({ month }) }, { type: "list", items: entries }, { type: "text", text: m.longTermHint }],
      };
      if (deps.missingYear !== null) message.blocks.push({ type: "text", text: msg.calendar.reminderMissing({ year: deps.missingYear }) });
      const to = boundChatRef(chat);
      const result = await queueMessage(session, { key: `longterm:${chat.platform}:${chat.chatId}:${month}`, to, message }, now);
      if (result.state === "queued") queued++;
    }
  });
  return { queued };
}
