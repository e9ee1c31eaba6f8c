/**
 * Transitional: moveChat (src/ledger/chats.ts, another area's file) still takes the
 * Prisma transaction. This gives src/delivery the same operation on a session; it goes
 * as soon as moveChat takes a session itself, and its callers then call moveChat.
 */
import type { ChatMove } from "../core/chat";
import type { Platform } from "../core/types";
import { moveChat, type ChatMoveCause, type MoveChatResult } from "./chats";
import { clientOf, type Session } from "./session";

export function moveChatIn(
  session: Session,
  platform: Platform,
  move: ChatMove,
  p: { now: Date; cause: ChatMoveCause; source?: string },
): Promise<MoveChatResult> {
  return moveChat(clientOf(session), platform, move, p);
}
