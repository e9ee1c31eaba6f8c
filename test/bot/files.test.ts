import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { readFileSync, existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban();
  await t.bindAs("test", "zhang", "official");
  await t.bindAs("test", "wang", "coordinator");
});
afterAll(() => t.close());

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const sample = () => new Uint8Array(readFileSync(join(import.meta.dirname, "../../samples/sample-ledger.xlsx")));

describe("ledger files through the chat", () => {
  it("a coordinator imports the county's Excel ledger with /导入 and is told what changed", async () => {
    const before = await t.ledger.db.item.count();
    await t.say("wang", "/导入", { files: [{ bytes: sample(), name: "整改台账.xlsx", mime: XLSX }] });
    const text = (await t.replies()).join("\n");
    expect(text).toContain("导入 整改台账.xlsx");
    expect(await t.ledger.db.item.count()).toBeGreaterThan(before + 20);
    expect(await t.ledger.db.photo.count()).toBe(0);
  });

  it("importing the same file again changes nothing", async () => {
    const audits = await t.ledger.db.auditEvent.count();
    await t.say("wang", "/import", { files: [{ bytes: sample(), name: "整改台账.xlsx", mime: XLSX }] });
    await t.replies();
    expect(await t.ledger.db.auditEvent.count()).toBe(audits);
  });

  it("/导入 without a file says how to send one", async () => {
    await t.say("wang", "/导入");
    expect((await t.replies()).join()).toContain("作为文件发送");
  });

  it("an official may not import", async () => {
    await t.say("zhang", "/导入", { files: [{ bytes: sample(), name: "x.xlsx", mime: XLSX }] });
    expect((await t.replies()).join()).toContain("只有督察整改办");
  });

  it("/导出 sends the ledger as a file without the petitioner", async () => {
    await t.say("wang", "/导出");
    await t.replies();
    const sent = t.chat.sent.at(-1)!;
    expect(sent.text).toContain("整改台账已导出");
    const file = sent.msg.files![0]!;
    expect(existsSync(file.path)).toBe(true);
    expect(file.name).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file.path) as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(cell.text))));
    const text = cells.join("\n");
    // The case is exported; the person who petitioned about it is not.
    expect(text).toContain(t.county.caseNo);
    const petitioner = await t.ledger.db.petitioner.findFirstOrThrow({ where: { case: { caseNo: t.county.caseNo } } });
    expect([petitioner.name, petitioner.contact]).toEqual([t.county.petitionerName, "13800001111"]);
    expect(text).not.toContain(petitioner.name);
    expect(text).not.toContain(petitioner.contact);
  });

  it("the exported file on the server and its folder are the owner's only, like the ledger", async () => {
    await t.say("wang", "/导出");
    await t.replies();
    const file = t.chat.sent.at(-1)!.msg.files![0]!;
    expect([statSync(dirname(file.path)).mode & 0o777, statSync(file.path).mode & 0o777]).toEqual([0o700, 0o600]);
  });

  it("/export json gives machines the same ledger", async () => {
    await t.say("wang", "/export json");
    await t.replies();
    const file = t.chat.sent.at(-1)!.msg.files![0]!;
    const data = readFileSync(file.path, "utf8");
    const doc = JSON.parse(data) as { items: { code: string; status: string; leadUnit: string }[]; cases: { caseNo: string }[] };
    const items = await t.ledger.db.item.findMany({ select: { code: true, status: true, leadUnit: { select: { name: true } } } });
    // The county's four items and the imported file's: the export holds every one, as the ledger has it.
    expect(items.length).toBeGreaterThan(20);
    expect(doc.items.map((i) => [i.code, i.status, i.leadUnit]).sort()).toEqual(items.map((i) => [i.code, i.status, i.leadUnit.name]).sort());
    expect(doc.items.map((i) => i.code)).toContain(t.county.items.dredging);
    expect(doc.cases.map((c) => c.caseNo)).toContain(t.county.caseNo);
    expect(data).not.toContain(t.county.petitionerName);
    expect(data).not.toContain("13800001111");
  });
});
