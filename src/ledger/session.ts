/**
 * What every ledger operation takes first: the open ledger, or one transaction of it.
 * Above src/ledger it is a handle to pass on, never a database client: code there calls
 * the ledger's named operations (recordReport, signOff, queueMessage, …), and only
 * src/ledger knows Prisma. Operations called with one transaction's session commit
 * together or not at all.
 */
import type Database from "better-sqlite3";
import type { PgConnection } from "./pg-hot";
import type { Tx } from "./db";
import type { NearCopies } from "./near-copies";
import type { AuditKey } from "./audit-mark";

declare const opaque: unique symbol;
export interface Session {
  readonly [opaque]: "ledger session";
}

/**
 * A transaction's means to the hot path (one joined read, one atomic write per report):
 * Prisma 6 costs 0.4–0.8 ms of CPU per call whatever the SQL, so the inbound pipeline's
 * statements skip it where they can.
 */
export interface HotPath {
  kind: "sqlite" | "postgres";
  /**
   * SQLite: the better-sqlite3 connection Prisma's transaction runs on. It has one
   * connection and holds a mutex for the transaction's length, so a prepared statement
   * run on it while the transaction is open is inside that transaction.
   */
  native: Database.Database | null;
  /** PostgreSQL: the pg connection Prisma's transaction runs on (null: through Prisma). */
  pg: PgConnection | null;
  /** Rows the event's joined read found, handed once to the lookup that would read them again. */
  primed: Map<string, unknown>;
  /** PostgreSQL: the event id, written by the event's atomic write or at commit. */
  processed: { id: string; at: Date } | null;
}

/**
 * Outside a transaction, on SQLite: a statement that stands alone (it commits by itself)
 * without Prisma's cost per call, for the inbox's one insert before the platform is answered.
 */
export interface DirectPath {
  /** SQLite's one connection, usable only while no transaction holds it (see hot-sql.ts). */
  native(): Database.Database | null;
}

interface State {
  client: Tx;
  hot: HotPath | null;
  direct: DirectPath | null;
  /** The open ledger's near-copy index, shared by every session of it. */
  copies: NearCopies;
  /** The ledger's: every audit row written through the session is marked with it. */
  auditKey: AuditKey;
}

/** Inside src/ledger only: the Prisma client behind a session. */
export function clientOf(session: Session): Tx {
  return (session as unknown as State).client;
}

/** Inside src/ledger only: the hot path of a transaction's session (null outside one). */
export function hotOf(session: Session): HotPath | null {
  return (session as unknown as State).hot;
}

/** Inside src/ledger only: the direct path of the ledger's own session (null in a transaction's). */
export function directOf(session: Session): DirectPath | null {
  return (session as unknown as State).direct;
}

/** Inside src/ledger only: the near-copy index of the ledger a session belongs to. */
export function copiesOf(session: Session): NearCopies {
  return (session as unknown as State).copies;
}

/** Inside src/ledger only: the key the session marks audit rows with. */
export function auditKeyOf(session: Session): AuditKey {
  return (session as unknown as State).auditKey;
}

/** Inside src/ledger only: a Prisma client (or transaction) as a session. */
export function sessionOf(client: Tx, copies: NearCopies, auditKey: AuditKey, path: { hot?: HotPath; direct?: DirectPath } = {}): Session {
  return { client, hot: path.hot ?? null, direct: path.direct ?? null, copies, auditKey } satisfies State as unknown as Session;
}

/** A primed row, left for a later lookup: for rows that nothing in the transaction writes before that one. */
export function peekPrimed<T>(session: Session, key: string): T | undefined {
  return hotOf(session)?.primed.get(key) as T | undefined;
}

/** A primed row, once: a second lookup in the same transaction may follow a write, so it reads. */
export function takePrimed<T>(session: Session, key: string): T | undefined {
  const primed = hotOf(session)?.primed;
  if (!primed?.has(key)) return undefined;
  const row = primed.get(key) as T;
  primed.delete(key);
  return row;
}
