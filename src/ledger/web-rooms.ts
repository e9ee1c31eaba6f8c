/**
 * The web chat's rooms: Chat rows of platform "web" bound to a purpose. The leaders' room
 * gets the digest like any group; who may open which is the rule of src/core/rooms.
 */
import type { Actor } from "../core/lifecycle";
import { mayOpenRoom } from "../core/rooms";
import { CHAT_PURPOSES, type ChatPurpose } from "../core/types";
import { oneOf } from "./decode";
import { clientOf, type Session } from "./session";

export interface WebRoom {
  chatId: string;
  title: string | null;
  purpose: ChatPurpose;
  unitId: number | null;
}

/** The rooms this person may open, oldest first (a person's direct chat is not a room). */
export async function webRoomsOf(session: Session, person: Actor): Promise<WebRoom[]> {
  const rows = await clientOf(session).chat.findMany({
    where: { platform: "web", purpose: { not: "direct" } },
    select: { chatId: true, title: true, purpose: true, unitId: true },
    orderBy: { id: "asc" },
  });
  return rows
    .map((r) => ({ ...r, purpose: oneOf(CHAT_PURPOSES, r.purpose, "a chat's purpose") }))
    .filter((room) => mayOpenRoom(person, room));
}
