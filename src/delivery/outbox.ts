/**
 * The transactional outbox: a reply is a row written in the same transaction as the
 * ledger change that caused it; the dispatcher sends it later. Keys make enqueueing
 * idempotent: the same cause never queues two messages.
 */
import type { ChatRef, OutboundMessage } from "../core/chat";
import type { Tx } from "../ledger/db";

export interface OutboxEntry {
  /** Idempotency key of the cause, e.g. `receipt:report:12` or `digest:3:2026-11-28`. */
  key: string;
  to: ChatRef;
  message: OutboundMessage;
  /** Hold the message until then (a receipt waits for the rest of an album). */
  notBefore?: Date;
}

export type EnqueueResult =
  | { state: "queued" }
  /** The key was still pending: its message and time were replaced. */
  | { state: "updated" }
  /** The key was already sent; nothing changed. messageId lets the caller queue an edit. */
  | { state: "already_sent"; messageId: string | null };

export async function enqueue(tx: Tx, entry: OutboxEntry, now: Date): Promise<EnqueueResult> {
  const existing = await tx.outbox.findUnique({ where: { key: entry.key }, select: { id: true, status: true, messageId: true } });
  const payload = JSON.stringify(entry.message);
  const notBefore = entry.notBefore ?? now;
  if (!existing) {
    await tx.outbox.create({
      data: {
        key: entry.key,
        platform: entry.to.platform,
        chatId: entry.to.chatId,
        direct: entry.to.direct,
        payload,
        notBefore,
        createdAt: now,
      },
    });
    return { state: "queued" };
  }
  if (existing.status === "pending") {
    await tx.outbox.update({ where: { id: existing.id }, data: { payload, notBefore } });
    return { state: "updated" };
  }
  return { state: "already_sent", messageId: existing.messageId };
}

export function chatRefOf(row: { platform: string; chatId: string; direct: boolean }): ChatRef {
  return { platform: row.platform as ChatRef["platform"], chatId: row.chatId, direct: row.direct };
}
