/**
 * What a handler gets for one inbound event. Everything it writes goes through ledger
 * operations called with `session`, the one transaction that also records the event id,
 * so an event's effects, its audit events and its replies commit together or not at all.
 */
import type { ChatRef, InboundEvent, OriginalPhotoWay, OutboundMessage } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Thresholds } from "../core/lights";
import type { Day, Lang } from "../core/types";
import type { Config } from "../config";
import type { Catalogue } from "../i18n/index";
import type { Change } from "../ledger/audit";
import type { ChatBinding } from "../ledger/inbox";
import type { Session } from "../ledger/session";

export type { PersonRecord } from "../ledger/people";
import type { PersonRecord } from "../ledger/people";

export type ChatRecord = ChatBinding;

export interface HandlerContext {
  /** The event's transaction: every ledger operation of the handler takes it. */
  session: Session;
  /** The sender, now, and this event: what every ledger operation that changes something records in its audit event. */
  change: Change;
  event: InboundEvent;
  /** `platform:eventId`, unique across platforms: keys for the outbox rows this event causes. */
  eventKey: string;
  /** The bound sender. Handlers only run for bound senders (except /bind). */
  person: PersonRecord;
  /** The chat's binding (purpose, unit), when the chat was bound with /chat. */
  chat: ChatRecord | null;
  lang: Lang;
  msg: Catalogue;
  config: Config;
  clock: Clock;
  now: Date;
  today: Day;
  thresholds: Thresholds;
  /** How the sender's platform lets a photo's original be sent (its adapter's caps): what a receipt may ask for. */
  originalPhoto: OriginalPhotoWay;
  /** Queue a reply to the event's chat (keyed by the event, so a redelivery never doubles it). */
  reply(message: OutboundMessage): Promise<void>;
  /** Queue a message to another chat (a leader's DM, a unit group). `key` makes it idempotent. */
  notify(to: ChatRef, message: OutboundMessage, key: string): Promise<void>;
}
