import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { DB_KINDS } from "../support/databases";
import { describeImport } from "../../src/io/summary";
import { messagesFor } from "../../src/i18n/index";
import { writeSamples } from "../../samples/generate";
import { importFile, ledgerCounts, useLedger } from "./helpers";

const SAMPLES = join(import.meta.dirname, "../../samples");
const sample = (name: string) => readFileSync(join(SAMPLES, name));
const zh = messagesFor("zh-CN");

/** What a person sees in a workbook: sheet names, cell values and merged ranges. */
async function contents(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb.worksheets.map((ws) => ({
    name: ws.name,
    rows: ws.getSheetValues().map((r) => (Array.isArray(r) ? r.map((v) => (v instanceof Date ? v.toISOString() : v ?? null)) : null)),
    merges: Object.keys((ws as unknown as { _merges: object })._merges).sort(),
  }));
}

it("the committed samples are what samples/generate.ts makes from samples/sample-data.ts", async () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-samples-"));
  try {
    await writeSamples(dir);
    for (const name of ["sample-ledger.xlsx", "ledger-template.xlsx"]) {
      expect(await contents(readFileSync(join(dir, name)))).toEqual(await contents(sample(name)));
    }
    for (const name of ["sample-risk.csv", "ledger-template.csv", "cases-template.csv"]) {
      expect(readFileSync(join(dir, name), "utf8")).toBe(sample(name).toString("utf8"));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe.each(DB_KINDS)("the shipped files on %s", (kind) => {
  const open = useLedger(kind);

  it("an empty template imports cleanly and changes nothing; its instructions sheet is skipped", async () => {
    const ledger = await open();
    const before = await ledgerCounts(ledger);
    const r = await importFile(ledger, sample("ledger-template.xlsx"), "ledger-template.xlsx");
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual([{ code: "skippedSheet", sheet: "填表说明", text: "" }]);
    expect(describeImport(r, zh)).toEqual([zh.io.summary.empty, zh.io.summary.notes, "工作表“填表说明”没有台账表头，已跳过"]);
    expect(await ledgerCounts(ledger)).toEqual(before);
  });

  it("the CSV templates are understood column by column", async () => {
    const ledger = await open();
    for (const name of ["ledger-template.csv", "cases-template.csv"]) {
      const r = await importFile(ledger, sample(name), name);
      expect(r.problems).toEqual([]);
      expect(r.notes).toEqual([]);
    }
  });

  it("the risk list as CSV is the same list as the sample workbook's sheet", async () => {
    const ledger = await open();
    await importFile(ledger, sample("sample-ledger.xlsx"), "sample-ledger.xlsx");
    const r = await importFile(ledger, sample("sample-risk.csv"), "风险排查问题清单.csv");
    expect(r.problems).toEqual([]);
    expect(r.items).toEqual({ created: 0, updated: 0, unchanged: 8 });
  });
});
