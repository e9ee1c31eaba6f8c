// Prisma CLI config for the SQLite schema. engine "js" + a driver adapter lets generate and
// `migrate diff` run offline (no engine binary download). Migrations are applied by
// src/ledger/migrate.ts, not by the CLI.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  schema: "schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaBetterSQLite3({ url: ":memory:" }),
});
