import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    expect(JSON.parse(data)).toBeTruthy();
    expect(data).not.toContain(t.county.petitionerName);
  });
});
