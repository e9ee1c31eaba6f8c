/**
 * Applies the committed migration.sql files in order, each once, each in its own
 * transaction. Used at start and by `npm run db:migrate`; the Prisma CLI would need
 * engine binaries that cannot be downloaded here. Several processes starting together
 * on PostgreSQL serialise on an advisory lock.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectPath } from "../paths";
import { privateSqliteFile } from "./private-files";

const migrationsRoot = projectPath("prisma/migrations");
const LOCK_ID = 4_202_611; // arbitrary, constant: the migration advisory lock

interface Migration {
  name: string;
  sql: string;
}

export function pendingFrom(kind: "sqlite" | "postgres", applied: Set<string>): Migration[] {
  const dir = join(migrationsRoot, kind);
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, "migration.sql")))
    .sort()
    .filter((name) => !applied.has(name))
    .map((name) => ({ name, sql: readFileSync(join(dir, name, "migration.sql"), "utf8") }));
}

/** Returns the names of the migrations it applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  return databaseUrl.startsWith("file:") ? migrateSqlite(databaseUrl.slice(5)) : migratePostgres(databaseUrl);
}

async function migrateSqlite(path: string): Promise<string[]> {
  privateSqliteFile(path);
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(path);
  try {
    db.pragma("busy_timeout = 5000");
    db.exec("CREATE TABLE IF NOT EXISTS duban_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    const applied = new Set(db.prepare("SELECT name FROM duban_migrations").pluck().all() as string[]);
    const pending = pendingFrom("sqlite", applied);
    for (const m of pending) {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare("INSERT INTO duban_migrations (name, applied_at) VALUES (?, ?)").run(m.name, new Date().toISOString());
      })();
    }
    return pending.map((m) => m.name);
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string): Promise<string[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query("CREATE TABLE IF NOT EXISTS duban_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)");
    const { rows } = await client.query<{ name: string }>("SELECT name FROM duban_migrations");
    const pending = pendingFrom("postgres", new Set(rows.map((r) => r.name)));
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO duban_migrations (name, applied_at) VALUES ($1, now())", [m.name]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
}
