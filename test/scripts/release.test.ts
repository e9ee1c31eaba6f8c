import { afterEach, expect, it } from "vitest";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { buildRelease, productionPackages } from "../../scripts/release.mjs";

const run = promisify(execFile);
const dirs: string[] = [];
let server: ChildProcess | undefined;
afterEach(() => {
  // npm start runs node under a shell: the whole process group goes.
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** A machine with Node alone and no registry: no PATH but node's and the system's, npm offline and pointed nowhere. */
function intranetEnv(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    npm_config_offline: "true",
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_cache: join(home, ".npm"),
    ...extra,
  };
}

async function readyz(port: number, deadline: number): Promise<{ status: number; body: unknown }> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      return { status: res.status, body: await res.json() };
    } catch (err) {
      if (Date.now() > deadline || server?.exitCode !== null) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

it("takes the production packages from the lock: no development ones, none missing here, nested ones with their holder", () => {
  const lock = {
    packages: {
      "": { name: "duban" },
      "node_modules/pg": {},
      "node_modules/pg/node_modules/pg-types": {},
      "node_modules/vitest": { dev: true },
      "node_modules/typescript": { devOptional: true },
      "node_modules/@img/sharp-linux-x64": { optional: true },
      "node_modules/@img/sharp-darwin-arm64": { optional: true },
    },
  };
  const onDisk = new Set(["node_modules/pg", "node_modules/pg/node_modules/pg-types", "node_modules/vitest", "node_modules/typescript", "node_modules/@img/sharp-linux-x64"]);
  expect(productionPackages(lock, (p: string) => onDisk.has(p))).toEqual(["node_modules/@img/sharp-linux-x64", "node_modules/pg"]);
});

it("builds an archive that unpacks into an empty folder and starts with npm start, offline with Node alone, /readyz green", async () => {
  const archive = await buildRelease(tempDir("duban-release-out-"));
  const install = join(tempDir("duban-intranet-"), "duban");
  mkdirSync(install);
  await run("tar", ["-xzf", archive, "-C", install]);
  expect(readdirSync(install).sort()).toEqual(["adapters", "deploy", "dist", "docs", "node_modules", "package-lock.json", "package.json", "prisma", "samples"]);

  const port = await freePort();
  const env = intranetEnv(install, { METRICS_PORT: String(port), WEB_PORT: String(await freePort()), DUBAN_DATA_DIR: join(install, "data") });
  server = spawn("npm", ["start"], { cwd: install, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stdout!.on("data", (d: Buffer) => (log += d));
  server.stderr!.on("data", (d: Buffer) => (log += d));
  const ready = await readyz(port, Date.now() + 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${log}`);
  });
  expect(ready).toMatchObject({ status: 200, body: { ready: true } });
  expect(log).toContain("duban started");

  // The admin's command line works from the same folder, beside the running server.
  const status = await run("npm", ["run", "--silent", "cli", "--", "migrate"], { cwd: install, env: { ...env, DUBAN_LANG: "en" } });
  expect(status.stdout).toContain("The database is up to date.");
}, 120_000);
