/**
 * Opens the ledger: SQLite (default) or PostgreSQL behind one Prisma client type.
 * The two generated clients share model and argument types; only their classes differ,
 * so the PostgreSQL client is typed as the SQLite one here and nowhere else.
 */
import { Prisma } from "../../generated/sqlite/client";
import type { PrismaClient as SqliteClient } from "../../generated/sqlite/client";
import { migrate } from "./migrate";
import { privateSqliteFile } from "./private-files";
import { sessionOf, type Session } from "./session";

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

export interface Ledger {
  kind: "sqlite" | "postgres";
  /** For operations outside a transaction (reads, and writes that stand alone). */
  session: Session;
  /** One database transaction; everything an inbound event causes happens inside one. */
  tx<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** The Prisma client: for src/ledger and for tests that look at rows directly, nothing else. */
  db: Db;
  close(): Promise<void>;
}

const TX_LIMITS = { maxWait: 10_000, timeout: 30_000 };

export interface LedgerOptions {
  databaseUrl: string;
  /** Apply pending migrations first (the default). */
  migrate?: boolean;
}

export async function openLedger({ databaseUrl, migrate: runMigrations = true }: LedgerOptions): Promise<Ledger> {
  const kind = databaseUrl.startsWith("file:") ? "sqlite" : "postgres";
  if (kind === "sqlite") privateSqliteFile(sqlitePath(databaseUrl));
  if (runMigrations) await migrate(databaseUrl);

  const db = kind === "sqlite" ? await sqliteClient(databaseUrl) : await postgresClient(databaseUrl);

  if (kind === "sqlite") {
    // WAL lets readers (digest, web history) run while the pipeline writes.
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  }

  return {
    kind,
    db,
    session: sessionOf(db),
    tx: (fn) => db.$transaction((tx) => fn(sessionOf(tx)), TX_LIMITS),
    close: () => db.$disconnect(),
  };
}

// Only the driver of the database in use is loaded: start-up stays quick.
async function sqliteClient(databaseUrl: string): Promise<Db> {
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import("../../generated/sqlite/client"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: sqlitePath(databaseUrl) }) });
}

async function postgresClient(databaseUrl: string): Promise<Db> {
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import("../../generated/postgres/client"), import("@prisma/adapter-pg")]);
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) }) as unknown as Db;
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

/** True when a write hit a unique constraint (a redelivered event, a second scheduled run). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}
