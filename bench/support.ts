/**
 * Shared benchmark helpers: timing, peak memory of a process, child processes that run
 * one measurement each (so one run's memory never inflates another's), and tables.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** `BENCH_QUICK=1 npm run bench`: a smaller ledger and shorter runs, for trying changes. */
export const QUICK = process.env.BENCH_QUICK === "1";
/** `BENCH_FULL=1 npm run bench`: the whole workload whatever it takes, no time budgets. */
export const FULL = process.env.BENCH_FULL === "1" && !QUICK;

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** One line of the summary `npm run bench` ends with. */
export interface BarResult {
  name: string;
  measured: string;
  bar: string;
  /** null when the number is only informative. */
  pass: boolean | null;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export interface RssSampler {
  /** The highest resident set size seen, in bytes. */
  stop(): number;
}

/**
 * Samples RSS every 50 ms. The kernel's own high-water mark (maxRSS) catches a peak
 * between samples, but covers the whole life of the process; the samples cover only
 * the measured window. Both are reported by the caller's choice.
 */
export function sampleRss(everyMs = 50): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/**
 * The process's lifetime peak RSS in bytes, as the kernel counted it. On Linux that is
 * VmHWM, which starts again at exec: getrusage's maxRSS carries over the high-water mark
 * of the process that spawned it (here the benchmark's parent, holding the seeded
 * county), so a child's maxRSS was the seeder's memory, not the bot's.
 */
export function maxRssEver(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // Not Linux: the rusage figure, with its caveat.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** `BENCH_CPU_PROF=<dir>`: every measured child writes a V8 CPU profile there (where the time goes). */
const CPU_PROF = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

/** Marks the JSON line a child process answers with among anything else it prints. */
const RESULT_MARK = "@@bench-result ";

export function answerParent(result: unknown): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

/**
 * Bundles a benchmark script as `npm start` bundles the server (scripts/build.mjs: esbuild,
 * npm packages left as imports), so that the process measuring duban runs compiled
 * JavaScript like the bot, without tsx's compiler and its loader thread (about 30 MB).
 */
async function bundled(script: string): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = join(ROOT, "dist", "bench", script.replace(/^bench\//, "").replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(ROOT, script)], outfile, bundle: true, platform: "node", format: "esm", target: "node20",
    packages: "external", logLevel: "warning",
  });
  return outfile;
}

const builds = new Map<string, Promise<string>>();

/** The environment and node flags `npm start` runs the bot with (package.json), given to a compiled child too. */
function startCommand(): { env: NodeJS.ProcessEnv; flags: string[] } {
  const words = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  const env = Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => w.split("=", 2) as [string, string]));
  return { env, flags: words.filter((w) => w.startsWith("--")) };
}

/**
 * Runs `node --import tsx <script> <args>` — or, `compiled`, the script bundled as the
 * server is, with the environment and node flags of `npm start` — and returns the JSON it answered with. Its stderr passes through, so a
 * failure shows its own message.
 */
export async function runChild<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}, compiled = false): Promise<T> {
  let entry = [...CPU_PROF, "--import", "tsx", join(ROOT, script)];
  let started: NodeJS.ProcessEnv = {};
  if (compiled) {
    if (!builds.has(script)) builds.set(script, bundled(script));
    const start = startCommand();
    entry = [...start.flags, ...CPU_PROF, await builds.get(script)!];
    started = start.env;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...started, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_MARK));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_MARK.length)) as T);
      else reject(new Error(`${script} ${args.join(" ")} exited with ${code}${line ? "" : " without a result"}`));
    });
  });
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const perSecond = (n: number) => `${n >= 100 ? n.toFixed(0) : n.toFixed(1)}/s`;
export const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)} %`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Terminal columns a string takes: Han characters are two wide. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/** A plain-text table; columns after the first are right-aligned (they hold numbers). */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => width(r[c] ?? ""))));
  const cell = (s: string, c: number) => {
    const pad = " ".repeat(widths[c]! - width(s));
    return c === 0 ? s + pad : pad + s;
  };
  const line = (r: string[]) => r.map(cell).join("  ");
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}
