// Writes the PostgreSQL schema twin and generates both Prisma clients (offline: engineType "client").
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root, sqliteSchema, postgresSchema, writePostgresSchema } from "./prisma-schemas.mjs";

writePostgresSchema();
const prisma = join(root, "node_modules/prisma/build/index.js");
const configOf = (schema) => (schema === sqliteSchema ? join(root, "prisma/sqlite.config.ts") : join(root, "prisma/postgres/postgres.config.ts"));
for (const schema of [sqliteSchema, postgresSchema]) {
  execFileSync(process.execPath, [prisma, "generate", "--config", configOf(schema)], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
}
