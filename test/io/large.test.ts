import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../support/databases";
import { ITEM_HEADER, importFile, itemRow, ledgerCounts, useLedger, xlsx } from "./helpers";

const UNITS = ["县住建局", "县城管局", "县水利局", "县生态环境局", "青山镇", "白沙镇"];
const PEOPLE = ["赵海", "孙立新", "钱伟", "吴刚"];

async function tenThousandRows(badRow?: number): Promise<Uint8Array> {
  const rows = [ITEM_HEADER];
  for (let i = 1; i <= 10_000; i++) {
    rows.push(itemRow(i, {
      问题: `第${i}处排污口未完成规范化整治。`,
      责任单位: UNITS[i % UNITS.length],
      配合单位: UNITS[(i + 1) % UNITS.length],
      责任人: PEOPLE[i % PEOPLE.length],
      整改时限: i === badRow ? "年底" : `2026-${String((i % 12) + 1).padStart(2, "0")}-28`,
    }) as string[]);
  }
  return xlsx({ name: "排污口整治", rows });
}

describe.each(DB_KINDS)("a 10,000-row ledger on %s", (kind) => {
  const open = useLedger(kind);

  it("imports in one go, with an audit event for each item, and imports again without a change", { timeout: 180_000 }, async () => {
    const ledger = await open();
    const bytes = await tenThousandRows();
    const progress: number[] = [];
    const r = await importFile(ledger, bytes, "排污口.xlsx", { source: "central", onProgress: (p) => progress.push(p.done) });
    expect(r.problems).toEqual([]);
    expect(r.items.created).toBe(10_000);
    expect(progress.at(-1)).toBe(10_000);
    const counts = await ledgerCounts(ledger);
    const pairings = new Set(Array.from({ length: 10_000 }, (_, i) => `${(i + 1) % UNITS.length} ${(i + 1) % PEOPLE.length}`)).size;
    expect(counts).toMatchObject({ items: 10_000, coops: 10_000, units: UNITS.length, people: pairings });
    expect(await ledger.db.auditEvent.count({ where: { action: "item.created" } })).toBe(10_000);

    const again = await importFile(ledger, bytes, "排污口.xlsx", { source: "central" });
    expect(again.items).toEqual({ created: 0, updated: 0, unchanged: 10_000 });
    expect(await ledgerCounts(ledger)).toEqual(counts);
  });

  it("writes none of them when one row in the last hundred is wrong", { timeout: 180_000 }, async () => {
    const ledger = await open();
    const r = await importFile(ledger, await tenThousandRows(9_950), "排污口.xlsx", { source: "central" });
    expect(r.problems).toEqual([{ code: "badDate", sheet: "排污口整治", row: 9_951, column: "整改时限", text: "年底" }]);
    expect(await ledgerCounts(ledger)).toMatchObject({ items: 0, units: 0, audit: 0 });
  });
});
