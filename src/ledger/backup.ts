/**
 * The SQLite ledger's online backup: SQLite's backup API (better-sqlite3's `.backup()`)
 * copies the live database from a connection of its own, so the server keeps answering
 * while it runs and the copy is one consistent state. Copying the file with cp would not be: the WAL beside it holds
 * the latest commits. PostgreSQL has pg_dump for this, and nothing here replaces it.
 */
import { closeSync, openSync } from "node:fs";
import { PRIVATE_FILE } from "./private-files";
import { sqlitePath } from "./db";

const ALL_PAGES = 0x7fffffff;

export type BackupResult = { kind: "sqlite"; file: string; pages: number } | { kind: "postgres" };

/** Writes a consistent copy of the SQLite ledger to `file`, which must not exist yet. */
export async function backupLedger(databaseUrl: string, file: string): Promise<BackupResult> {
  if (!databaseUrl.startsWith("file:")) return { kind: "postgres" };
  const { default: Database } = await import("better-sqlite3");
  const source = new Database(sqlitePath(databaseUrl), { fileMustExist: true, timeout: 5000 });
  try {
    // Created here, owner-only, before SQLite writes into it: the copy holds every
    // person's phone number as the ledger does. "wx" never overwrites an older backup.
    try {
      closeSync(openSync(file, "wx", PRIVATE_FILE));
    } catch (err) {
      if ((err as { code?: unknown }).code === "EEXIST") throw new BackupTargetExists(file);
      throw err;
    }
    // All pages in one step: one read transaction, which WAL lets writers work beside.
    // In steps of 100 pages (the default) every commit in between restarts the copy, and a
    // busy bot could keep it from ever finishing.
    const { totalPages } = await source.backup(file, { progress: () => ALL_PAGES });
    return { kind: "sqlite", file, pages: totalPages };
  } finally {
    source.close();
  }
}

export class BackupTargetExists extends Error {
  override name = "BackupTargetExists";
  constructor(readonly file: string) {
    super(`${file} exists`);
  }
}
