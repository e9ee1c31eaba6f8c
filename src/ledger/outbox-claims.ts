/**
 * The outbox row's life: pending → sending (under a lease) → sent | pending again
 * (retry later) | failed. Every transition is one conditional UPDATE, so several
 * dispatchers on one database never both own a row: on PostgreSQL the claim locks
 * with `FOR UPDATE SKIP LOCKED` and every other UPDATE re-checks the status on the
 * committed row (READ COMMITTED); on SQLite, writes are serialised by the database.
 *
 * Per-chat order: only a chat's head — its oldest row still pending or sending — is
 * ever claimed, so a later row waits until every earlier one is sent or has failed.
 * Whether a row is a head cannot go stale: rows before it only ever become sent or
 * failed, never unsent again.
 */
import { PLATFORMS, type Platform } from "../core/types";
import type { Db, Ledger, Tx } from "./db";
import { oneOf } from "./decode";
import { clientOf, type Session } from "./session";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
const UNSENT: OutboxStatus[] = ["pending", "sending"];

export interface Head {
  id: number;
  platform: Platform;
  chatId: string;
  /** Unsent when read as the chat's head, though another dispatcher may have sent it since. */
  status: OutboxStatus;
  notBefore: Date;
  leaseUntil: Date | null;
}

export interface ClaimedRow extends Head {
  key: string;
  direct: boolean;
  threadId: string | null;
  /** The message as JSON; the dispatcher marks a row whose payload does not parse failed. */
  payload: string;
  /** Including the attempt this claim starts. */
  attempts: number;
  /** When an earlier send began that never recorded an answer (its process died mid-send), if one did. */
  attemptAt: Date | null;
  /**
   * The lease this claim set: the row is still this process's while its lease is exactly
   * that (another process that takes it over after the lease ran out sets its own).
   */
  claimedUntil: Date;
}

type HeadRow = Omit<Head, "platform" | "status"> & { platform: string; status: string };

function headOf<T extends HeadRow>(row: T): Omit<T, "platform" | "status"> & Pick<Head, "platform" | "status"> {
  return { ...row, platform: oneOf(PLATFORMS, row.platform, "an outbox row's platform"), status: oneOf(OUTBOX_STATUSES, row.status, "an outbox row's status") };
}

/** The oldest unsent row of every chat, oldest first. */
export async function readHeads(session: Session): Promise<Head[]> {
  const db = clientOf(session);
  const groups = await db.outbox.groupBy({
    by: ["platform", "chatId"],
    where: { status: { in: UNSENT } },
    _min: { id: true },
  });
  if (groups.length === 0) return [];
  const rows = await db.outbox.findMany({
    where: { id: { in: groups.map((g) => g._min.id!) } },
    select: { id: true, platform: true, chatId: true, status: true, notBefore: true, leaseUntil: true },
    orderBy: { id: "asc" },
  });
  return rows.map(headOf);
}

/**
 * The chat's next row after this one, when it is pending and due: the one its sender
 * claims while this one is being sent, to send as soon as this one is recorded sent.
 * Not a head yet, so no other process's round takes it meanwhile.
 */
export async function nextInChat(session: Session, row: Head, now: Date): Promise<number | null> {
  const next = await clientOf(session).outbox.findFirst({
    where: { platform: row.platform, chatId: row.chatId, id: { gt: row.id }, status: { in: UNSENT } },
    orderBy: { id: "asc" },
    select: { id: true, status: true, notBefore: true },
  });
  return next && next.status === "pending" && next.notBefore <= now ? next.id : null;
}

/** When a head may be claimed: a pending row at notBefore, a sending row when its lease runs out. */
export function claimableAt(head: Head): Date {
  if (head.status === "sending" && head.leaseUntil && head.leaseUntil > head.notBefore) return head.leaseUntil;
  return head.notBefore;
}

const CLAIMED = {
  id: true, key: true, platform: true, chatId: true, direct: true, threadId: true, payload: true,
  status: true, notBefore: true, leaseUntil: true, attempts: true, attemptAt: true,
} as const;

export interface Claim {
  ids: number[];
  now: Date;
  leaseUntil: Date;
}

/**
 * Takes these rows for this process until leaseUntil, skipping any that are not due
 * or that another dispatcher has, and counting the attempt now, so that a message
 * that kills its sender every time still runs out of attempts. Returns what it took,
 * oldest first, payloads read by the claim itself (queueMessage may replace a pending one).
 * `kind`: the database behind the session, whose locking the claim uses.
 */
export async function claimOutbox(session: Session, kind: Ledger["kind"], { ids, now, leaseUntil }: Claim): Promise<ClaimedRow[]> {
  if (ids.length === 0) return [];
  const db = clientOf(session);
  const rows =
    kind === "postgres"
      ? await db.$queryRawUnsafe<(Omit<ClaimedRow, "platform" | "status"> & { platform: string; status: string })[]>(CLAIM_SQL, leaseUntil, ids, now)
      : await db.outbox.updateManyAndReturn({
          where: {
            id: { in: ids },
            notBefore: { lte: now },
            OR: [{ status: "pending" }, { status: "sending", OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] }],
          },
          data: { status: "sending", leaseUntil, attempts: { increment: 1 } },
          select: CLAIMED,
        });
  return rows.map((r) => ({ ...headOf(r), claimedUntil: leaseUntil })).sort((a, b) => a.id - b.id);
}

