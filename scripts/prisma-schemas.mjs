// One source schema (SQLite) and a PostgreSQL twin derived from it: Prisma refuses
// `provider = env(...)`, so the twin is written by script and checked by a test.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const sqliteSchema = join(root, "prisma/schema.prisma");
export const postgresSchema = join(root, "prisma/postgres/schema.prisma");

export function derivePostgres(source) {
  return source
    .replace('output       = "../generated/sqlite"', 'output       = "../../generated/postgres"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./dev.db"', 'url      = "postgresql://localhost/duban"')
    .replace(
      "// The ledger. This file is the source schema (SQLite); prisma/postgres/schema.prisma\n// is derived from it by scripts/generate-prisma.mjs — edit only this one.",
      "// GENERATED from prisma/schema.prisma by scripts/generate-prisma.mjs — do not edit.",
    );
}

export function writePostgresSchema() {
  mkdirSync(dirname(postgresSchema), { recursive: true });
  writeFileSync(postgresSchema, derivePostgres(readFileSync(sqliteSchema, "utf8")));
}
