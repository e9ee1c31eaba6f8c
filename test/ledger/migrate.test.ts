import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
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

it("the PostgreSQL schema is the SQLite schema with only the provider changed", () => {
  expect(readFileSync(postgresSchema, "utf8")).toBe(derivePostgres(readFileSync(sqliteSchema, "utf8")));
});
