/**
 * The audit history as a hash chain, sealed just after commit. Writers only mark their
 * rows (audit-mark.ts): locking the chain's head in every transaction would serialise
 * every writer, and PostgreSQL ids do not commit in order anyway. The sealer takes the
 * rows not yet sealed in id order and gives each the next chain position (chainSeq) and
 * the hash of the one before; one sealer at a time. `verifyAuditChain` walks it.
 */
import type { Ledger } from "./db";
import { chainHash, GENESIS, markHolds, type AuditFields, type AuditKey } from "./audit-mark";
import { auditKeyOf, clientOf, hotOf, type Session } from "./session";

/** Arbitrary, constant, apart from the migration's: the sealer's advisory lock. */
const SEAL_LOCK = 4_202_612;
/** Set on a row whose mark does not hold, so it is reported once and never sealed. */
const REJECTED = "rejected";
const SEAL_BATCH = 500;
const VERIFY_BATCH = 5000;
/** Problems listed in full; past this they are only counted. */
const PROBLEMS_KEPT = 200;

const ROW = { id: true, at: true, actorId: true, actor: true, action: true, itemId: true, caseId: true, source: true, detail: true, mark: true } as const;
type Row = AuditFields & { id: number; mark: string | null };

/** A row that names itself to the reader: where it stands and what it says happened. */
export interface RowRef {
  id: number;
  at: Date;
  action: string;
}

export interface SealResult {
  sealed: number;
  /** Rows whose mark does not hold (or a row without one that is not legacy): never sealed. */
  rejected: RowRef[];
  /** More rows are waiting than one batch took. */
  more: boolean;
}

interface Legacy {
  maxId: number;
}

async function legacyOf(session: Session): Promise<Legacy> {
  const start = await clientOf(session).auditChainStart.findUnique({ where: { id: 1 } });
  return { maxId: start?.legacyMaxId ?? 0 };
}

/** A row the ledger wrote: its mark holds, or it is one of the rows from before the chain. */
function genuine(key: AuditKey, legacy: Legacy, row: Row): boolean {
  return row.mark === null ? row.id <= legacy.maxId : markHolds(key, row.mark, row);
}

const refOf = (row: { id: number; at: Date; action: string }): RowRef => ({ id: row.id, at: row.at, action: row.action });

/** The head as people compare it by eye (the digest's last line, the CLI). */
export const shortHash = (hash: string) => hash.slice(0, 8);

export async function chainHead(session: Session): Promise<{ seq: number; hash: string } | null> {
  const head = await clientOf(session).auditEvent.findFirst({
    where: { chainSeq: { not: null } },
    orderBy: { chainSeq: "desc" },
    select: { chainSeq: true, hash: true },
  });
  return head?.chainSeq != null && head.hash ? { seq: head.chainSeq, hash: head.hash } : null;
}

/**
 * One batch, in the caller's transaction (ledger.tx): null when another sealer holds the
 * chain (PostgreSQL's advisory lock; on SQLite the first write waits for the other's).
 */
