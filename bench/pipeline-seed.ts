/**
 * A county at realistic size for the pipeline benchmark — 100,000 items over 500 units —
 * written with the raw drivers (Prisma row by row would take minutes), and the reports
 * its officials send, planned the same for every run so that the pipeline and the raw
 * baseline write exactly the same rows.
 *
 * The seeded database is a template: every measured run gets its own copy (a file copy
 * for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL), so no run starts with another
 * run's reports in it.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { aliasKeys } from "../src/core/units";
import { migrate } from "../src/ledger/migrate";
import { PG_ADMIN_URL, type DbKind } from "../test/support/databases";
import { FULL, QUICK } from "./support";

export const SCALE = {
  units: 500,
  items: QUICK ? 20_000 : 100_000,
  textReports: QUICK ? 1_000 : 10_000,
  photoReports: QUICK ? 100 : 1_000,
  /**
   * Each pipeline run stops starting reports after this long (ms) per kind of report, and
   * the raw driver then writes the same number: at a few dozen reports a second the whole
   * 11,000 would take the pipeline many minutes per run. BENCH_FULL=1 sends them all.
   */
  budgetMs: FULL ? { text: Infinity, photo: Infinity } : QUICK ? { text: 6_000, photo: 3_000 } : { text: 12_000, photo: 5_000 },
  /**
   * Reports of each kind written before the clock starts, by both writers alike: a fresh
   * process compiles its code as it goes (V8 optimises a function after many calls,
   * Prisma's query compiler in WASM), and a bot runs for days, so the rate that counts is
   * the one after that. Measured here: 30 text reports left the pipeline at about 80 % of
   * its later rate on PostgreSQL; by 500 it is there.
   */
  warmup: { text: 500, photo: 20 },
  /** Officials bound to a chat identity; each reports on its own unit's items. */
  officials: 48,
  /** Events in flight in the concurrent runs. */
  concurrency: 8,
  /** Distinct JPEGs the photo reports take turns with (content-addressed storage dedupes them). */
  distinctPhotos: 8,
};

export const PLATFORM = "test";
const ITEMS_PER_UNIT = SCALE.items / SCALE.units;
const STATUSES = ["not_started", "in_progress", "in_progress", "in_progress", "awaiting_signoff"];
const BASE = Date.parse("2026-03-01T01:00:00Z");

export const unitName = (u: number) => `第${u}整改责任单位`;
export const itemCode = (unit: number, n: number) => `中央-${unit}-${n}`;
export const userIdOf = (official: number) => `u${official}`;

/** A planned report: official k (unit k) reports on one of its unit's items. */
export interface PlannedReport {
  eventId: string;
  official: number;
  code: string;
  text: string;
  percent: number;
  /** Which of the distinct JPEGs is attached, for a photo report. */
  photo: number | null;
}

/**
 * Text reports first, then photo reports, so each kind gets its own rate; each kind
 * starts with its warm-up reports. Official i % 48
 * sends report i: in the concurrent runs worker w takes every 8th report, so no two
 * reports in flight ever come from the same official.
 */
export function plannedReports(): PlannedReport[] {
  let state = 20_261_128;
  const random = (n: number) => ((state = (state * 1_103_515_245 + 12_345) >>> 0) >>> 8) % n;
  const texts = SCALE.warmup.text + SCALE.textReports;
  const total = texts + SCALE.warmup.photo + SCALE.photoReports;
  return Array.from({ length: total }, (_, i) => {
    const official = (i % SCALE.officials) + 1;
    const code = itemCode(official, random(ITEMS_PER_UNIT) + 1);
    const percent = random(101);
    const photo = i >= texts ? i % SCALE.distinctPhotos : null;
    const text = photo === null ? `#${code} 已完成河道清淤和岸坡整治，完成${percent}%，下周继续巡查` : `#${code} 现场照片，完成${percent}%`;
    return { eventId: `bench-${i + 1}`, official, code, text, percent, photo };
  });
}

