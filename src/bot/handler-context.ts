/** Builds the HandlerContext for one event inside its transaction. */
import type { ChatRef, InboundEvent, OriginalPhotoWay, OutboundMessage } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Thresholds } from "../core/lights";
import type { Day } from "../core/types";
import type { Config } from "../config";
import { langOf, messagesFor } from "../i18n/index";
import type { Session } from "../ledger/session";
import { queueMessage } from "../ledger/outbox";
import type { ChatRecord, HandlerContext, PersonRecord } from "./context";

/** Before the sender is known to be bound. */
export type InboundContext = Omit<HandlerContext, "person"> & { person: PersonRecord | null };

export function createContext(p: {
  session: Session;
  event: InboundEvent;
  eventKey: string;
  person: PersonRecord | null;
  chat: ChatRecord | null;
  now: Date;
  today: Day;
  config: Config;
  clock: Clock;
  thresholds: Thresholds;
  /** Absent where no adapter is at hand (a scheduled job): then nothing asks for originals. */
  originalPhoto?: OriginalPhotoWay;
}): InboundContext {
  const lang = langOf(p.person?.lang ?? p.chat?.lang, p.config.DUBAN_LANG);
  let replies = 0;
  const ctx: InboundContext = {
    ...p,
    originalPhoto: p.originalPhoto ?? "none",
    change: {
      at: p.now,
      actorId: p.person?.id ?? null,
      actor: p.person?.name ?? `${p.event.chat.platform}:${p.event.sender.userId}`,
      source: p.eventKey,
    },
    lang,
    msg: messagesFor(lang),
    async reply(message: OutboundMessage) {
      replies += 1;
      const replyTo = message.replyTo ?? p.event.messageId;
      await queueMessage(p.session, { key: `reply:${p.eventKey}:${replies}`, to: p.event.chat, message: { ...message, replyTo } }, p.now);
    },
    async notify(to: ChatRef, message: OutboundMessage, key: string) {
      await queueMessage(p.session, { key, to, message }, p.now);
    },
  };
  return ctx;
}
