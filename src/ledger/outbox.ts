/**
 * The transactional outbox: a reply is a row written in the same transaction as the
 * ledger change that caused it; the dispatcher sends it later. Keys make enqueueing
 * idempotent: the same cause never queues two messages.
 */
import type { ChatRef, OutboundMessage } from "../core/chat";
import { PLATFORMS, type Platform } from "../core/types";
import { oneOf } from "./decode";
import { clientOf, type Session } from "./session";

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

/** `fresh`: the key names something created in this transaction, so it cannot be queued yet. */
export async function queueMessage(session: Session, entry: OutboxEntry, now: Date, opts: { fresh?: boolean } = {}): Promise<EnqueueResult> {
  const tx = clientOf(session);
  const existing = opts.fresh ? null : await tx.outbox.findUnique({ where: { key: entry.key }, select: { id: true, status: true, messageId: true } });
  const payload = JSON.stringify(entry.message);
  const notBefore = entry.notBefore ?? now;
  if (!existing) {
    await tx.outbox.create({
      select: { id: true },
      data: {
        key: entry.key,
        platform: entry.to.platform,
        chatId: entry.to.chatId,
        direct: entry.to.direct,
        threadId: entry.to.threadId ?? null,
        payload,
        notBefore,
        createdAt: now,
      },
    });
    return { state: "queued" };
  }
  if (existing.status === "pending") {
    // Conditional: the dispatcher may have claimed the row since we read it.
    const updated = await tx.outbox.updateMany({ where: { id: existing.id, status: "pending" }, data: { payload, notBefore } });
    if (updated.count === 1) return { state: "updated" };
  }
  return { state: "already_sent", messageId: existing.messageId };
}

export function chatRefOf(row: { platform: string; chatId: string; direct: boolean; threadId: string | null }): ChatRef {
  const ref: ChatRef = { platform: row.platform as ChatRef["platform"], chatId: row.chatId, direct: row.direct };
  if (row.threadId) ref.threadId = row.threadId;
  return ref;
}

export interface OutboxHealth {
  /** Rows not sent yet, including those being sent now. */
  pending: number;
  /** Of those, the ones a dispatcher has claimed and is sending. */
  sending: number;
  failed: number;
  /** When the longest-waiting unsent message was queued. */
  oldestPendingAt: Date | null;
  /** The earliest time a pending message that is due now could have gone: how far delivery is behind. */
  oldestDueAt: Date | null;
  /** Rows whose sending lease ran out: their dispatcher died, or none is running. */
  stuck: number;
  /** The latest failures, newest first, with the platform's last error, for an admin to look at. */
  failedRecent: { id: number; key: string; platform: Platform; chatId: string; lastError: string | null }[];
}

export async function outboxHealth(session: Session, now: Date, recent = 10): Promise<OutboxHealth> {
  const db = clientOf(session);
  const unsent = { status: { in: ["pending", "sending"] } };
  const [byStatus, oldest, oldestDue, stuck, failedRecent] = await Promise.all([
    db.outbox.groupBy({ by: ["status"], where: { status: { in: ["pending", "sending", "failed"] } }, _count: { _all: true } }),
    db.outbox.aggregate({ where: unsent, _min: { createdAt: true } }),
    db.outbox.aggregate({ where: { status: "pending", notBefore: { lte: now } }, _min: { notBefore: true } }),
    db.outbox.count({ where: { status: "sending", leaseUntil: { lt: now } } }),
    db.outbox.findMany({
      where: { status: "failed" },
      orderBy: { id: "desc" },
      take: recent,
      select: { id: true, key: true, platform: true, chatId: true, lastError: true },
    }),
  ]);
  const count = new Map(byStatus.map((g) => [g.status, g._count._all]));
  const sending = count.get("sending") ?? 0;
  return {
    pending: (count.get("pending") ?? 0) + sending,
    sending,
    failed: count.get("failed") ?? 0,
    oldestPendingAt: oldest._min.createdAt,
    oldestDueAt: oldestDue._min.notBefore,
    stuck,
    failedRecent: failedRecent.map((r) => ({ ...r, platform: oneOf(PLATFORMS, r.platform, "an outbox row's platform") })),
  };
}
