/**
 * Which ledger a command reads or writes, said first: without DUBAN_DATA_DIR or
 * DATABASE_URL exported, the CLI quietly opens ./data/duban.db of whatever directory
 * it runs in, and a file imported there is not in the bot's ledger.
 */
import { relative, isAbsolute } from "node:path";
import type { Config } from "../config";

/** "./data/duban.db" for a file under the working directory, the path otherwise; a server without its password. */
export function ledgerWhere(config: Pick<Config, "databaseUrl" | "dbKind">, cwd = process.cwd()): { where: string; kind: "SQLite" | "PostgreSQL" } {
  if (config.dbKind === "sqlite") {
    const path = config.databaseUrl.replace(/^file:/, "");
    const rel = relative(cwd, path);
    return { where: rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? `./${rel}` : path, kind: "SQLite" };
  }
  const url = new URL(config.databaseUrl);
  return { where: `${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`, kind: "PostgreSQL" };
}
