/**
 * The layers hold by construction, not by review: only src/ledger touches the database,
 * and only adapters/<platform>/ imports a platform's SDK.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

// The same pattern as issue 11's check: Prisma's names, raw SQL, transactions, generated
// clients, and model calls on anything named like a database client.
const TOUCHES_DATABASE =
  /PrismaClient|Prisma\.|\$queryRaw|\$executeRaw|\$transaction|generated\/(sqlite|postgres)|\b(tx|db|prisma|ledger\.db)\.[a-zA-Z]+\.(findUnique|findFirst|findMany|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)\b/;

const PLATFORM_SDKS = /from "(grammy|@slack\/bolt|@slack\/web-api|dingtalk-stream|@wecom\/[^"]+|@larksuiteoapi\/[^"]+|ws)"/;

it("only src/ledger touches the database", () => {
  const outside = [...sources("src"), ...sources("adapters")].filter((f) => !f.startsWith("src/ledger/"));
  expect(outside.filter((f) => TOUCHES_DATABASE.test(read(f)))).toEqual([]);
});

it("no code above the ledger holds its Prisma client or transaction", () => {
  const outside = [...sources("src"), ...sources("adapters")].filter((f) => !f.startsWith("src/ledger/"));
  expect(outside.filter((f) => /\b(clientOf|sessionOf)\(|\bledger\.db\b|type (Tx|Db)\b|\{[^}]*\b(Tx|Db)\b[^}]*\} from "[./]*ledger\/db"/.test(read(f)))).toEqual([]);
});

it("only an adapter imports a platform's SDK", () => {
  expect(sources("src").filter((f) => PLATFORM_SDKS.test(read(f)))).toEqual([]);
});