export async function sealAuditChain(session: Session, batch = SEAL_BATCH): Promise<SealResult | null> {
  const tx = clientOf(session);
  const postgres = hotOf(session)?.kind === "postgres";
  if (postgres) {
    const [lock] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS "ok"`);
    if (!lock?.ok) return null;
  } else {
    await tx.$executeRawUnsafe(`UPDATE "AuditChainStart" SET "id" = "id" WHERE "id" = 1`);
  }
  const rows: Row[] = await tx.auditEvent.findMany({ where: { chainSeq: null, hash: null }, orderBy: { id: "asc" }, take: batch, select: ROW });
  if (rows.length === 0) return { sealed: 0, rejected: [], more: false };
  const key = auditKeyOf(session);
  const legacy = await legacyOf(session);
  const head = await chainHead(session);
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS;
  const seals: { id: number; seq: number | null; prev: string | null; hash: string }[] = [];
  const rejected: RowRef[] = [];
  for (const row of rows) {
    if (!genuine(key, legacy, row)) {
      rejected.push(refOf(row));
      seals.push({ id: row.id, seq: null, prev: null, hash: REJECTED });
      continue;
    }
    seq++;
    const hash = chainHash(prev, seq, row.id, row.mark, row);
    seals.push({ id: row.id, seq, prev, hash });
    prev = hash;
  }
  const values: unknown[] = [];
  const $ = (v: unknown, cast: string) => (values.push(v), postgres ? `$${values.length}::${cast}` : "?");
  const tuples = seals.map((s) => `(${$(s.id, "int")}, ${$(s.seq, "int")}, ${$(s.prev, "text")}, ${$(s.hash, "text")})`);
  await tx.$executeRawUnsafe(
    `WITH v("id", "seq", "prev", "hash") AS (VALUES ${tuples.join(", ")})
     UPDATE "AuditEvent" SET "chainSeq" = v."seq", "prevHash" = v."prev", "hash" = v."hash" FROM v WHERE "AuditEvent"."id" = v."id"`,
    ...values,
  );
  return { sealed: seals.length - rejected.length, rejected, more: rows.length === batch };
}

/** Seals everything waiting, a batch per transaction. Null when another sealer is at work. */
export async function sealAll(ledger: Ledger): Promise<SealResult | null> {
  const total: SealResult = { sealed: 0, rejected: [], more: false };
  for (;;) {
    const r = await ledger.tx((session) => sealAuditChain(session));
    if (!r) return total.sealed || total.rejected.length ? total : null;
    total.sealed += r.sealed;
    total.rejected.push(...r.rejected);
    if (!r.more) return total;
  }
}

export type ChainProblem =
  /** The row's fields no longer give its hash: changed after it was sealed. */
  | ({ kind: "edited"; seq: number } & RowRef)
  /** Its hash holds but its mark does not: rewritten, chain and all, by someone without the key. */
  | ({ kind: "forged"; seq: number } & RowRef)
  /** Its prevHash is not the hash of the row before it: a row put in or replaced there. */
  | ({ kind: "relinked"; seq: number } & RowRef)
  /** Positions after `after` and before `before` are gone: rows deleted. */
  | { kind: "missing"; after: number; before: number }
  /** Outside the chain with a mark that does not hold: inserted behind the ledger's back. */
  | ({ kind: "unsealed"; mark: "bad" | "missing" } & RowRef);

export interface ChainReport {
  /** Rows in the chain. */
  count: number;
  head: { seq: number; hash: string } | null;
  problems: ChainProblem[];
  /** Problems found past the ones listed. */
  moreProblems: number;
}

/** Walks the whole chain by position, a batch at a time (a long history is never read at once). */
export async function verifyAuditChain(session: Session, batch = VERIFY_BATCH): Promise<ChainReport> {
  const tx = clientOf(session);
  const key = auditKeyOf(session);
  const legacy = await legacyOf(session);
  const report: ChainReport = { count: 0, head: null, problems: [], moreProblems: 0 };
  const problem = (p: ChainProblem) => (report.problems.length < PROBLEMS_KEPT ? report.problems.push(p) : report.moreProblems++);
  let expected = 1;
  let prev = GENESIS;
  for (;;) {
    const rows = await tx.auditEvent.findMany({
      where: { chainSeq: { gt: report.head?.seq ?? 0 } },
      orderBy: { chainSeq: "asc" },
      take: batch,
      select: { ...ROW, chainSeq: true, prevHash: true, hash: true },
    });
    for (const row of rows) {
      const seq = row.chainSeq!;
      const gap = seq !== expected;
      if (gap) problem({ kind: "missing", after: expected - 1, before: seq });
      if (chainHash(row.prevHash ?? "", seq, row.id, row.mark, row) !== row.hash) problem({ kind: "edited", seq, ...refOf(row) });
      else if (!genuine(key, legacy, row)) problem({ kind: "forged", seq, ...refOf(row) });
      // After a gap the link is broken by the deletion, which is already said.
      else if (!gap && row.prevHash !== prev) problem({ kind: "relinked", seq, ...refOf(row) });
      report.count++;
      report.head = { seq, hash: row.hash ?? "" };
      prev = row.hash ?? "";
      expected = seq + 1;
    }
    if (rows.length < batch) break;
  }
  let after = 0;
  for (;;) {
    const rows = await tx.auditEvent.findMany({ where: { chainSeq: null, id: { gt: after } }, orderBy: { id: "asc" }, take: batch, select: ROW });
    for (const row of rows) {
      if (!genuine(key, legacy, row)) problem({ kind: "unsealed", mark: row.mark ? "bad" : "missing", ...refOf(row) });
      after = row.id;
    }
    if (rows.length < batch) break;
  }
  return report;
}
