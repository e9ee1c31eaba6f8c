/**
 * How long `npm start` takes until it logs "duban started": spawned exactly as an operator
 * runs it, with the web chat on a free port and a temporary data directory, then stopped
 * with SIGTERM. The first start creates the database (migrations); the restarts after it
 * find it there, which is the usual case.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { QUICK, ROOT, printTable, seconds, type BarResult } from "./support";

const READY_BAR_MS = 3_000;
const GIVE_UP_MS = 60_000;
const READY_LINE = "duban started";
const RESTARTS = QUICK ? 1 : 3;

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Milliseconds from spawning `npm start` to its ready line. */
async function timeToReady(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  // Its own process group, so that npm, tsx and node stop together.
  const child = spawn("npm", ["start", "--silent"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DUBAN_DATA_DIR: dataDir, DATABASE_URL: "", WEB_PORT: String(port), WEB_HOST: "127.0.0.1", LOG_LEVEL: "info" },
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${READY_LINE}" within ${GIVE_UP_MS} ms:\n${output}`)), GIVE_UP_MS);
      const watch = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (output.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      };
      child.stdout.on("data", watch);
      child.stderr.on("data", watch);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`));
      });
    });
  } finally {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
  }
}

export async function benchStartup(): Promise<BarResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "duban-bench-start-"));
  try {
    const first = await timeToReady(dataDir);
    const restarts: number[] = [];
    for (let i = 0; i < RESTARTS; i++) restarts.push(await timeToReady(dataDir));
    const median = restarts.sort((a, b) => a - b)[Math.floor(restarts.length / 2)]!;
    printTable(
      `npm start until "${READY_LINE}" (web chat on, SQLite; bar < ${seconds(READY_BAR_MS)})`,
      ["start", "time", "meets bar"],
      [
        ["first (creates the database)", seconds(first), first < READY_BAR_MS ? "yes" : "NO"],
        [`restart, median of ${restarts.length}`, seconds(median), median < READY_BAR_MS ? "yes" : "NO"],
      ],
    );
    return [
      { name: "npm start ready, first start", measured: seconds(first), bar: `< ${seconds(READY_BAR_MS)}`, pass: first < READY_BAR_MS },
      { name: "npm start ready, restart", measured: seconds(median), bar: `< ${seconds(READY_BAR_MS)}`, pass: median < READY_BAR_MS },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchStartup();
