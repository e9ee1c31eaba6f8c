import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { DB_KINDS } from "../support/databases";
import { DEFAULT_THRESHOLDS } from "../../src/core/lights";
import { gcjToWgs } from "../../src/core/geo";
import { exportLedger } from "../../src/io/export";
import { describeProblem } from "../../src/io/problems";
import { messagesFor } from "../../src/i18n/index";
import type { Ledger } from "../../src/ledger/db";
import { ITEM_HEADER, NOW, importFile, itemRow, ledgerCounts, useLedger, xlsx } from "./helpers";
import { buildPerson, buildReport } from "../support/ledger-builders";

const zh = messagesFor("zh-CN").io;
const en = messagesFor("en").io;

const withColumns = (headers: string[], ...cells: unknown[][]) =>
  xlsx({ name: "中央督察问题", rows: [[...ITEM_HEADER, ...headers], ...cells.map((c, n) => [...itemRow(n + 1), ...c])] });

const itemOne = (ledger: Ledger) => ledger.db.item.findUniqueOrThrow({ where: { code: "中央-01" } });

describe.each(DB_KINDS)("an item's coordinates in the imported ledger, on %s", (kind) => {
  const open = useLedger(kind);

  it("a 经纬度 column written longitude first is stored as WGS-84, converted from the map's GCJ-02", async () => {
    const ledger = await open();
    const r = await importFile(ledger, await withColumns(["经纬度"], ["119.65,29.08"]), "a.xlsx");
    expect(r.problems).toEqual([]);
    const item = await itemOne(ledger);
    const wgs = gcjToWgs({ lon: 119.65, lat: 29.08 });
    expect(item.lon).toBeCloseTo(wgs.lon, 9);
    expect(item.lat).toBeCloseTo(wgs.lat, 9);
    // The map's datum is a few hundred metres off: the conversion did something.
    expect(Math.abs(item.lon! - 119.65)).toBeGreaterThan(0.001);
  });

  it("latitude written first, a Chinese comma, 、 or a space all give the same place", async () => {
    const ledger = await open();
    const texts = ["29.08,119.65", "119.65，29.08", "119.65、29.08", "119.65 29.08"];
    await importFile(ledger, await withColumns(["坐标"], ...texts.map((t) => [t])), "a.xlsx");
    const items = await ledger.db.item.findMany({ orderBy: { code: "asc" }, select: { lat: true, lon: true } });
    expect(items).toHaveLength(4);
    for (const i of items) expect(i).toEqual(items[0]);
    expect(items[0]!.lat).toBeCloseTo(gcjToWgs({ lon: 119.65, lat: 29.08 }).lat, 9);
  });

  it("separate 经度 and 纬度 columns are read as one place", async () => {
    const ledger = await open();
    await importFile(ledger, await withColumns(["经度", "纬度"], [119.65, 29.08]), "a.xlsx");
    expect(await itemOne(ledger)).toMatchObject({ lon: expect.closeTo(gcjToWgs({ lon: 119.65, lat: 29.08 }).lon, 9) });
  });

  it("a coordinate that is not two numbers on the earth refuses the row in the reader's language, and nothing is written", async () => {
    const ledger = await open();
    const before = await ledgerCounts(ledger);
    const r = await importFile(ledger, await withColumns(["经纬度"], ["119.65,29.08"], ["东经119度"], ["119.65,95"]), "a.xlsx");
    expect(r.written).toBe(false);
    expect(r.problems.map((p) => `${p.row} ${p.column} ${p.code}`)).toEqual(["3 经纬度 badCoordinates", "4 经纬度 badCoordinates"]);
    expect(describeProblem(r.problems[0]!, zh, false)).toBe("第3行 经纬度: 无法识别坐标“东经119度”：请写“经度,纬度”两个数，如“119.65,29.08”（经度不超过180，纬度不超过90）");
    expect(describeProblem(r.problems[1]!, en, false)).toContain('cannot read the coordinates "119.65,95"');
    expect(await ledgerCounts(ledger)).toEqual(before);
  });

  it("a bad 纬度 beside a good 经度 names the 纬度 column", async () => {
    const ledger = await open();
    const r = await importFile(ledger, await withColumns(["经度", "纬度"], [119.65, "北纬29"]), "a.xlsx");
    expect(r.problems.map((p) => `${p.row} ${p.column} ${p.code} ${p.text}`)).toEqual(["2 纬度 badCoordinates 119.65,北纬29"]);
  });

  it("moved coordinates are an audited update; the same ones again change nothing", async () => {
    const ledger = await open();
    await importFile(ledger, await withColumns(["经纬度"], ["119.65,29.08"]), "a.xlsx");
    const again = await importFile(ledger, await withColumns(["经纬度"], ["119.65,29.08"]), "a.xlsx");
    expect(again.items).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const moved = await importFile(ledger, await withColumns(["经纬度"], ["119.66,29.09"]), "a.xlsx");
    expect(moved.items).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const event = await ledger.db.auditEvent.findFirstOrThrow({ where: { action: "item.updated" } });
    const detail = JSON.parse(event.detail);
    expect(Object.keys(detail.after).sort()).toEqual(["lat", "lon"]);
    expect(detail.after.lon).toBeCloseTo(gcjToWgs({ lon: 119.66, lat: 29.09 }).lon, 9);
    expect(detail.before.lon).toBeCloseTo(gcjToWgs({ lon: 119.65, lat: 29.08 }).lon, 9);
  });

  it("coordinates that move away from a photo's position flag it as taken far from the place, and moving them back clears it", async () => {
    const ledger = await open();
    await importFile(ledger, await withColumns(["经纬度"], ["119.65,29.08"]), "a.xlsx");
    const item = await itemOne(ledger);
    const official = await buildPerson(ledger.db, { name: "张三" });
    // Taken at the item's place (a few metres off), and once flagged for an earlier reason of its own.
    const report = await buildReport(ledger.db, { itemId: item.id, reporterId: official.id, at: NOW, photos: [{ flags: "old" }] });
    await ledger.db.photo.updateMany({ where: { reportId: report.id }, data: { lat: item.lat! + 0.0001, lon: item.lon!, placeMeters: 11 } });
    const photo = () => ledger.db.photo.findFirstOrThrow({ where: { reportId: report.id }, select: { flags: true, placeMeters: true } });

    // 经度 0.05° east: about 4.9 km at this latitude.
    await importFile(ledger, await withColumns(["经纬度"], ["119.70,29.08"]), "a.xlsx");
    const far = await photo();
    expect(far.flags.split(",")).toEqual(["old", "far_from_place"]);
    expect(far.placeMeters).toBeGreaterThan(4_500);
    expect(far.placeMeters).toBeLessThan(5_500);

    await importFile(ledger, await withColumns(["经纬度"], ["119.65,29.08"]), "a.xlsx");
    expect(await photo()).toEqual({ flags: "old", placeMeters: 11 });
  });

  it("the export writes the sheet's own GCJ-02 numbers back, and imports back without a change", async () => {
    const ledger = await open();
    await importFile(ledger, await withColumns(["经纬度"], ["119.65,29.08"], ["120.123456,30.654321"], [""]), "a.xlsx");
    const file = await exportLedger(ledger, { format: "xlsx", now: NOW, tz: "Asia/Shanghai", thresholds: DEFAULT_THRESHOLDS });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    const column = header.indexOf("经纬度") + 1;
    const written = [3, 4, 5].map((n) => ws.getRow(n).getCell(column).value ?? "");
    const pairs = written.slice(0, 2).map((w) => String(w).split(",").map(Number));
    expect(pairs[0]![0]).toBeCloseTo(119.65, 5);
    expect(pairs[0]![1]).toBeCloseTo(29.08, 5);
    expect(pairs[1]![0]).toBeCloseTo(120.123456, 5);
    expect(pairs[1]![1]).toBeCloseTo(30.654321, 5);
    expect(written[2]).toBe("");
    const back = await importFile(ledger, file.bytes, file.fileName);
    expect(back.problems).toEqual([]);
    expect(back.items).toEqual({ created: 0, updated: 0, unchanged: 3 });
  });
});
