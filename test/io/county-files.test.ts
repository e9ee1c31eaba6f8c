import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { DB_KINDS } from "../support/databases";
import { ITEM_HEADER, NOW, importFile, itemRow, useLedger, xlsx } from "./helpers";

const SAMPLE = readFileSync(join(import.meta.dirname, "../../samples/sample-ledger.xlsx"));
const TITLE = "清河县贯彻落实中央第三生态环境保护督察反馈意见整改情况台账";

/** A county's sheet as it really comes: a title, a 填报单位 line, section headings, 已完成 rows. */
async function countyFile(): Promise<Uint8Array> {
  return xlsx({
    name: "Sheet1",
    rows: [
      [TITLE], ["填报单位：县督察整改办"], ITEM_HEADER,
      ["一、大气污染问题"], itemRow(1), itemRow(2, { 完成情况: "已完成" }),
      ["四、生态保护问题"], itemRow(3), itemRow(4, { 完成情况: "已完成" }),
      ["五、历史遗留问题"], itemRow(5),
    ],
    merges: ["A1:K1", "A2:K2", "A4:K4", "A7:K7", "A10:K10"],
  });
}

describe.each(DB_KINDS)("importing a ledger as a county writes it, on %s", (kind) => {
  const open = useLedger(kind);

  it("takes the source from the title row and the category from each section heading, and a heading it does not know ends the section", async () => {
    const ledger = await open();
    const r = await importFile(ledger, await countyFile(), "台账.xlsx", { source: undefined });
    expect(r.problems).toEqual([]);
    const items = await ledger.db.item.findMany({ orderBy: { code: "asc" }, select: { code: true, source: true, category: true, seq: true, sheetOrder: true } });
    expect(items).toEqual([
      { code: "中央-01", source: "central", category: "air", seq: "1", sheetOrder: 1 },
      { code: "中央-02", source: "central", category: "air", seq: "2", sheetOrder: 2 },
      { code: "中央-03", source: "central", category: "nature_reserve", seq: "3", sheetOrder: 3 },
      { code: "中央-04", source: "central", category: "nature_reserve", seq: "4", sheetOrder: 4 },
      { code: "中央-05", source: "central", category: "other", seq: "5", sheetOrder: 5 },
    ]);
  });

  it("signs off a row whose 完成情况 is 已完成, with a sign-off record naming the import and its file", async () => {
    const ledger = await open();
    await importFile(ledger, await countyFile(), "台账.xlsx", { source: undefined });
    const signed = await ledger.db.item.findMany({ where: { status: "signed_off" }, orderBy: { code: "asc" }, select: { code: true, signedOffAt: true, signedOffVia: true } });
    expect(signed).toEqual([
      { code: "中央-02", signedOffAt: NOW, signedOffVia: "import:台账.xlsx" },
      { code: "中央-04", signedOffAt: NOW, signedOffVia: "import:台账.xlsx" },
    ]);
    const events = await ledger.db.auditEvent.findMany({ where: { action: "item.signed_off" }, orderBy: { itemId: "asc" } });
    expect(events.map((e) => ({ actor: e.actor, at: e.at, detail: JSON.parse(e.detail) }))).toEqual([
      { actor: "import", at: NOW, detail: { file: "台账.xlsx", code: "中央-02", row: 6, via: "import", completionNote: "已完成" } },
      { actor: "import", at: NOW, detail: { file: "台账.xlsx", code: "中央-04", row: 9, via: "import", completionNote: "已完成" } },
    ]);
  });

  it("reads a CSV that Excel on Chinese Windows saved in GBK", async () => {
    const ledger = await open();
    const text = [ITEM_HEADER, itemRow(1), itemRow(2, { 完成情况: "已完成" })].map((r) => r.map((c) => String(c ?? "")).join(",")).join("\r\n");
    const r = await importFile(ledger, new Uint8Array(iconv.encode(text, "gbk")), "中央督察台账.csv", { source: undefined });
    expect(r.problems).toEqual([]);
    expect(r.items).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const first = await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-01" }, include: { leadUnit: true } });
    expect(first).toMatchObject({ problem: "第1项问题：河道垃圾清理不及时。", measures: "每日巡河保洁", leaderName: "王建国" });
    expect(first.leadUnit.name).toBe("县住建局");
  });

  it("files the shipped sample's ecological items under nature protection, not under the solid waste above them", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    const ecological = await ledger.db.item.findMany({ where: { code: { in: ["中央-15", "中央-16", "中央-17", "中央-18", "中央-19-1", "中央-19-2"] } }, select: { category: true } });
    expect(ecological.map((i) => i.category)).toEqual(Array(6).fill("nature_reserve"));
    expect((await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-14" } })).category).toBe("waste");
  });
});
