import { afterEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { openLedger } from "../../src/ledger/db";
import { migrate } from "../../src/ledger/migrate";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";
import { derivePostgres, sqliteSchema, postgresSchema } from "../../scripts/prisma-schemas.mjs";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

describe.each(DB_KINDS)("the ledger on %s", (kind) => {
  it("is created by the committed migrations at start, and a second start applies nothing", async () => {
    database = await createTestDatabase(kind);
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
    const unit = await ledger.db.unit.create({ data: { name: "市生态环境局" } });
    expect(unit.id).toBeGreaterThan(0);
    await ledger.close();
    expect(await migrate(database.url)).toEqual([]);
  });

  it("lets several processes migrate at once without applying anything twice", async () => {
    database = await createTestDatabase(kind);
    const applied = await Promise.all([migrate(database.url), migrate(database.url), migrate(database.url)]);
    expect(applied.flat().length).toBe(applied.find((a) => a.length > 0)!.length);
  });
});

it("two processes starting together on a fresh PostgreSQL database both come up, the migrations applied once", async () => {
  database = await createTestDatabase("postgres");
  const start = () =>
    promisify(execFile)(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../support/start-ledger.ts"), database!.url]);
  const [a, b] = await Promise.all([start(), start()]);
  const applied = [a, b].map((p) => JSON.parse(p.stdout) as string[]);
  const committed = readdirSync(join(import.meta.dirname, "../../prisma/migrations/postgres"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  // The advisory lock is held for the whole run: one process applies them all, the other none.
  expect(applied.map((names) => names.length).sort((x, y) => x - y)).toEqual([0, committed.length]);
  expect(applied.flat().sort()).toEqual(committed);
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url, migrate: false });
  expect(await ledger.db.$queryRawUnsafe("SELECT count(*)::int AS n FROM duban_migrations")).toEqual([{ n: committed.length }]);
  expect(await ledger.db.unit.count()).toBe(2);
  await ledger.close();
}, 60_000);

it("the PostgreSQL schema is the SQLite schema with only the provider changed", () => {
  expect(readFileSync(postgresSchema, "utf8")).toBe(derivePostgres(readFileSync(sqliteSchema, "utf8")));
});
