/**
 * Opens the ledger: SQLite (default) or PostgreSQL behind one Prisma client type.
 * The two generated clients share model and argument types; only their classes differ,
 * so the PostgreSQL client is typed as the SQLite one here and nowhere else.
 */
import { Prisma } from "../../generated/sqlite/client";
import type { PrismaClient as SqliteClient } from "../../generated/sqlite/client";
import { migrate } from "./migrate";
import { privateSqliteFile } from "./private-files";
import type Database from "better-sqlite3";
import { flushProcessed } from "./inbox";
import { retryWhileBusy } from "./busy";
import { createGroupCommit } from "./group-commit";
import { exposeTransactions, withConnection, type PgConnection } from "./pg-hot";
import { createNearCopies } from "./near-copies";
import { sessionOf, type HotPath, type Session } from "./session";
import type { AuditKey } from "./audit-mark";

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

export interface Ledger {
  kind: "sqlite" | "postgres";
  /** For operations outside a transaction (reads, and writes that stand alone). */
  session: Session;
  /** One database transaction; everything an inbound event causes happens inside one. */
  tx<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /**
   * As tx, but the transaction may be shared with concurrent callers' (group commit, on
   * PostgreSQL): `fn` commits with them, or runs again alone if any of them fails, so it
   * must hold no effects outside the ledger that a second run would repeat.
   */
  grouped<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** The Prisma client: for src/ledger and for tests that look at rows directly, nothing else. */
  db: Db;
  close(): Promise<void>;
}

/** An open transaction: Prisma's, and on PostgreSQL the connection it runs on. */
interface Open {
  tx: Tx;
  pg: PgConnection | null;
}

const TX_LIMITS = { maxWait: 10_000, timeout: 30_000 };
/** Group commit on PostgreSQL: a few groups at once keep the database and this process both busy. */
const GROUPS = { inFlight: 2, maxMembers: 16 };

export interface LedgerOptions {
  databaseUrl: string;
  /** Apply pending migrations first (the default). */
  migrate?: boolean;
  /**
   * SQLite only: a transaction that finds the database busy is tried again for a few
   * seconds. For the CLI beside a running server; the server's own inbound path throws
   * instead, and the platform's receiver holds the event.
   */
  retryBusy?: boolean;
  /** Marks every audit row written (see audit-mark.ts): derive it with auditKeyFrom(secret). */
  auditKey: AuditKey;
}

export async function openLedger({ databaseUrl, migrate: runMigrations = true, retryBusy = false, auditKey }: LedgerOptions): Promise<Ledger> {
  const kind = databaseUrl.startsWith("file:") ? "sqlite" : "postgres";
  if (kind === "sqlite") privateSqliteFile(sqlitePath(databaseUrl));
  if (runMigrations) await migrate(databaseUrl);

  // The connection Prisma's SQLite adapter opened: the hot path's prepared statements run on it.
  const native: { db: Database.Database | null } = { db: null };
  const db = kind === "sqlite" ? await sqliteClient(databaseUrl, native) : await postgresClient(databaseUrl);

  if (kind === "sqlite") {
    // WAL lets readers (digest, web history) run while the pipeline writes.
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  }

  const copies = createNearCopies();
  /** One caller's work in a transaction (its own, or a group's): a session with its own hot path. */
  const within = async <T>(open: Open, fn: (session: Session) => Promise<T>): Promise<T> => {
    const hot: HotPath = { kind, native: native.db, pg: open.pg, primed: new Map(), processed: null };
    const session = sessionOf(open.tx, copies, auditKey, { hot });
    const result = await fn(session);
    await flushProcessed(session);
    return result;
  };
  const transaction = <T>(work: (open: Open) => Promise<T>) =>
    withConnection((pg) => db.$transaction((tx) => work({ tx, pg: pg() }), TX_LIMITS));
  const once = <T>(fn: (session: Session) => Promise<T>) => transaction((open) => within(open, fn));
  // The CLI writes beside a running server: SQLite's one write lock can answer busy at
  // once (a read turning into a write), and the rolled-back transaction is tried again.
  const tx = <T>(fn: (session: Session) => Promise<T>) => (kind === "sqlite" && retryBusy ? retryWhileBusy(() => once(fn)) : once(fn));
  // SQLite has one connection and Prisma holds it for a transaction's length: nothing to share.
  const group = kind === "postgres" ? createGroupCommit<Open>({ transaction, ...GROUPS }) : null;

  return {
    kind,
    db,
    session: sessionOf(db, copies, auditKey, { direct: { native: () => native.db } }),
    tx,
    grouped: (fn) => (group ? group.run((open) => within(open, fn)) : tx(fn)),
    close: () => db.$disconnect(),
  };
}

// Only the driver of the database in use is loaded: start-up stays quick.
async function sqliteClient(databaseUrl: string, native: { db: Database.Database | null }): Promise<Db> {
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import("../../generated/sqlite/client"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  const factory = new PrismaBetterSQLite3({ url: sqlitePath(databaseUrl) });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // The adapter keeps its better-sqlite3 Database as `client` (adapter-better-sqlite3 6.19).
    native.db = (adapter as unknown as { client: Database.Database }).client;
    return adapter;
  };
  return new PrismaClient({ adapter: factory });
}

async function postgresClient(databaseUrl: string): Promise<Db> {
  const [{ PrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([
    import("../../generated/postgres/client"),
    import("@prisma/adapter-pg"),
    import("pg"),
  ]);
  // duban runs its big reads side by side itself (the digest's counts, its lists beside them):
  // PostgreSQL's own parallel workers on top of that cost more CPU than they save.
  const options = "-c max_parallel_workers_per_gather=0";
  const adapter = exposeTransactions(new PrismaPg({ connectionString: databaseUrl, max: 10, options }), pg.types);
  return new PrismaClient({ adapter }) as unknown as Db;
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

/** True when a write hit a unique constraint (a redelivered event, a second scheduled run). */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return true;
    // A raw statement's failure (P2010) carries the driver's own code: PostgreSQL's 23505.
    return err.code === "P2010" && JSON.stringify(err.meta ?? {}).includes('"23505"');
  }
  // The hot path's prepared statements throw the driver's own error: better-sqlite3's
  // SqliteError, or pg's DatabaseError with PostgreSQL's SQLSTATE.
  const code = (err as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}
