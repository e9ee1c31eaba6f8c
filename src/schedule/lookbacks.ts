/**
 * The look-back ask (回头看): on a working day, each signed-off item whose look-back is due
 * asks its unit's group and its responsible person directly for fresh on-site photos —
 * once per sign-off (the item records the ask, audited) — and the coordinators' groups get
 * the list of what was asked. Outbox keys are per item and recipient, so a rerun queues nothing new.
 */
import { boundChatRef, type ChatRef, type OutboundMessage } from "../core/chat";
import { dayOf } from "../core/days";
import type { Config } from "../config";
import { chatsFor } from "../ledger/chat-recipients";
import type { Ledger } from "../ledger/db";
import { lookbacksToAsk, markLookbackAsked, type LookbackToAsk } from "../ledger/lookbacks";
import { queueMessage } from "../ledger/outbox";
import { peopleToRemind } from "../ledger/reminders-due";
import { langOf, messagesFor } from "../i18n/index";
import type { Lang } from "../core/types";

export async function runLookbackAsks(deps: { ledger: Ledger; config: Config; now: Date }): Promise<{ queued: number }> {
  const { ledger, config, now } = deps;
  const today = dayOf(now, config.DUBAN_TZ);
  const items = await lookbacksToAsk(ledger.session, today);
  if (items.length === 0) return { queued: 0 };
  const unitIds = [...new Set(items.map((i) => i.leadUnitId))];
  const personIds = [...new Set(items.flatMap((i) => (i.personId === null ? [] : [i.personId])))];
  const [unitChats, coordinatorChats, people] = await Promise.all([
    chatsFor(ledger.session, { purposes: ["unit"], remindersEnabled: true, unitIds }),
    chatsFor(ledger.session, { purposes: ["coordinators"] }),
    peopleToRemind(ledger.session, { ids: personIds, unitIds: [] }),
  ]);
  const fallback = config.DUBAN_LANG;
  const change = { at: now, actor: "system" };

  return ledger.tx(async (session) => {
    let queued = 0;
    const queue = async (key: string, to: ChatRef, message: OutboundMessage) => {
      if ((await queueMessage(session, { key, to, message }, now)).state === "queued") queued++;
    };
    for (const item of items) {
      for (const chat of unitChats.filter((c) => c.unitId === item.leadUnitId)) {
        await queue(`lookback-ask:${item.id}:${chat.platform}:${chat.chatId}`, boundChatRef(chat), askMessage(item, langOf(chat.lang, fallback)));
      }
      for (const person of people.filter((p) => p.id === item.personId)) {
        for (const identity of person.identities) {
          const to = { platform: identity.platform, chatId: identity.userId, direct: true };
          await queue(`lookback-ask:${item.id}:${identity.platform}:${identity.userId}`, to, askMessage(item, langOf(person.lang, fallback)));
        }
      }
      await markLookbackAsked(session, item, change);
    }
    for (const chat of coordinatorChats) {
      await queue(`lookback-due:${today}:${chat.platform}:${chat.chatId}`, boundChatRef(chat), dueMessage(items, langOf(chat.lang, fallback)));
    }
    return { queued };
  });
}

function askMessage(item: LookbackToAsk, lang: Lang): OutboundMessage {
  const l = messagesFor(lang).lookback;
  // About the item: a photo sent in reply to the ask is filed on it.
  return { blocks: [{ type: "text", text: l.ask({ code: item.code, title: item.title, due: item.lookbackDue }) }], about: { itemCode: item.code } };
}

function dueMessage(items: LookbackToAsk[], lang: Lang): OutboundMessage {
  const l = messagesFor(lang).lookback;
  return {
    blocks: [
      { type: "heading", text: l.dueHeading(items.length) },
      { type: "list", items: items.map((i) => l.dueEntry({ code: i.code, title: i.title, unit: i.unit, due: i.lookbackDue })) },
      { type: "text", text: l.dueHint },
    ],
  };
}
