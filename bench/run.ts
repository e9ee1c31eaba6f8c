/**
 * `npm run bench`: every benchmark in sequence, then one summary of the performance bars.
 * Not part of the tests — timings belong to the machine — so each bar is a ratio against
 * a baseline measured in the same run, or a plain limit printed beside the measurement.
 *
 *   BENCH_QUICK=1 npm run bench   smaller and shorter, for trying a change
 *   BENCH_FULL=1 npm run bench    the whole workloads, however long they take
 *   BENCH_ONLY=near-copy npm run bench   only the named benchmarks (comma-separated)
 *   BENCH_ONLY=province npm run bench    issue 15's province size (only when named: it needs PostgreSQL and
 *                                        Redis, and three processes take the machine for a minute or more)
 */
import { cpus, loadavg } from "node:os";
import { benchDashboard } from "./dashboard";
import { benchDelivery } from "./delivery";
import { benchDigest } from "./digest";
import { benchNearCopy } from "./near-copy";
import { benchPipeline } from "./pipeline";
import { benchProvince } from "./province";
import { benchStartup } from "./startup";
import { FULL, QUICK, printTable, seconds, timed, type BarResult } from "./support";

const BENCHMARKS: [string, () => Promise<BarResult[] | void>][] = [
  ["inbound pipeline", benchPipeline],
  ["delivery", benchDelivery],
  ["digest", benchDigest],
  ["dashboard", benchDashboard],
  ["start-up", benchStartup],
  ["near-copy", benchNearCopy],
  ["province", benchProvince],
];
const ON_REQUEST = new Set(["province"]);
const ONLY = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());

const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");

console.log(
  `duban benchmarks${QUICK ? " (quick)" : FULL ? " (full)" : ""}: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${load()}`,
);
const bars: BarResult[] = [];
const ran: string[][] = [];
let crashed = false;
for (const [name, bench] of BENCHMARKS) {
  if (ONLY ? !ONLY.includes(name) : ON_REQUEST.has(name)) continue;
  console.log(`\n=== ${name} ===`);
  try {
    const { ms, value } = await timed(bench);
    bars.push(...(value ?? []));
    ran.push([name, seconds(ms), load()]);
  } catch (err) {
    crashed = true;
    console.error(err);
    ran.push([name, "failed", load()]);
  }
}

printTable("Benchmarks run", ["benchmark", "time", "load average after"], ran);
printTable(
  "Performance bars",
  ["bar", "measured", "target", "met"],
  bars.map((b) => [b.name, b.measured, b.bar, b.pass === null ? "—" : b.pass ? "yes" : "NO"]),
);
// A missed bar is a finding to read, not a failure; a benchmark that crashed is.
process.exitCode = crashed ? 1 : 0;
