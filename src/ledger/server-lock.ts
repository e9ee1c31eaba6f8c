/**
 * SQLite is the embedded default for one server process. Several on one file fight over
 * its single write lock ("database is locked" after the platform was answered), so a
 * second server refuses to start. The claim is an exclusive transaction held on a small
 * lock database beside the ledger for the server's lifetime: the operating system drops
 * it when the process ends, however it ends (SIGKILL included), so no stale lock file is
 * left to clean up. The CLI does not take it: it works beside a running server.
 */
import { privateSqliteFile } from "./private-files";
import { sqlitePath } from "./db";

export class SqliteInUse extends Error {
  override name = "SqliteInUse";
  constructor(readonly path: string) {
    super(`another server process holds ${path}`);
  }
}

export interface ServerClaim {
  release(): void;
}

/** Claims the SQLite ledger for this server process; throws SqliteInUse when another has it. */
export async function claimSqliteForServer(databaseUrl: string): Promise<ServerClaim> {
  // Loaded only where SQLite is used, as db.ts does.
  const { default: Database } = await import("better-sqlite3");
  const path = sqlitePath(databaseUrl);
  const lockPath = `${path}.server-lock`;
  privateSqliteFile(lockPath);
  const db = new Database(lockPath, { timeout: 0 });
  try {
    db.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    db.close();
    if ((err as { code?: unknown }).code === "SQLITE_BUSY") throw new SqliteInUse(path);
    throw err;
  }
  return {
    release() {
      if (!db.open) return;
      db.exec("ROLLBACK");
      db.close();
    },
  };
}
