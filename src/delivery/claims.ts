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
import type { Ledger } from "../ledger/db";

const UNSENT = ["pending", "sending"];

export interface Head {
  id: number;
  platform: string;
  chatId: string;
  status: string;
  notBefore: Date;
  leaseUntil: Date | null;
}

export interface ClaimedRow extends Head {
  key: string;
  direct: boolean;
  threadId: string | null;
  payload: string;
  /** Including the attempt this claim starts. */
  attempts: number;
}

/** The oldest unsent row of every chat, oldest first. */
export async function readHeads(ledger: Ledger): Promise<Head[]> {
  const groups = await ledger.db.outbox.groupBy({
    by: ["platform", "chatId"],
    where: { status: { in: UNSENT } },
    _min: { id: true },
  });
  if (groups.length === 0) return [];
  return ledger.db.outbox.findMany({
    where: { id: { in: groups.map((g) => g._min.id!) } },
    select: { id: true, platform: true, chatId: true, status: true, notBefore: true, leaseUntil: true },
    orderBy: { id: "asc" },
  });
}

/** When a head may be claimed: a pending row at notBefore, a sending row when its lease runs out. */
export function claimableAt(head: Head): Date {
  if (head.status === "sending" && head.leaseUntil && head.leaseUntil > head.notBefore) return head.leaseUntil;
  return head.notBefore;
}

const CLAIMED = {
  id: true, key: true, platform: true, chatId: true, direct: true, threadId: true, payload: true,
  status: true, notBefore: true, leaseUntil: true, attempts: true,
} as const;

/**
 * Takes these rows for this process until leaseUntil, skipping any that are not due
 * or that another dispatcher has, and counting the attempt now, so that a message
 * that kills its sender every time still runs out of attempts. Returns what it took,
 * oldest first, payloads read by the claim itself (enqueue may replace a pending one).
 */
export async function claim(ledger: Ledger, ids: number[], now: Date, leaseUntil: Date): Promise<ClaimedRow[]> {
  if (ids.length === 0) return [];
  const rows =
    ledger.kind === "postgres"
      ? await claimSkippingLocked(ledger, ids, now, leaseUntil)
      : await ledger.db.outbox.updateManyAndReturn({
          where: {
            id: { in: ids },
            notBefore: { lte: now },
            OR: [{ status: "pending" }, { status: "sending", OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] }],
          },
          data: { status: "sending", leaseUntil, attempts: { increment: 1 } },
          select: CLAIMED,
        });
  return rows.sort((a, b) => a.id - b.id);
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

function claimSkippingLocked(ledger: Ledger, ids: number[], now: Date, leaseUntil: Date): Promise<ClaimedRow[]> {
  return ledger.db.$queryRawUnsafe<ClaimedRow[]>(CLAIM_SQL, leaseUntil, ids, now);
}

/** Gives claimed rows back untouched (a rate limit said not yet): the attempt did not happen. */
export async function release(ledger: Ledger, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await ledger.db.outbox.updateMany({
    where: { id: { in: ids }, status: "sending" },
    data: { status: "pending", leaseUntil: null, attempts: { decrement: 1 } },
  });
}

export interface SentRecord {
  platform: string;
  chatId: string;
  messageId: string;
  about?: { itemCode?: string; caseNo?: string };
  at: Date;
}

/**
 * Unconditional: sent is final even if this process's lease had run out and another
 * dispatcher took the row meanwhile. The BotMessage row lets a reply to this message
 * be read as being about its item or case.
 */
export async function markSent(ledger: Ledger, id: number, sent: SentRecord): Promise<void> {
  const markRow = ledger.db.outbox.update({
    where: { id },
    data: { status: "sent", messageId: sent.messageId, sentAt: sent.at, leaseUntil: null, lastError: null },
  });
  const { itemCode, caseNo } = sent.about ?? {};
  if (!itemCode && !caseNo) {
    await markRow;
    return;
  }
  const about = { itemCode: itemCode ?? null, caseNo: caseNo ?? null, at: sent.at };
  const key = { platform: sent.platform, chatId: sent.chatId, messageId: sent.messageId };
  await ledger.db.$transaction([
    markRow,
    ledger.db.botMessage.upsert({ where: { platform_chatId_messageId: key }, create: { ...key, ...about }, update: about }),
  ]);
}

/** Back to pending until notBefore. Conditional, so a row another dispatcher already sent stays sent. */
export async function markRetry(ledger: Ledger, id: number, notBefore: Date, lastError: string): Promise<void> {
  await ledger.db.outbox.updateMany({
    where: { id, status: "sending" },
    data: { status: "pending", notBefore, leaseUntil: null, lastError },
  });
}

export async function markFailed(ledger: Ledger, id: number, lastError: string): Promise<void> {
  await ledger.db.outbox.updateMany({
    where: { id, status: "sending" },
    data: { status: "failed", leaseUntil: null, lastError },
  });
}