/** What storing a photo learned about it (the header of the benchmark describes the photos with it). */
export interface PhotoFacts {
  sha256: string;
  phash: string;
  size: number;
  mime: string;
  width: number;
  height: number;
}

/** Where a measured run writes, and the photos its reports attach. */
export interface WriterSpec {
  kind: DbKind;
  url: string;
  dataDir: string;
  photos: { path: string; facts: PhotoFacts }[];
}

/** Writes one planned report: through the whole pipeline, or straight through the driver. */
export interface ReportWriter {
  write(report: PlannedReport): Promise<void>;
  /** Reports and receipts in the ledger, to prove the reports were taken, not refused. */
  count(): Promise<{ reports: number; receipts: number }>;
  /** The pipeline's Prisma calls per report so far, and Prisma's own CPU per call: why it is short of the raw driver. */
  prismaCost?(reports: number): Promise<PrismaCost>;
  close(): Promise<void>;
}

export interface PrismaCost {
  /** Statements through Prisma per report. */
  callsPerReport: number;
  /** The hot path's own prepared statements per report, on the transaction's connection. */
  hotPerReport: number;
  cpuPerCallMs: number;
}

export interface SeededTemplate {
  kind: DbKind;
  /** A fresh copy of the seeded ledger, with its own data directory for evidence. */
  copy(): Promise<{ url: string; dataDir: string; drop(): Promise<void> }>;
  drop(): Promise<void>;
}

export type Row = (string | number | boolean | null)[];

export interface Table {
  name: string;
  columns: string[];
  rows: Row[];
}

export function countyTables(): Table[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = iso(BASE);
  const units: Row[] = [];
  const aliases: Row[] = [];
  const people: Row[] = [];
  for (let u = 1; u <= SCALE.units; u++) {
    units.push([u, unitName(u), created]);
    for (const alias of aliasKeys(unitName(u))) aliases.push([alias, u]);
    people.push([u, `干部${u}`, u, "official", created]);
  }
  const identities: Row[] = Array.from({ length: SCALE.officials }, (_, k) => [k + 1, PLATFORM, userIdOf(k + 1), k + 1, created]);
  const items: Row[] = [];
  const cooperating: Row[] = [];
  for (let i = 0; i < SCALE.items; i++) {
    const unit = (i % SCALE.units) + 1;
    const n = Math.floor(i / SCALE.units) + 1;
    const id = i + 1;
    const deadline = iso(BASE + ((i % 400) + 30) * 86_400_000).slice(0, 10);
    const assigned = iso(BASE - (i % 90) * 86_400_000);
    items.push([
      id, itemCode(unit, n), "central", "water", `第${n}项河道与扬尘问题整改`,
      `群众反映第${n}处河道存在垃圾堆放、污水直排和岸坡破损等问题，需要限期整改。`,
      "清理垃圾，封堵排污口，修复岸坡，建立长效巡查机制。", "完成整改并通过验收",
      unit, "县领导", `干部${unit}`, unit, deadline, deadline, STATUSES[i % STATUSES.length]!,
      i % 3 === 0 ? null : i % 100, assigned, assigned, assigned,
    ]);
    if (i % 10 === 0) cooperating.push([id, (unit % SCALE.units) + 1]);
  }
  return [
    { name: "Unit", columns: ["id", "name", "createdAt"], rows: units },
    { name: "UnitAlias", columns: ["alias", "unitId"], rows: aliases },
    { name: "Person", columns: ["id", "name", "unitId", "roles", "createdAt"], rows: people },
    { name: "ChatIdentity", columns: ["id", "platform", "userId", "personId", "boundAt"], rows: identities },
    {
      name: "Item",
      columns: [
        "id", "code", "source", "category", "title", "problem", "measures", "target", "leadUnitId", "leaderName",
        "personName", "personId", "originalDeadline", "deadline", "status", "progress", "assignedAt", "updatedAt", "createdAt",
      ],
      rows: items,
    },
    { name: "ItemCooperation", columns: ["itemId", "unitId"], rows: cooperating },
  ];
}

