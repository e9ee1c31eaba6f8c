/**
 * The hot path's statements: written once with `$n` parameters, run as prepared
 * statements on the connection Prisma's open transaction holds (better-sqlite3 on SQLite,
 * pg on PostgreSQL, see HotPath), or through one raw Prisma call where there is none.
 */
import type Database from "better-sqlite3";
import { clientOf, directOf, type HotPath, type Session } from "./session";

interface Prepared {
  statement: Database.Statement;
  /** Which of the `$n` values goes to each `?`, in order. */
  order: number[];
}

const cache = new WeakMap<Database.Database, Map<string, Prepared>>();

function prepare(db: Database.Database, sql: string): Prepared {
  let bySql = cache.get(db);
  if (!bySql) cache.set(db, (bySql = new Map()));
  let p = bySql.get(sql);
  if (!p) {
    const order: number[] = [];
    const text = sql.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), "?"));
    const statement = db.prepare(text);
    // Prisma opens the connection with safe integers (BigInt); the ledger's ids are plain numbers.
    if (statement.reader) statement.safeIntegers(false);
    bySql.set(sql, (p = { statement, order }));
  }
  return p;
}

/** How Prisma writes a DateTime into SQLite (its adapter's iso8601 format), so both read back alike. */
export function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

/** PostgreSQL's "timestamp without time zone", where Prisma keeps UTC. */
export const pgTime = (d: Date) => d.toISOString().replace("Z", "");

const argsOf = (p: Prepared, values: unknown[]) => p.order.map((i) => sqliteValue(values[i]));

export function nativeAll<R>(db: Database.Database, sql: string, values: unknown[]): R[] {
  const p = prepare(db, sql);
  return p.statement.all(...argsOf(p, values)) as R[];
}

export function nativeRun(db: Database.Database, sql: string, values: unknown[]): void {
  const p = prepare(db, sql);
  p.statement.run(...argsOf(p, values));
}

/** One statement's rows, whichever database: natively on the transaction's connection, else in one Prisma call. */
export async function hotQuery<R>(session: Session, hot: HotPath, sql: string, values: unknown[]): Promise<R[]> {
  if (hot.native) return nativeAll<R>(hot.native, sql, values);
  if (hot.pg) return hot.pg.query<R>(sql, values);
  return clientOf(session).$queryRawUnsafe<R[]>(sql, ...values);
}

/**
 * One statement standing alone outside any transaction, without Prisma: null when there is
 * no direct path now, and the caller goes through Prisma. SQLite's one connection is used
 * only while no transaction holds it: better-sqlite3 runs the statement synchronously, so
 * nothing can begin in between, and the statement commits by itself; while a transaction
 * is open the statement would join it (and go with its rollback), so Prisma, which waits
 * for that transaction, is the way.
 */
export async function directQuery<R>(session: Session, sql: string, values: unknown[]): Promise<R[] | null> {
  // PostgreSQL has none: a pool-side path left reports in flight stalled for their
  // transaction's timeout in one full run in two here, so there the insert costs its Prisma call.
  const db = directOf(session)?.native() ?? null;
  return db && !db.inTransaction ? nativeAll<R>(db, sql, values) : null;
}

/** A DateTime column read natively from SQLite is the text Prisma wrote; PostgreSQL gives a Date. */
export function dateOf(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v : new Date(v as string | number);
}
