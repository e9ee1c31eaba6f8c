/**
 * Chats bound to a purpose (/设置群): the unit's group, the leaders', the office's. Their
 * digest and reminder settings, and the groups a notice goes to.
 *
 * Chats whose platform id changes under them. Telegram gives a group a new id when it is
 * upgraded to a supergroup, and the old id is dead from then on: the binding (purpose,
 * unit, language, digest and reminder settings, topic) and every message not yet sent
 * must follow, or the digest goes on failing at a chat nobody reads.
 *
 * The move is announced up to three times (the old group's service message, the new
 * supergroup's, a send refused at the old id); whichever comes first moves the chat and
 * the others find nothing left at the old id.
 */
import { boundChatRef, type ChatMove, type ChatRef } from "../core/chat";
import type { ChatPurpose, Platform } from "../core/types";
import { auditOf, writeAudit, type Change } from "./audit";
import type { Tx } from "./db";
import { clientOf, type Session } from "./session";

export interface ChatToBind {
  platform: string;
  chatId: string;
  purpose: ChatPurpose;
  unitId: number | null;
  title?: string | null;
  /** The topic it was bound from (null: the whole chat); undefined leaves it as it was. */
  threadId?: string | null;
  /** A new digest time; undefined keeps the chat's own. */
  digestTime?: string;
  /** The digest time of a chat bound for the first time without one. */
  defaultDigestTime: string;
  /** Set when the bot has just created the chat (/建群): the audit event says so and how many it invited. */
  created?: { members: number };
}

/** Binds (or rebinds) a chat to a purpose and unit, with a chat.bound (or, just made, chat.created) audit event saying what it was before. */
export async function bindChat(session: Session, c: ChatToBind, change: Change): Promise<{ id: number }> {
  const tx = clientOf(session);
  const { platform, chatId, purpose, unitId } = c;
  const where = { platform_chatId: { platform, chatId } };
  const before = await tx.chat.findUnique({ where, select: { purpose: true, unitId: true } });
  const fields = {
    purpose,
    unitId,
    ...(c.title ? { title: c.title } : {}),
    ...(c.threadId !== undefined ? { threadId: c.threadId } : {}),
    ...(c.digestTime ? { digestTime: c.digestTime } : {}),
  };
  const chat = await tx.chat.upsert({
    where,
    create: { platform, chatId, createdAt: change.at, digestTime: c.defaultDigestTime, ...fields },
    update: fields,
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, c.created ? "chat.created" : "chat.bound", {
    detail: { platform, chatId, ...(c.created ? { title: c.title ?? null, members: c.created.members } : {}), ...(c.threadId !== undefined ? { threadId: c.threadId } : {}), purpose: [before?.purpose ?? null, purpose], unitId: [before?.unitId ?? null, unitId] },
  }));
  return { id: chat.id };
}

export async function setReminders(session: Session, chatRowId: number, on: boolean, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.chat.update({ where: { id: chatRowId }, data: { remindersEnabled: on }, select: { id: true } });
  await writeAudit(session, auditOf(change, "chat.reminders", { detail: { chatId: chatRowId, remindersEnabled: on } }));
}

export interface DigestSchedule {
  digestEnabled: boolean;
  digestTime: string;
}

/** The daily digest on (at a time, or the chat's time as it was) or off. Gives the schedule now in force. */
export async function setDigest(session: Session, chatRowId: number, p: { on: boolean; time?: string }, change: Change): Promise<DigestSchedule> {
  const tx = clientOf(session);
  const before = await tx.chat.findUniqueOrThrow({ where: { id: chatRowId }, select: { digestEnabled: true, digestTime: true } });
  const after = { digestEnabled: p.on, digestTime: p.on ? p.time ?? before.digestTime : before.digestTime };
  await tx.chat.update({ where: { id: chatRowId }, data: after, select: { id: true } });
  await writeAudit(session, auditOf(change, p.on ? "chat.digest_on" : "chat.digest_off", { detail: { chat: chatRowId, before, after } }));
  return after;
}

