// Prisma CLI config for the derived PostgreSQL schema; see prisma/sqlite.config.ts.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  schema: "schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" }),
});
