import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DB_KINDS } from "../support/databases";
import { describeImport } from "../../src/io/summary";
import { messagesFor } from "../../src/i18n/index";
import { ITEM_HEADER, importFile, itemRow, ledgerCounts, useLedger, xlsx } from "./helpers";

const SAMPLE = readFileSync(join(import.meta.dirname, "../../samples/sample-ledger.xlsx"));
const zh = messagesFor("zh-CN");

describe.each(DB_KINDS)("importing a ledger on %s", (kind) => {
  const open = useLedger(kind);

  it("imports the sample ledger: items from three sheets, petition cases, units matched by their short names", async () => {
    const ledger = await open();
    const r = await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    expect(r.problems).toEqual([]);
    expect(r.items).toEqual({ created: 36, updated: 0, unchanged: 0 });
    expect(r.cases).toEqual({ created: 15, updated: 0, unchanged: 0 });

    const first = await ledger.db.item.findUniqueOrThrow({
      where: { code: "中央-01" },
      include: { leadUnit: true, cooperating: { include: { unit: true } } },
    });
    expect(first.leadUnit.name).toBe("县住房和城乡建设局");
    expect(first.cooperating.map((c) => c.unit.name).sort()).toEqual(["县财政局", "城关镇人民政府"].sort());
    expect(first).toMatchObject({ source: "central", deadline: "2026-06-30", originalDeadline: "2026-06-30", personName: "赵海", status: "in_progress", category: "water" });
    const zhao = await ledger.db.person.findUniqueOrThrow({ where: { id: first.personId! } });
    expect(zhao.phone).toBe("13900000101");

    // The leader's name is written once, merged down the section; every item has it.
    const sixth = await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-06" } });
    expect(sixth).toMatchObject({ leaderName: "王建国", longTerm: true, deadline: null });
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07" } })).toMatchObject({ category: "air", leaderName: "李明华" });
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-19-2" } })).toMatchObject({ deadline: "2026-06-30" });
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "省-03" } })).toMatchObject({ source: "provincial", status: "signed_off" });
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "风险-危废-001" } })).toMatchObject({ source: "risk", category: "waste" });

    const repeat = await ledger.db.petitionCase.findUniqueOrThrow({ where: { caseNo: "D990000202511080006" }, include: { petitioner: true } });
    expect(repeat).toMatchObject({ repeats: "D990000202511030003", status: "in_progress", finding: "true", ownerLeader: "王建国" });
    expect(repeat.petitioner).toMatchObject({ name: "蒋某", contact: "13900001009" });
  });

  it("changes nothing when the same file is imported again", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    const before = await ledgerCounts(ledger);
    const again = await importFile(ledger, SAMPLE, "sample-ledger.xlsx");
    expect(again.items).toEqual({ created: 0, updated: 0, unchanged: 36 });
    expect(again.cases).toEqual({ created: 0, updated: 0, unchanged: 15 });
    expect(await ledgerCounts(ledger)).toEqual(before);
  });

  it("records every created record in the audit history, attributed to the import and never naming a petitioner", async () => {
    const ledger = await open();
    await importFile(ledger, SAMPLE, "sample-ledger.xlsx", { actorId: null, auditSource: "telegram:991" });
    const events = await ledger.db.auditEvent.findMany();
    const count = (action: string) => events.filter((e) => e.action === action).length;
    expect(count("item.created")).toBe(36);
    expect(count("case.created")).toBe(15);
    expect(count("unit.created")).toBe(await ledger.db.unit.count());
    expect(count("person.created")).toBe(await ledger.db.person.count());
    expect(new Set(events.map((e) => `${e.actor} ${e.source}`))).toEqual(new Set(["import telegram:991"]));
    const all = events.map((e) => e.detail).join("\n");
    expect(all).not.toContain("蒋某");
    expect(all).not.toContain("13900001009");
  });

  it("updates an item by its code when the file changes, recording what it was before", async () => {
    const ledger = await open();
    const rows = [ITEM_HEADER, itemRow(1), itemRow(2)];
    await importFile(ledger, await xlsx({ name: "中央督察问题", rows }), "a.xlsx");
    const changed = [ITEM_HEADER, itemRow(1, { 整改时限: "2026年9月底前", 整改措施: "每日巡河保洁，每周通报" }), itemRow(2)];
    const r = await importFile(ledger, await xlsx({ name: "中央督察问题", rows: changed }), "a.xlsx");
    expect(r.items).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const item = await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-01" } });
    expect(item).toMatchObject({ deadline: "2026-09-30", originalDeadline: "2026-09-30", measures: "每日巡河保洁，每周通报" });
    const event = await ledger.db.auditEvent.findFirstOrThrow({ where: { action: "item.updated", itemId: item.id } });
    expect(JSON.parse(event.detail)).toMatchObject({
      code: "中央-01",
      before: { originalDeadline: "2026-06-30", measures: "每日巡河保洁" },
      after: { originalDeadline: "2026-09-30", measures: "每日巡河保洁，每周通报" },
    });
  });

  it("keeps the 地点 column as the item's place, and a changed place is an update", async () => {
    const ledger = await open();
    const header = [...ITEM_HEADER, "地点"];
    const row = (place: string) => [...itemRow(1), place];
    await importFile(ledger, await xlsx({ name: "中央督察问题", rows: [header, row("青龙镇石门村河段")] }), "a.xlsx");
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-01" } })).toMatchObject({ place: "青龙镇石门村河段" });
    const r = await importFile(ledger, await xlsx({ name: "中央督察问题", rows: [header, row("青龙镇石门村下游")] }), "a.xlsx");
    expect(r.items).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const event = await ledger.db.auditEvent.findFirstOrThrow({ where: { action: "item.updated" } });
    expect(JSON.parse(event.detail)).toMatchObject({ before: { place: "青龙镇石门村河段" }, after: { place: "青龙镇石门村下游" } });
  });

  it("moves only the plan's deadline of an item whose deadline was extended", async () => {
    const ledger = await open();
    await importFile(ledger, await xlsx({ name: "中央督察问题", rows: [ITEM_HEADER, itemRow(1)] }), "a.xlsx");
    await ledger.db.item.update({ where: { code: "中央-01" }, data: { deadline: "2026-08-31" } });
    await importFile(ledger, await xlsx({ name: "中央督察问题", rows: [ITEM_HEADER, itemRow(1, { 整改时限: "2026-07-31" })] }), "a.xlsx");
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-01" } })).toMatchObject({ originalDeadline: "2026-07-31", deadline: "2026-08-31" });
  });

  it("leaves an item's status to the bot once it exists", async () => {
    const ledger = await open();
    await importFile(ledger, await xlsx({ name: "中央督察问题", rows: [ITEM_HEADER, itemRow(1)] }), "a.xlsx");
    await ledger.db.item.update({ where: { code: "中央-01" }, data: { status: "awaiting_signoff" } });
    const r = await importFile(ledger, await xlsx({ name: "中央督察问题", rows: [ITEM_HEADER, itemRow(1, { 完成情况: "已完成" })] }), "a.xlsx");
    expect(r.items.updated).toBe(1);
    expect(await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-01" } })).toMatchObject({ status: "awaiting_signoff", completionNote: "已完成" });
  });

  it("reports in a dry run what an import would do, and writes nothing", async () => {
    const ledger = await open();
    const before = await ledgerCounts(ledger);
    const r = await importFile(ledger, SAMPLE, "sample-ledger.xlsx", { dryRun: true });
    expect(r).toMatchObject({ dryRun: true, written: false, problems: [] });
    expect(r.items.created).toBe(36);
    expect(describeImport(r, zh)).toEqual([
      "试导入：以下为检查结果，未写入任何内容。",
      "整改任务：新增36项，更新0项，未变0项",
      "信访件：新增15件，更新0件，未变0件",
      `新建单位${r.created.units}个、人员${r.created.people}人`,
    ]);
    expect(await ledgerCounts(ledger)).toEqual(before);
  });

  it("with skip-invalid imports the valid rows and hands back the others with what is wrong with them", async () => {
    const ledger = await open();
    const rows = [ITEM_HEADER, itemRow(1), itemRow(2, { 整改时限: "年底" }), itemRow(3, { 责任单位: null })];
    const r = await importFile(ledger, await xlsx({ name: "中央督察问题", rows }), "县台账.xlsx", { skipInvalid: true });
    expect(r.written).toBe(true);
    expect(r.items.created).toBe(1);
    expect(r.rejected).toMatchObject({ fileName: "县台账.rejected.xlsx", rows: 2 });

    const again = await importFile(ledger, r.rejected!.bytes, r.rejected!.fileName, { dryRun: true });
    expect(again.problems.map((p) => `${p.row} ${p.column} ${p.code}`)).toEqual(["2 整改时限 badDate", "3 责任单位 required"]);
    expect(again.notes).toEqual([]);
  });

  it("matches units written differently to one unit, and people by name within their unit", async () => {
    const ledger = await open();
    const rows = [
      ITEM_HEADER,
      itemRow(1, { 责任单位: "县住建局", 责任人: "赵海" }),
      itemRow(2, { 责任单位: "住建局", 责任人: "赵海" }),
      itemRow(3, { 责任单位: "县 住建局", 责任人: "赵海" }),
      itemRow(4, { 责任单位: "县城管局", 责任人: "赵海", 配合单位: "" }),
    ];
    await importFile(ledger, await xlsx({ name: "中央督察问题", rows }), "a.xlsx");
    expect((await ledger.db.unit.findMany()).map((u) => u.name).sort()).toEqual(["县住建局", "县城管局"].sort());
    expect(await ledger.db.person.count({ where: { name: "赵海" } })).toBe(2);
  });
});