/** Timestamps as each database's Prisma adapter writes them. */
const TIMESTAMP_COLUMNS = new Set(["createdAt", "boundAt", "assignedAt", "updatedAt"]);

function seedSqlite(path: string, tables: Table[]): void {
  const db = new Database(path);
  try {
    db.transaction(() => {
      for (const t of tables) {
        const at = t.columns.map((c) => TIMESTAMP_COLUMNS.has(c));
        const insert = db.prepare(`INSERT INTO "${t.name}" (${t.columns.map((c) => `"${c}"`).join(", ")}) VALUES (${t.columns.map(() => "?").join(", ")})`);
        for (const row of t.rows) insert.run(row.map((v, c) => (at[c] ? String(v).replace("Z", "+00:00") : typeof v === "boolean" ? Number(v) : v)));
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

export async function seedPostgres(url: string, tables: Table[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // The rows are consistent by construction: skip the per-row foreign-key triggers.
    await client.query("SET LOCAL session_replication_role = replica");
    for (const t of tables) {
      const at = t.columns.map((c) => TIMESTAMP_COLUMNS.has(c));
      // One array per column through unnest: a VALUES list with thousands of parameters
      // takes the server ten times longer to parse than the rows take to insert.
      const { rows: types } = await client.query<{ column: string; udt: string }>(
        `SELECT column_name AS column, udt_name AS udt FROM information_schema.columns WHERE table_name = $1`,
        [t.name],
      );
      const udt = new Map(types.map((c) => [c.column, c.udt]));
      const columns = t.columns.map((c, i) => t.rows.map((row) => (at[i] ? String(row[i]).replace("Z", "") : row[i])));
      const arrays = t.columns.map((c, i) => `$${i + 1}::${udt.get(c)}[]`);
      // Building each index once over all rows is cheaper than growing it row by row.
      const { rows: indexes } = await client.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = $1 AND indexname <> $2`,
        [t.name, `${t.name}_pkey`],
      );
      for (const i of indexes) await client.query(`DROP INDEX "${i.name}"`);
      await client.query(`INSERT INTO "${t.name}" (${t.columns.map((c) => `"${c}"`).join(", ")}) SELECT * FROM unnest(${arrays.join(", ")})`, columns);
      for (const i of indexes) await client.query(i.def);
      // Ids were given explicitly: move each sequence past them, as an import would leave it.
      if (t.columns[0] === "id") await client.query(`SELECT setval(pg_get_serial_sequence('"${t.name}"', 'id'), (SELECT max(id) FROM "${t.name}"))`);
    }
    await client.query("COMMIT");
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
}

export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function pgUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function seedTemplate(kind: DbKind): Promise<SeededTemplate> {
  const tables = countyTables();
  const tag = `${process.pid}_${randomBytes(3).toString("hex")}`;
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "duban-bench-"));
    const path = join(dir, "template.db");
    await migrate(`file:${path}`);
    seedSqlite(path, tables);
    return {
      kind,
      async copy() {
        const dataDir = mkdtempSync(join(tmpdir(), "duban-bench-run-"));
        copyFileSync(path, join(dataDir, "duban.db"));
        return { url: `file:${join(dataDir, "duban.db")}`, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
      },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const template = `duban_bench_${tag}`;
  await admin(`CREATE DATABASE ${template}`);
  await migrate(pgUrl(template));
  await seedPostgres(pgUrl(template), tables);
  let copies = 0;
  return {
    kind,
    async copy() {
      const name = `${template}_run${++copies}`;
      await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      const dataDir = mkdtempSync(join(tmpdir(), "duban-bench-run-"));
      return {
        url: pgUrl(name),
        dataDir,
        drop: async () => {
          await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
    drop: () => admin(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`),
  };
}
