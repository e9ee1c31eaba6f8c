/**
 * Each test file gets its own fresh database: a SQLite file in a temp directory, or a
 * PostgreSQL database created for it and dropped afterwards, so runs never share state.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach } from "vitest";
import { auditKeyFrom } from "../../src/ledger/audit-mark";
import { openLedger, type Ledger } from "../../src/ledger/db";

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export type DbKind = "sqlite" | "postgres";
export const DB_KINDS: DbKind[] = ["sqlite", "postgres"];

export interface TestDatabase {
  kind: DbKind;
  url: string;
  /** A directory for evidence files and other data of this test. */
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), "duban-test-"));
  if (kind === "sqlite") {
    return {
      kind,
      url: `file:${join(dataDir, "duban.db")}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `duban_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The secret every test's ledger marks its audit rows with (a CLI run in a test gets it as DUBAN_SECRET). */
export const TEST_SECRET = "duban-test-secret-0123456789abcdef";
export const TEST_AUDIT_KEY = auditKeyFrom(TEST_SECRET);

/** Fresh ledgers for each test (as many as it opens), dropped afterwards. */
export function useLedger(kind: DbKind): () => Promise<Ledger> {
  const opened: { database: TestDatabase; ledger?: Ledger }[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.ledger?.close();
      await o.database.drop();
    }
  });
  return async () => {
    const entry: (typeof opened)[number] = { database: await createTestDatabase(kind) };
    opened.push(entry);
    entry.ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: entry.database.url });
    return entry.ledger;
  };
}
