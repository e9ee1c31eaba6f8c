/**
 * Chats as the CLI sees and binds them: an administrator at the server names the chat by
 * its platform id, without being in it. (In the chat itself, /设置群 binds it.)
 */
import { CHAT_PURPOSES, PLATFORMS, type ChatPurpose, type Platform } from "../core/types";
import { auditOf, writeAudit, type Change } from "./audit";
import { oneOf } from "./decode";
import { findUnitByName } from "./items";
import { clientOf, type Session } from "./session";

export interface BoundChat {
  id: number;
  platform: Platform;
  chatId: string;
  title: string | null;
  purpose: ChatPurpose;
  unit: string | null;
  digestEnabled: boolean;
  digestTime: string;
}

const chatSelect = {
  id: true, platform: true, chatId: true, title: true, purpose: true, digestEnabled: true, digestTime: true,
  unit: { select: { name: true } },
} as const;

function toBoundChat(c: {
  id: number; platform: string; chatId: string; title: string | null; purpose: string;
  digestEnabled: boolean; digestTime: string; unit: { name: string } | null;
}): BoundChat {
  return {
    ...c,
    platform: oneOf(PLATFORMS, c.platform, "a chat's platform"),
    purpose: oneOf(CHAT_PURPOSES, c.purpose, "a chat's purpose"),
    unit: c.unit?.name ?? null,
  };
}

export async function listChats(session: Session): Promise<BoundChat[]> {
  const chats = await clientOf(session).chat.findMany({ orderBy: { id: "asc" }, select: chatSelect });
  return chats.map(toBoundChat);
}

export async function findChatById(session: Session, id: number): Promise<BoundChat | null> {
  const chat = await clientOf(session).chat.findUnique({ where: { id }, select: chatSelect });
  return chat && toBoundChat(chat);
}

export interface ChatToBind {
  platform: Platform;
  chatId: string;
  purpose: ChatPurpose;
  /** The unit's name or any of its aliases; required for a unit's chat. */
  unit?: string;
  title?: string;
  digestTime?: string;
  /** The digest time of a chat bound for the first time without one. */
  defaultDigestTime: string;
}

export type BindChatResult = { ok: true; id: number } | { ok: false; reason: "unknown_unit" };

/** Binds (or rebinds) a chat to a purpose and unit, with a chat.bound audit event saying what it was before. */
export async function bindChat(session: Session, c: ChatToBind, change: Change): Promise<BindChatResult> {
  const tx = clientOf(session);
  const unit = c.unit ? await findUnitByName(tx, c.unit) : null;
  if (c.unit && !unit) return { ok: false, reason: "unknown_unit" };
  const where = { platform_chatId: { platform: c.platform, chatId: c.chatId } };
  const before = await tx.chat.findUnique({ where, select: { purpose: true, unitId: true } });
  const fields = {
    purpose: c.purpose, unitId: unit?.id ?? null, ...(c.title ? { title: c.title } : {}), ...(c.digestTime ? { digestTime: c.digestTime } : {}),
  };
  const chat = await tx.chat.upsert({
    where,
    create: { platform: c.platform, chatId: c.chatId, createdAt: change.at, digestTime: c.defaultDigestTime, ...fields },
    update: fields,
    select: { id: true },
  });
  await writeAudit(tx, auditOf(change, "chat.bound", {
    detail: { platform: c.platform, chatId: c.chatId, purpose: [before?.purpose ?? null, c.purpose], unitId: [before?.unitId ?? null, fields.unitId] },
  }));
  return { ok: true, id: chat.id };
}
