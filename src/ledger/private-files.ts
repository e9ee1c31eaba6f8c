/**
 * The ledger's files hold petitioners' identities and the officials' evidence: they are
 * created for the owner alone (directories 0700, files 0600), whatever the umask, and an
 * existing file of ours is tightened when it is opened or rewritten.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/** A directory of ours and the missing ones above it, owner-only. */
export function privateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  chmodSync(dir, PRIVATE_DIR);
}

export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await chmod(dir, PRIVATE_DIR);
}

/** Writes (or overwrites) a file only its owner can read. */
export function writePrivateFileSync(path: string, bytes: Uint8Array | string): void {
  writeFileSync(path, bytes, { mode: PRIVATE_FILE });
  chmodSync(path, PRIVATE_FILE);
}

/**
 * The SQLite file, made owner-only before SQLite first opens it: SQLite gives its -wal and
 * -shm files the database file's permissions, so they follow.
 */
export function privateSqliteFile(path: string): void {
  privateDirSync(dirname(path));
  closeSync(openSync(path, "a", PRIVATE_FILE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, PRIVATE_FILE);
}
