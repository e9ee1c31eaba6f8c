/**
 * The transactional inbox: an inbound event's id is recorded in the same transaction as
 * its effects, so a redelivery finds it and changes nothing.
 */
import { CHAT_PURPOSES, type ChatPurpose } from "../core/types";
import { oneOf } from "./decode";
import { nativeRun, pgTime } from "./hot-sql";
import { clientOf, hotOf, type Session } from "./session";

/** Cheap look before slow work (downloads, file commands): the transaction's insert decides. */
export async function wasProcessed(session: Session, eventKey: string): Promise<boolean> {
  return (await clientOf(session).processedEvent.findUnique({ where: { id: eventKey }, select: { id: true } })) !== null;
}

const INSERT_PROCESSED = `INSERT INTO "ProcessedEvent" ("id", "at") VALUES ($1, $2)`;

/**
 * Throws a unique violation when the event was processed already (a concurrent
 * redelivery) — on PostgreSQL at the event's atomic write or at commit, which still
 * rolls back everything the event did.
 */
export async function markProcessed(session: Session, eventKey: string, at: Date): Promise<void> {
  const hot = hotOf(session);
  if (hot?.kind === "postgres" && !hot.processed) {
    hot.processed = { id: eventKey, at };
    return;
  }
  if (hot?.native) return nativeRun(hot.native, INSERT_PROCESSED, [eventKey, at]);
  await clientOf(session).processedEvent.create({ data: { id: eventKey, at }, select: { id: true } });
}

/** The event id, if no write of the event carried it yet (PostgreSQL): before the transaction commits. */
export async function flushProcessed(session: Session): Promise<void> {
  const hot = hotOf(session);
  if (!hot?.processed) return;
  const { id, at } = hot.processed;
  hot.processed = null;
  await clientOf(session).$executeRawUnsafe(`INSERT INTO "ProcessedEvent" ("id", "at") VALUES ($1, $2::timestamp(3))`, id, pgTime(at));
}

/** A chat's binding: what it is for, and for which unit. */
export interface ChatBinding {
  id: number;
  platform: string;
  chatId: string;
  purpose: ChatPurpose;
  unitId: number | null;
  lang: string | null;
}

export async function findChatBinding(session: Session, platform: string, chatId: string): Promise<ChatBinding | null> {
  const chat = await clientOf(session).chat.findUnique({
    where: { platform_chatId: { platform, chatId } },
    select: { id: true, platform: true, chatId: true, purpose: true, unitId: true, lang: true },
  });
  return chat ? { ...chat, purpose: oneOf(CHAT_PURPOSES, chat.purpose, "a chat's purpose") } : null;
}
