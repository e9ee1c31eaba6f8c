import { afterEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { runCli } from "../../src/cli/run";
import { openLedger } from "../../src/ledger/db";
import { migrate } from "../../src/ledger/migrate";
import { messagesFor } from "../../src/i18n/index";
import { createTestDatabase, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

const SAMPLE = join(import.meta.dirname, "../../samples/sample-ledger.xlsx");
const WRITER = join(import.meta.dirname, "../support/ledger-writer.ts");
const NOW = new Date("2026-12-02T06:30:00Z");
const zh = messagesFor("zh-CN");

let database: TestDatabase | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await database?.drop();
  database = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function cli(env: Record<string, string>, ...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    env: { DUBAN_LANG: "zh-CN", ...env },
    clock: { now: () => NOW },
    stdout: (c) => void (out += typeof c === "string" ? c : new TextDecoder().decode(c)),
    stderr: (c) => void (err += c),
    tty: null,
  });
  return { code, out, err };
}

/** Rows in every table of a SQLite file, read without duban. */
function tableCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

/** The restore drill of docs/deploy.md: the backup copied into an empty directory as the ledger, and opened. */
async function restore(backup: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "duban-restore-"));
  dirs.push(dir);
  const file = join(dir, "duban.db");
  copyFileSync(backup, file);
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: `file:${file}` });
  await ledger.close();
  return file;
}

function startWriter(databaseUrl: string, n: number) {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, databaseUrl, String(n)], { stdio: ["ignore", "pipe", "inherit"] });
  const writing = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("writing") && resolve());
    child.on("exit", (code) => reject(new Error(`the writer exited (${code}) before writing`)));
  });
  const done = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { writing, done };
}

describe("backing up the SQLite ledger", () => {
  it("copies a live ledger while another process writes, and the copy restores into a fresh directory and opens", async () => {
    database = await createTestDatabase("sqlite");
    const env = { DATABASE_URL: database.url };
    const source = database.url.slice(5);
    expect((await cli(env, "import", SAMPLE)).code).toBe(0);
    const before = tableCounts(source);

    const writer = startWriter(database.url, 400);
    await writer.writing;
    const during = join(database.dataDir, "during.db");
    const backedUp = await cli(env, "backup", during);
    expect(backedUp.err).toBe("");
    expect(backedUp.code).toBe(0);
    expect(backedUp.out).toMatch(new RegExp(`已备份到 ${during}（\\d+ 页）\\n$`));
    expect(await writer.done).toBe(0);
    const after = tableCounts(source);
    expect(after.Unit).toBe(before.Unit! + 400);

    // A consistent state between the first write and the last: the imported ledger whole.
    const restored = await restore(during);
    expect(await migrate(`file:${restored}`)).toEqual([]);
    const copy = tableCounts(restored);
    expect(copy.Unit).toBeGreaterThan(before.Unit!);
    expect(copy.Unit).toBeLessThanOrEqual(after.Unit!);
    expect({ ...copy, Unit: 0 }).toEqual({ ...before, Unit: 0 });
    const check = new Database(restored, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
    expect(statSync(during).mode & 0o777).toBe(0o600);

    // Once the writing stops, a backup holds exactly what the ledger holds.
    const quiet = join(database.dataDir, "quiet.db");
    expect((await cli(env, "backup", quiet)).code).toBe(0);
    expect(tableCounts(await restore(quiet))).toEqual(after);
  }, 60_000);

  it("writes backups/duban-<day>-<hhmm>.db beside the ledger by default, and never overwrites a backup", async () => {
    database = await createTestDatabase("sqlite");
    const env = { DATABASE_URL: database.url };
    expect((await cli(env, "migrate")).code).toBe(0);
    const file = join(database.dataDir, "backups", "duban-2026-12-02-1430.db");
    expect((await cli(env, "backup")).out).toContain(`已备份到 ${file}`);
    expect(await cli(env, "backup")).toMatchObject({ code: 1, err: zh.io.cli.backup.exists({ file }) + "\n" });
  });

  it("says so when there is no ledger to back up", async () => {
    database = await createTestDatabase("sqlite");
    expect(await cli({ DATABASE_URL: database.url }, "backup", join(database.dataDir, "x.db"))).toMatchObject({
      code: 1,
      err: zh.io.cli.backup.noLedger + "\n",
    });
  });
});

it("refuses on PostgreSQL and gives the pg_dump and pg_restore commands to use instead", async () => {
  const { code, out, err } = await cli({ DATABASE_URL: "postgresql://duban:secret@127.0.0.1:1/duban" }, "backup");
  expect({ code, out }).toEqual({ code: 1, out: "" });
  expect(err).toContain('pg_dump --format=custom --file=duban-2026-12-02.dump "$DATABASE_URL"');
  expect(err).toContain("pg_restore");
  expect(err).not.toContain("secret");
});
