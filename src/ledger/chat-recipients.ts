/**
 * The bound chats that scheduled messages go to: the digest's chats, the unit groups that
 * get reminders, the coordinators' groups.
 */
import { CHAT_PURPOSES, PLATFORMS, type ChatPurpose, type Platform } from "../core/types";
import { oneOf } from "./decode";
import { clientOf, type Session } from "./session";

export interface BoundChat {
  id: number;
  platform: Platform;
  chatId: string;
  purpose: ChatPurpose;
  unitId: number | null;
  lang: string | null;
  /** The topic the chat was bound from: scheduled messages go there. */
  threadId: string | null;
  digestEnabled: boolean;
  /** "HH:MM" in the configured time zone, as stored: the scheduler checks it. */
  digestTime: string;
  remindersEnabled: boolean;
}

export interface ChatFilter {
  purposes?: readonly ChatPurpose[];
  digestEnabled?: boolean;
  remindersEnabled?: boolean;
  /** Only chats bound to these units. */
  unitIds?: number[];
}

/** The bound chats that match, in the order they were bound. */
export async function chatsFor(session: Session, filter: ChatFilter = {}): Promise<BoundChat[]> {
  const rows = await clientOf(session).chat.findMany({
    where: {
      purpose: filter.purposes ? { in: [...filter.purposes] } : undefined,
      digestEnabled: filter.digestEnabled,
      remindersEnabled: filter.remindersEnabled,
      unitId: filter.unitIds ? { in: filter.unitIds } : undefined,
    },
    select: {
      id: true, platform: true, chatId: true, purpose: true, unitId: true, lang: true, threadId: true,
      digestEnabled: true, digestTime: true, remindersEnabled: true,
    },
    orderBy: { id: "asc" },
  });
  return rows.map((c) => ({
    ...c,
    platform: oneOf(PLATFORMS, c.platform, "a chat's platform"),
    purpose: oneOf(CHAT_PURPOSES, c.purpose, "a chat's purpose"),
  }));
}
