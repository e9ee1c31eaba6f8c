/**
 * The inbox of received events: one row per platform:eventId, written before the platform
 * is answered, so an event that was answered is never lost. A row carries a lease: the
 * process that wrote it processes it at once; a row whose lease ran out (its process died,
 * or the database failed under it) is taken over by whichever process sweeps first. The
 * row is deleted once processed; ProcessedEvent keeps the id, so a late redelivery that
 * writes the row again is processed as a no-op.
 *
 * No audit event: a row is the event itself waiting, not a change to the ledger; what
 * processing changes is audited there.
 */
import type { InboundEvent } from "../core/chat";
import { isUniqueViolation } from "./db";
import { directQuery } from "./hot-sql";
import { clientOf, type Session } from "./session";

export interface Received {
  eventKey: string;
  event: InboundEvent;
  at: Date;
  leaseUntil: Date;
}

const RECEIVE_SQL = `INSERT INTO "InboxEvent" ("id", "platform", "event", "receivedAt", "leaseUntil", "attempts")
  VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT ("id") DO NOTHING RETURNING "id"`;

/**
 * One insert, committed by itself. False when the event was in the inbox already (a
 * redelivery while the first waits). It runs before the platform is answered, for every
 * event: on the driver directly where it can (see directQuery), through Prisma otherwise.
 */
export async function receiveEvent(session: Session, r: Received): Promise<boolean> {
  const values = [r.eventKey, r.event.chat.platform, JSON.stringify(r.event), r.at, r.leaseUntil];
  const direct = await directQuery<{ id: string }>(session, RECEIVE_SQL, values);
  if (direct) return direct.length === 1;
  try {
    await clientOf(session).inboxEvent.create({
      data: { id: r.eventKey, platform: r.event.chat.platform, event: JSON.stringify(r.event), receivedAt: r.at, leaseUntil: r.leaseUntil },
      select: { id: true },
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Keeps a row this process is working on from being taken over. */
export async function renewLease(session: Session, eventKey: string, leaseUntil: Date): Promise<void> {
  await clientOf(session).inboxEvent.updateMany({ where: { id: eventKey }, data: { leaseUntil } });
}

/** Processed (or dead-lettered): the rows go; a row taken over meanwhile is gone as well, which is right. */
export async function forgetEvents(session: Session, eventKeys: string[]): Promise<void> {
  await clientOf(session).inboxEvent.deleteMany({ where: { id: { in: eventKeys } } });
}

/** Puts a row off until `at` (processing failed on the world: the database, a download). */
export async function deferEvent(session: Session, eventKey: string, at: Date): Promise<void> {
  await clientOf(session).inboxEvent.updateMany({ where: { id: eventKey }, data: { leaseUntil: at } });
}

/** Ids of rows whose lease ran out, oldest first. */
export async function abandonedEvents(session: Session, now: Date, limit: number): Promise<string[]> {
  const rows = await clientOf(session).inboxEvent.findMany({
    where: { leaseUntil: { lt: now } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * Takes over an abandoned row: one conditional UPDATE, so of several processes sweeping
 * at once exactly one gets it. Null when another process got it first or it is gone.
 */
export async function takeOverEvent(session: Session, eventKey: string, now: Date, leaseUntil: Date): Promise<InboundEvent | null> {
  const db = clientOf(session);
  const { count } = await db.inboxEvent.updateMany({
    where: { id: eventKey, leaseUntil: { lt: now } },
    data: { leaseUntil, attempts: { increment: 1 } },
  });
  if (count === 0) return null;
  const row = await db.inboxEvent.findUnique({ where: { id: eventKey }, select: { event: true } });
  return row ? reviveEvent(row.event) : null;
}

/** JSON turned dates into strings: the event's one date field is brought back. */
function reviveEvent(json: string): InboundEvent {
  const event = JSON.parse(json) as InboundEvent & { at: string };
  return { ...event, at: new Date(event.at) };
}

export interface InboxHealth {
  waiting: number;
  oldestReceivedAt: Date | null;
}

export async function inboxHealth(session: Session): Promise<InboxHealth> {
  const agg = await clientOf(session).inboxEvent.aggregate({ _count: { _all: true }, _min: { receivedAt: true } });
  return { waiting: agg._count._all, oldestReceivedAt: agg._min.receivedAt };
}
