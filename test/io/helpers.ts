/** Building spreadsheets and ledgers for the io tests. */
import { loadConfig } from "../../src/config";
import ExcelJS from "exceljs";
import type { Ledger } from "../../src/ledger/db";
import { importLedgerFile, type ImportOptions } from "../../src/io/import";
import { writeCsv } from "../../src/io/csv";
export { useLedger } from "../support/databases";

export interface SheetSpec {
  name: string;
  rows: unknown[][];
  /** Ranges such as "A1:K1". */
  merges?: string[];
}

export async function xlsx(...sheets: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const m of s.merges ?? []) ws.mergeCells(m);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function csv(rows: string[][]): Uint8Array {
  return new TextEncoder().encode(writeCsv(rows));
}

export const ITEM_HEADER = ["序号", "问题", "整改目标", "整改措施", "责任领导", "责任单位", "配合单位", "责任人", "整改时限", "进展情况", "完成情况"];

/** A valid item row for ITEM_HEADER. */
export function itemRow(seq: string | number, overrides: Partial<Record<(typeof ITEM_HEADER)[number], unknown>> = {}): unknown[] {
  const base: Record<string, unknown> = {
    序号: seq, 问题: `第${seq}项问题：河道垃圾清理不及时。`, 整改目标: "河面无漂浮垃圾", 整改措施: "每日巡河保洁",
    责任领导: "王建国", 责任单位: "县住建局", 配合单位: "县城管局", 责任人: "赵海", 整改时限: "2026-06-30",
    进展情况: "", 完成情况: "未完成", ...overrides,
  };
  return ITEM_HEADER.map((h) => base[h] ?? null);
}

export const NOW = new Date("2026-03-15T02:00:00Z");


export function importFile(ledger: Ledger, bytes: Uint8Array, fileName: string, o: Partial<ImportOptions> = {}) {
  return importLedgerFile(ledger, bytes, { fileName, now: NOW, farMeters: loadConfig({}).PHOTO_FAR_METERS, ...o });
}

/** Everything an import can write, counted. */
export async function ledgerCounts(ledger: Ledger) {
  const db = ledger.db;
  const [items, cases, units, aliases, people, audit, petitioners, coops] = await Promise.all([
    db.item.count(), db.petitionCase.count(), db.unit.count(), db.unitAlias.count(), db.person.count(),
    db.auditEvent.count(), db.petitioner.count(), db.itemCooperation.count(),
  ]);
  return { items, cases, units, aliases, people, audit, petitioners, coops };
}
