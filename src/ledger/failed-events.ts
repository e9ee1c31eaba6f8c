/**
 * Dead letters: inbound events that failed by themselves after a few tries. Recording one
 * also records its event id as processed, in the same transaction, so a redelivery is
 * not tried again and the channel moves on; the apology and the admins' notice are
 * outbox rows of that transaction. An admin replays it once the cause is fixed.
 */
import type { ChatRef, InboundEvent } from "../core/chat";
import type { Platform } from "../core/types";
import { queueMessage, type OutboxEntry } from "./outbox";
import { writeAudit } from "./audit";
import { isUniqueViolation, type Ledger, type Tx } from "./db";
import { clientOf, type Session } from "./session";

export type FailedEventStatus = "failed" | "replayed";

export interface FailedEvent {
  id: number;
  eventKey: string;
  platform: Platform;
  chatId: string;
  error: string;
  attempts: number;
  status: FailedEventStatus;
  failedAt: Date;
  replayedAt: Date | null;
}

/** A dead letter with what it takes to run it again. */
export interface ReplayableEvent<M> extends FailedEvent {
  event: InboundEvent;
  media: M[];
}

export interface FailureInput<M> {
  eventKey: string;
  event: InboundEvent;
  /** Files already downloaded and stored for the event: a replay uses them as they are. */
  media: M[];
  error: string;
  attempts: number;
  at: Date;
}

/** Who is told: the sender's language, the chat's, and the coordinators' groups. */
export interface FailureAudience {
  id: number;
  senderLang: string | null;
  chatLang: string | null;
  coordinatorChats: ChatRef[];
}

const SELECT = {
  id: true, eventKey: true, platform: true, chatId: true, error: true, attempts: true,
  status: true, failedAt: true, replayedAt: true,
} as const;

type Row = { id: number; eventKey: string; platform: string; chatId: string; error: string; attempts: number; status: string; failedAt: Date; replayedAt: Date | null };

const decode = (r: Row): FailedEvent => ({
  ...r,
  platform: r.platform as Platform,
  status: r.status === "replayed" ? "replayed" : "failed",
});

/**
 * Records the event as failed, with its audit event and the messages `compose` returns
 * for its audience. Null when the event id was processed meanwhile (a concurrent
 * redelivery that went through): then nothing is written.
 */
export async function recordFailedEvent<M>(
  ledger: Ledger,
  input: FailureInput<M>,
  compose: (audience: FailureAudience) => OutboxEntry[],
): Promise<{ id: number } | null> {
  try {
    return await ledger.tx(async (session) => {
      const tx = clientOf(session);
      await tx.processedEvent.create({ data: { id: input.eventKey, at: input.at }, select: { id: true } });
      const row = await tx.failedEvent.create({
        select: { id: true },
        data: {
          eventKey: input.eventKey,
          platform: input.event.chat.platform,
          chatId: input.event.chat.chatId,
          event: JSON.stringify(input.event),
          media: JSON.stringify(input.media),
          error: input.error,
          attempts: input.attempts,
          failedAt: input.at,
        },
      });
      await writeAudit(session, {
        at: input.at,
        actor: "system",
        action: "inbound.failed",
        source: input.eventKey,
        detail: { failedEvent: row.id, attempts: input.attempts, error: input.error.split("\n")[0] },
      });
      const audience = await audienceOf(tx, row.id, input.event);
      for (const entry of compose(audience)) await queueMessage(session, entry, input.at);
      return { id: row.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

async function audienceOf(tx: Tx, id: number, event: InboundEvent): Promise<FailureAudience> {
  const [sender, chat, coordinators] = await Promise.all([
    tx.person.findFirst({ where: { identities: { some: { platform: event.chat.platform, userId: event.sender.userId } } }, select: { lang: true } }),
    tx.chat.findUnique({ where: { platform_chatId: { platform: event.chat.platform, chatId: event.chat.chatId } }, select: { lang: true } }),
    tx.chat.findMany({ where: { purpose: "coordinators" }, select: { platform: true, chatId: true, threadId: true }, orderBy: { id: "asc" } }),
  ]);
  return {
    id,
    senderLang: sender?.lang ?? null,
    chatLang: chat?.lang ?? null,
    coordinatorChats: coordinators.map((c) => ({
      platform: c.platform as Platform,
      chatId: c.chatId,
      direct: false,
      ...(c.threadId ? { threadId: c.threadId } : {}),
    })),
  };
}

/** The latest dead letters, newest first; with `status`, only those. */
export async function listFailedEvents(ledger: Ledger, opts: { status?: FailedEventStatus; limit?: number } = {}): Promise<FailedEvent[]> {
  const rows = await ledger.db.failedEvent.findMany({
    where: opts.status ? { status: opts.status } : {},
    orderBy: { id: "desc" },
    take: opts.limit ?? 20,
    select: SELECT,
  });
  return rows.map(decode);
}

export async function countFailedEvents(ledger: Ledger, status: FailedEventStatus = "failed"): Promise<number> {
  return ledger.db.failedEvent.count({ where: { status } });
}

export async function findFailedEvent<M>(ledger: Ledger, id: number): Promise<ReplayableEvent<M> | null> {
  const row = await ledger.db.failedEvent.findUnique({ where: { id }, select: { ...SELECT, event: true, media: true } });
  if (!row) return null;
  const event = JSON.parse(row.event) as InboundEvent & { at: string };
  return { ...decode(row), event: { ...event, at: new Date(event.at) }, media: JSON.parse(row.media) as M[] };
}

/**
 * Inside the replay's transaction: forget that the event was processed and mark the dead
 * letter replayed, so that the event runs through the pipeline again as if new. If the
 * replay fails, the transaction rolls this back too.
 */
export async function reopenFailedEvent(session: Session, failed: FailedEvent, p: { at: Date; by: string }): Promise<boolean> {
  const tx = clientOf(session);
  const marked = await tx.failedEvent.updateMany({ where: { id: failed.id, status: "failed" }, data: { status: "replayed", replayedAt: p.at } });
  if (marked.count === 0) return false;
  await tx.processedEvent.deleteMany({ where: { id: failed.eventKey } });
  await writeAudit(session, { at: p.at, actor: p.by, action: "inbound.replayed", source: failed.eventKey, detail: { failedEvent: failed.id } });
  return true;
}

/** A replay that failed again: the dead letter keeps the newest error and counts the try. */
export async function noteReplayFailure(ledger: Ledger, failed: FailedEvent, p: { at: Date; by: string; error: string }): Promise<void> {
  await ledger.tx(async (session) => {
    const tx = clientOf(session);
    await tx.failedEvent.update({ where: { id: failed.id }, data: { error: p.error, attempts: { increment: 1 } }, select: { id: true } });
    await writeAudit(session, {
      at: p.at,
      actor: p.by,
      action: "inbound.replay_failed",
      source: failed.eventKey,
      detail: { failedEvent: failed.id, error: p.error.split("\n")[0] },
    });
  });
}
