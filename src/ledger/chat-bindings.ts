/**
 * Chats as the CLI lists them: an administrator at the server sees every bound chat by its
 * platform id, without being in it. Binding is bindChat in chats.ts, for the CLI and /设置群 alike.
 */
import { CHAT_PURPOSES, PLATFORMS, type ChatPurpose, type Platform } from "../core/types";
import { oneOf } from "./decode";
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
