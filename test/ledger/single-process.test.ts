/**
 * SQLite is for one server process: real `src/main.ts` processes on one file, as an
 * operator would start them by mistake, and the CLI beside a running server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Run {
  output(): string;
  waitFor(text: string): Promise<void>;
  exit: Promise<number | null>;
  child: ChildProcess;
}

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", WEB_PORT: "0", METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exit,
    output: () => out,
    async waitFor(text) {
      for (let i = 0; i < 600 && !out.includes(text) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
      if (!out.includes(text)) throw new Error(`"${text}" never appeared in:\n${out}`);
    },
  };
}

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), "duban-sqlite-"));
  dirs.push(d);
  return d;
}

describe("one SQLite file", () => {
  it("refuses a second server process with a clear message, and the first goes on", { timeout: 90_000 }, async () => {
    const env = { DUBAN_DATA_DIR: dataDir(), DUBAN_LANG: "en" };
    const first = run(["src/main.ts"], env);
    await first.waitFor("duban started");

    const second = run(["src/main.ts"], env);
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain("several processes need PostgreSQL: set DATABASE_URL");
    expect(first.child.exitCode).toBeNull();

    // Once the first has gone, even by SIGKILL, a server starts again: no stale lock is left.
    first.child.kill("SIGKILL");
    await first.exit;
    const third = run(["src/main.ts"], env);
    await third.waitFor("duban started");
    expect(third.output()).not.toContain("set DATABASE_URL");
  });

  it("says it in Chinese by default", { timeout: 90_000 }, async () => {
    const env = { DUBAN_DATA_DIR: dataDir() };
    const first = run(["src/main.ts"], env);
    await first.waitFor("duban started");
    const second = run(["src/main.ts"], env);
    expect(await second.exit).toBe(1);
    expect(second.output()).toContain("多个进程需要 PostgreSQL：请设置 DATABASE_URL");
  });

  it("lets the CLI write beside a running server, waiting out a write lock held for a second", { timeout: 90_000 }, async () => {
    const dir = dataDir();
    const env = { DUBAN_DATA_DIR: dir, DUBAN_LANG: "en" };
    const server = run(["src/main.ts"], env);
    await server.waitFor("duban started");

    // A long write elsewhere (the server's digest, say) holds SQLite's one write lock.
    const other = new Database(join(dir, "duban.db"));
    other.exec("BEGIN IMMEDIATE");
    setTimeout(() => {
      other.exec("COMMIT");
      other.close();
    }, 1_000);
    const cli = run(["src/cli/main.ts", "invite", "王五", "--unit", "县水利局", "--role", "official", "--new-unit"], env);

    expect(await cli.exit, cli.output()).toBe(0);
    expect(cli.output()).toContain("王五");
    expect(server.child.exitCode).toBeNull();
  });
});
