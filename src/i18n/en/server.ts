/** English messages the server process gives its operator. Keys and parameters must match ../zh-CN/server.ts. */
import type { server as zh } from "../zh-CN/server";

export const server: typeof zh = {
  sqliteInUse: (p) =>
    `Another duban server process is using this SQLite database (${p.path}). SQLite serves one server process; several processes need PostgreSQL: set DATABASE_URL. (The CLI, npm run cli, works beside a running server.)`,
};
