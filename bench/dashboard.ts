/**
 * The dashboard at county scale: the same 100,000 items over 500 units as the digest's
 * benchmark (bench/digest.ts), each with its item.imported audit event. Timed, median of
 * five after a warm-up: the county view, a unit head's view, a filtered and a searched
 * view, each chart, an item's page, and the digest's chart (SVG and PNG). Bar: each under
 * a second (issue 19). BENCH_QUICK=1: SQLite only, one run after the warm-up.
 *
 *   node --import tsx bench/dashboard.ts
 */
import { pathToFileURL } from "node:url";
import { barsHeight, barsOf, lightsOption, trendOption } from "../src/charts/ledger-charts";
import { renderSvg, svgToPng } from "../src/charts/render";
import { loadConfig, thresholdsOf } from "../src/config";
import { dashboardData, type FilterQuery, type Scope } from "../src/dashboard/data";
import { dashboardPage } from "../src/dashboard/html";
import { digestChartSvg } from "../src/digest/chart";
import { composeDigest } from "../src/digest/compose";
import { messagesFor } from "../src/i18n/index";
import { openLedger, type Ledger } from "../src/ledger/db";
import { itemHistory } from "../src/ledger/history";
import { weeklyTrend } from "../src/ledger/trend";
import { createTestDatabase, DB_KINDS, TEST_AUDIT_KEY } from "../test/support/databases";
import { county, NOW, seedPostgres, seedSqlite, type Table } from "./digest";
import { QUICK, printTable, seconds, timed, type BarResult } from "./support";

/** Quick: one run after the warm-up, SQLite only. */
const RUNS = QUICK ? 1 : 5;
const TIME_BAR_MS = 1_000;
const TZ = "Asia/Shanghai";
const msg = messagesFor("zh-CN");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each item's first audit event, as an import writes it: the trend counts from it. */
function withAudit(tables: Table[]): Table[] {
  const items = tables.find((t) => t.name === "Item")!;
  const id = items.columns.indexOf("id");
  const assignedAt = items.columns.indexOf("assignedAt");
  const rows = items.rows.map((r) => [r[assignedAt]!, "import", "item.imported", r[id]!, "{}"]);
  return [...tables, { name: "AuditEvent", columns: ["at", "actor", "action", "itemId", "detail"], rows }];
}

async function views(ledger: Ledger, thresholds: ReturnType<typeof thresholdsOf>) {
  const o = { now: NOW, tz: TZ, thresholds };
  const county: Scope = { kind: "county" };
  const unit: Scope = { kind: "unit", unitId: 7 };
  const page = async (scope: Scope, filter: FilterQuery) => {
    const d = await dashboardData(ledger, scope, filter, o);
    return dashboardPage(d, { msg, lang: "zh-CN", now: NOW, tz: TZ, title: msg.dashboard.title, filter, badFilter: false }).length;
  };
  return {
    "county view": () => page(county, {}),
    "unit head's view": () => page(unit, {}),
    "filtered (red, one source)": () => page(county, { light: "red", source: "central" }),
    "searched (\"第123\")": () => page(county, { q: "第123" }),
    "units' lights chart": async () => {
      const digest = await composeDigest(ledger, { ...o, top: 0 });
      const units = digest.units.map((u) => ({ name: u.name, lights: u.today }));
      return renderSvg(lightsOption(units, msg), { width: 720, height: barsHeight(barsOf(units, msg).length) }).length;
    },
    "weekly trend chart": async () => renderSvg(trendOption(await weeklyTrend(ledger, { now: NOW, tz: TZ }), msg), { width: 720, height: 320 }).length,
    "item page (history)": async () => (await itemHistory(ledger.session, 12_345, { page: 0, limit: 50 })).entries.length,
    "digest chart (SVG + PNG)": async () => {
      const data = await composeDigest(ledger, o);
      return (await svgToPng(await digestChartSvg(ledger, data, msg, { now: NOW, tz: TZ }))).length;
    },
  };
}

export async function benchDashboard(): Promise<BarResult[]> {
  const tables = withAudit(county());
  console.log(`\nDashboard: ${tables.find((t) => t.name === "Item")!.rows.length} items over ${tables.find((t) => t.name === "Unit")!.rows.length} units; median of ${RUNS} runs after a warm-up`);
  // CPU time beside the wall clock: on a busy machine the wall clock is mostly waiting for a
  // core. SQLite runs in this process, so its CPU is the whole view's; PostgreSQL's server is not counted.
  const results: { kind: string; view: string; ms: number; cpuMs: number }[] = [];
  for (const kind of QUICK ? (["sqlite"] as const) : DB_KINDS) {
    let database;
    try {
      database = await createTestDatabase(kind);
    } catch (err) {
      console.log(`  ${kind}: not reachable (${(err as Error).message}); skipped`);
      continue;
    }
    try {
      await (await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url })).close();
      const seeded = await timed(async () => (kind === "sqlite" ? seedSqlite(database.url, tables) : seedPostgres(database.url, tables)));
      console.log(`  ${kind}: seeded in ${seconds(seeded.ms)}`);
      const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url, migrate: false });
      try {
        const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
        for (const [view, run] of Object.entries(await views(ledger, thresholdsOf(config)))) {
          await run();
          const times: number[] = [];
          const cpu: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const before = process.cpuUsage();
            times.push((await timed(run)).ms);
            const used = process.cpuUsage(before);
            cpu.push((used.user + used.system) / 1000);
          }
          results.push({ kind, view, ms: median(times), cpuMs: median(cpu) });
          console.log(`  ${kind}: ${view} ${median(times).toFixed(0)} ms (${median(cpu).toFixed(0)} ms CPU)`);
        }
      } finally {
        await ledger.close();
      }
    } finally {
      await database.drop();
    }
  }
  printTable("Dashboard views at 100k items", ["database", "view", "median", "CPU here"], results.map((r) => [r.kind, r.view, `${r.ms.toFixed(0)} ms`, `${r.cpuMs.toFixed(0)} ms`]));
  return results.map((r) => ({ name: `dashboard ${r.view}, ${r.kind}`, measured: `${r.ms.toFixed(0)} ms`, bar: `< ${TIME_BAR_MS} ms`, pass: r.ms < TIME_BAR_MS }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchDashboard();
