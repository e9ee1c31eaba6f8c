// Usage: node scripts/new-migration.mjs <name>
// Writes prisma/migrations/{sqlite,postgres}/<timestamp>_<name>/migration.sql from the
// difference between the last migration's schema snapshot and the current schema, with no database.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root, sqliteSchema, postgresSchema, writePostgresSchema } from "./prisma-schemas.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: node scripts/new-migration.mjs <snake_case_name>");
  process.exit(2);
}
writePostgresSchema();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const prisma = join(root, "node_modules/prisma/build/index.js");
const configOf = (schema) => (schema === sqliteSchema ? join(root, "prisma/sqlite.config.ts") : join(root, "prisma/postgres/postgres.config.ts"));

for (const [db, schema] of [["sqlite", sqliteSchema], ["postgres", postgresSchema]]) {
  const dir = join(root, "prisma/migrations", db);
  mkdirSync(dir, { recursive: true });
  const previous = readdirSync(dir).filter((d) => existsSync(join(dir, d, "schema.prisma"))).sort().at(-1);
  const from = previous ? ["--from-schema-datamodel", join(dir, previous, "schema.prisma")] : ["--from-empty"];
  const sql = execFileSync(
    process.execPath,
    [prisma, "migrate", "diff", "--config", configOf(schema), ...from, "--to-schema-datamodel", schema, "--script"],
    { cwd: root, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
  );
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log(`${db}: no changes`);
    continue;
  }
  const target = join(dir, `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "migration.sql"), sql);
  writeFileSync(join(target, "schema.prisma"), readFileSync(schema, "utf8"));
  console.log(`${db}: wrote ${target}`);
}
