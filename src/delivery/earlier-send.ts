/**
 * Before sending a row whose earlier send began and never recorded an answer (its process
 * died mid-send, or could not mark it sent): ask the platform whether that send arrived, so
 * that a crash between the platform's answer and the ledger's write repeats nothing.
 */
import type { ChatAdapter, ChatRef, OutboundMessage } from "../core/chat";
import type { Clock } from "../core/clock";
import type { Ledger } from "../ledger/db";
import { markRetry, type ClaimedRow } from "../ledger/outbox-claims";
import type { Logger } from "../log";
import { backoffMs } from "./pace";

/**
 * The earlier send's message id if it arrived; null to send (no earlier attempt, or the
 * adapter cannot look: at-least-once there); "retry" when the platform could not say for
 * now: the row waits and asks again, since sending blind would risk the repeat. A lookup
 * the platform refuses for good (a missing scope) falls back to sending again.
 */
export async function findEarlierSend(
  deps: { ledger: Ledger; clock: Clock; log: Logger },
  adapter: ChatAdapter,
  row: ClaimedRow,
  to: ChatRef,
  msg: OutboundMessage,
): Promise<{ messageId: string } | null | "retry"> {
  if (!row.attemptAt || !adapter.findDelivered) return null;
  try {
    const found = await adapter.findDelivered(to, msg, { outboxId: row.id }, row.attemptAt);
    if (found) deps.log.info("outbox row's earlier send had arrived; recorded without sending again", { id: row.id, key: row.key, messageId: found.messageId });
    return found;
  } catch (err) {
    const failure = adapter.classify(err);
    if (!failure.retry) {
      deps.log.warn("could not look for an earlier send; sending again", { id: row.id, key: row.key, reason: failure.reason });
      return null;
    }
    const delay = Math.max(failure.afterMs ?? 0, backoffMs(row.attempts));
    const at = new Date(deps.clock.now().getTime() + delay);
    await markRetry(deps.ledger.session, row.id, at, `looking for an earlier send: ${failure.reason}`, { unresolved: true });
    deps.log.info("could not look for an earlier send yet; will ask again", { id: row.id, key: row.key, inMs: delay, reason: failure.reason });
    return "retry";
  }
}