/**
 * Just before a row's limits are asked: keeps the claim for `until` if it is still this
 * process's, says whether it was, and records that a send may begin from `at` (attemptAt).
 * A row that waited in its claimed batch past its lease may have been taken over and sent
 * by another process; sending it too would be a repeat. Should this process die before the
 * platform's answer is recorded, the row's next owner sees attemptAt and asks the platform
 * whether the message arrived. Recording it here rather than right before the platform is
 * called keeps a database round trip out of the time between a rate-limit grant and the
 * send, whose jitter the platform would count against the limit.
 *
 * An earlier attempt's time (a process that died mid-send) is kept: that send is the one
 * to look for.
 */
export async function holdClaim(session: Session, row: ClaimedRow, until: Date, at: Date): Promise<boolean> {
  const { count } = await clientOf(session).outbox.updateMany({
    where: { id: row.id, status: "sending", leaseUntil: row.claimedUntil },
    data: { leaseUntil: until, ...(row.attemptAt ? {} : { attemptAt: at }) },
  });
  if (count === 1) row.claimedUntil = until;
  return count === 1;
}

// Rows another dispatcher is claiming right now are skipped rather than waited for,
// and locking in id order means two claims never wait for each other in a cycle.
const CLAIM_SQL = `
UPDATE "Outbox" SET "status" = 'sending', "leaseUntil" = $1, "attempts" = "attempts" + 1
WHERE "id" IN (
  SELECT "id" FROM "Outbox"
  WHERE "id" = ANY($2::int[]) AND "notBefore" <= $3
    AND ("status" = 'pending' OR ("status" = 'sending' AND ("leaseUntil" IS NULL OR "leaseUntil" <= $3)))
  ORDER BY "id"
  FOR UPDATE SKIP LOCKED)
RETURNING ${Object.keys(CLAIMED).map((c) => `"${c}"`).join(", ")}`;

/**
 * Gives claimed rows back untouched (a rate limit said not yet): the attempt did not
 * happen, and the attemptAt its hold wrote goes (an earlier dead attempt's stays). A row
 * another process took over meanwhile is its now, and is left alone.
 */
export async function releaseClaims(session: Session, rows: ClaimedRow[]): Promise<void> {
  if (rows.length === 0) return;
  const db = clientOf(session);
  const give = (group: ClaimedRow[], data: { attemptAt?: null }) =>
    group.length === 0
      ? Promise.resolve()
      : db.outbox.updateMany({
          where: { status: "sending", OR: group.map((r) => ({ id: r.id, leaseUntil: r.claimedUntil })) },
          data: { status: "pending", leaseUntil: null, attempts: { decrement: 1 }, ...data },
        });
  await Promise.all([give(rows.filter((r) => !r.attemptAt), { attemptAt: null }), give(rows.filter((r) => r.attemptAt), {})]);
}

export interface SentRecord {
  platform: Platform;
  chatId: string;
  messageId: string;
  about?: { itemCode?: string; caseNo?: string };
  at: Date;
}

/**
 * Unconditional: sent is final even if this process's lease had run out and another
 * dispatcher took the row meanwhile. The BotMessage row lets a reply to this message
 * be read as being about its item or case; it commits with the row's new status.
 */
export async function markSent(session: Session, id: number, sent: SentRecord): Promise<void> {
  const db = clientOf(session);
  const markRow = db.outbox.update({
    where: { id },
    data: { status: "sent", messageId: sent.messageId, sentAt: sent.at, leaseUntil: null, attemptAt: null, lastError: null },
    select: { id: true },
  });
  const { itemCode, caseNo } = sent.about ?? {};
  if (!itemCode && !caseNo) {
    await markRow;
    return;
  }
  const about = { itemCode: itemCode ?? null, caseNo: caseNo ?? null, at: sent.at };
  const key = { platform: sent.platform, chatId: sent.chatId, messageId: sent.messageId };
  const remember = db.botMessage.upsert({ where: { platform_chatId_messageId: key }, create: { ...key, ...about }, update: about });
  if (isOpenLedger(db)) {
    await db.$transaction([markRow, remember]);
    return;
  }
  // Inside a transaction already: the two writes commit with it.
  await markRow;
  await remember;
}

/** The open ledger's client, as opposed to one transaction's (which has no $transaction). */
function isOpenLedger(db: Tx): db is Tx & Pick<Db, "$transaction"> {
  return typeof (db as Partial<Pick<Db, "$transaction">>).$transaction === "function";
}

/**
 * Back to pending until notBefore. Conditional, so a row another dispatcher already sent stays sent.
 * The platform answered (with an error), so the attempt is over and attemptAt is cleared,
 * unless `unresolved`: the platform could not yet say whether an earlier send arrived.
 */
export async function markRetry(session: Session, id: number, notBefore: Date, lastError: string, opts: { unresolved?: boolean } = {}): Promise<void> {
  await clientOf(session).outbox.updateMany({
    where: { id, status: "sending" },
    data: { status: "pending", notBefore, leaseUntil: null, lastError, ...(opts.unresolved ? {} : { attemptAt: null }) },
  });
}

/** Given up: the row stays failed, with the platform's reason, for an admin (`cli status`). */
export async function markFailed(session: Session, id: number, lastError: string): Promise<void> {
  await clientOf(session).outbox.updateMany({
    where: { id, status: "sending" },
    data: { status: "failed", leaseUntil: null, attemptAt: null, lastError },
  });
}

/** Keeps a row that is being sent ours a while longer; a row another dispatcher took or finished is left alone. */
export async function renewLease(session: Session, id: number, leaseUntil: Date): Promise<void> {
  await clientOf(session).outbox.updateMany({ where: { id, status: "sending" }, data: { leaseUntil } });
}
