/**
 * Who may open a group chat (a room) of the web chat. A person's own conversation with
 * the bot is theirs alone and never a room; every other chat is open to the people its
 * purpose is for: its unit's members, the leaders, the rectification office.
 */
import { isCoordinator, type Actor } from "./lifecycle";
import type { ChatPurpose } from "./types";

export interface Room {
  purpose: ChatPurpose;
  unitId: number | null;
}

export function mayOpenRoom(person: Actor, room: Room): boolean {
  // Another person's direct chat is nobody else's, not even the office's.
  if (room.purpose === "direct") return false;
  // The office oversees every group, as it does every item.
  if (isCoordinator(person)) return true;
  if (room.purpose === "leaders") return person.roles.includes("leader");
  if (room.purpose === "unit") return room.unitId !== null && room.unitId === person.unitId;
  return false;
}