/** The chat's language, for a chat bound by its row id; null when there is no such chat. */
export async function findChatLang(session: Session, chatRowId: number): Promise<{ lang: string | null } | null> {
  return clientOf(session).chat.findUnique({ where: { id: chatRowId }, select: { lang: true } });
}

/** The group chats bound to a purpose (and unit), where notices about an item go. */
export async function chatsBoundFor(session: Session, purpose: ChatPurpose, unitId?: number): Promise<ChatRef[]> {
  const rows = await clientOf(session).chat.findMany({
    where: { purpose, ...(unitId !== undefined ? { unitId } : {}) },
    select: { platform: true, chatId: true, threadId: true },
    orderBy: { id: "asc" },
  });
  return rows.map(boundChatRef);
}

/** What told us: the platform's service message, or a send the platform refused with the new id. */
export type ChatMoveCause = "service_message" | "send_refused";

export type MoveChatResult =
  /** The binding now lives at the new id. */
  | { state: "moved"; chat: { lang: string | null; threadId: string | null }; messages: number }
  /** The new id had been bound on its own meanwhile: that binding stays, the old one is dropped. */
  | { state: "superseded"; messages: number }
  /** Nothing was bound at the old id (never bound, or moved already); unsent messages still follow. */
  | { state: "unbound"; messages: number };

const UNSENT = ["pending", "sending"];

/**
 * Moves the chat's binding and unsent outbox rows from the old id to the new one, with an
 * audit event when anything moved. Bot messages stay: the new chat numbers its messages
 * afresh, so an old message id there names a different message.
 */
export async function moveChat(
  session: Session,
  platform: Platform,
  move: ChatMove,
  p: { now: Date; cause: ChatMoveCause; source?: string },
): Promise<MoveChatResult> {
  const tx = clientOf(session);
  const { fromChatId, toChatId } = move;
  const result = await moveBinding(tx, platform, move);
  const messages = await moveUnsent(tx, platform, move);
  if (result.state === "unbound" && messages === 0) return { state: "unbound", messages };
  await writeAudit(session, {
    at: p.now,
    actor: "system",
    action: "chat.moved",
    source: p.source ?? null,
    detail: { platform, from: fromChatId, to: toChatId, cause: p.cause, binding: result.state, messages },
  });
  return { ...result, messages };
}

/**
 * The unsent rows follow the chat, without the old chat's message ids they reply to or
 * edit: in the new chat those ids name other messages, so they go as new messages.
 */
async function moveUnsent(tx: Tx, platform: Platform, { fromChatId, toChatId }: ChatMove): Promise<number> {
  const rows = await tx.outbox.findMany({ where: { platform, chatId: fromChatId, status: { in: UNSENT } }, select: { id: true, payload: true } });
  for (const row of rows) {
    await tx.outbox.update({ where: { id: row.id }, data: { chatId: toChatId, payload: withoutMessageRefs(row.payload) }, select: { id: true } });
  }
  return rows.length;
}

function withoutMessageRefs(payload: string): string {
  try {
    const { replyTo: _replyTo, edit: _edit, ...rest } = JSON.parse(payload) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    // The dispatcher marks an unreadable payload failed; moving it changes nothing about that.
    return payload;
  }
}

type BindingMove = { state: "moved"; chat: { lang: string | null; threadId: string | null } } | { state: "superseded" | "unbound" };

async function moveBinding(tx: Tx, platform: Platform, { fromChatId, toChatId }: ChatMove): Promise<BindingMove> {
  const old = await tx.chat.findUnique({
    where: { platform_chatId: { platform, chatId: fromChatId } },
    select: { id: true, lang: true, threadId: true },
  });
  if (!old) return { state: "unbound" };
  const taken = await tx.chat.findUnique({ where: { platform_chatId: { platform, chatId: toChatId } }, select: { id: true } });
  if (taken) {
    await tx.chat.deleteMany({ where: { id: old.id } });
    return { state: "superseded" };
  }
  // Conditional on the old id: a concurrent move that got there first leaves nothing to match.
  const { count } = await tx.chat.updateMany({ where: { id: old.id, chatId: fromChatId }, data: { chatId: toChatId } });
  return count === 1 ? { state: "moved", chat: { lang: old.lang, threadId: old.threadId } } : { state: "unbound" };
}
