import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../../src/cli/run";
import { openLedger } from "../../src/ledger/db";
import { supplyHolidayYear } from "../../src/ledger/holidays";
import { createTestDatabase, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

async function status(now: string, lang = "zh-CN"): Promise<string> {
  let out = "";
  await runCli(["status"], {
    env: { DUBAN_LANG: lang, DATABASE_URL: database!.url, DUBAN_DATA_DIR: database!.dataDir },
    clock: { now: () => new Date(now) },
    stdout: (c) => void (out += typeof c === "string" ? c : new TextDecoder().decode(c)),
    stderr: () => undefined,
    tty: null,
  });
  return out;
}

describe("npm run cli -- status on the holiday calendar", () => {
  it("in December without next year's schedule, says it is missing and exactly how to supply it", async () => {
    database = await createTestDatabase("sqlite");
    const out = await status("2026-12-02T02:00:00Z");
    expect(out).toContain("节假日安排：2026年 已有（chinese-days 软件包）；2027年 缺失\n");
    expect(out).toContain("请尽快录入2027年节假日安排：");
    expect(out).toContain("/节假日 2027 休 <放假日期…> 班 <调休上班日期…>");
    expect(out).toContain('{"year": 2027, "holidays": ["2027-01-01", …], "workdays": ["2027-02-14", …]}');
    expect(await status("2026-12-02T02:00:00Z", "en")).toContain("Holiday schedules: 2026 known (chinese-days package); 2027 missing");
  });

  it("in November it only says 2027 is missing; once supplied in chat or as a file, it says where it came from and asks for nothing", async () => {
    database = await createTestDatabase("sqlite");
    const november = await status("2026-11-20T02:00:00Z");
    expect(november).toContain("2027年 缺失\n");
    expect(november).not.toContain("请尽快录入");

    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
    await supplyHolidayYear(ledger.session, { schedule: { year: 2027, holidays: ["2027-01-01"], workdays: [] }, via: { via: "chat" } }, { at: new Date(), actor: "system" });
    await ledger.close();
    const supplied = await status("2026-12-02T02:00:00Z");
    expect(supplied).toContain("2027年 已有（聊天中录入）\n");
    expect(supplied).not.toContain("请尽快录入");

    mkdirSync(join(database.dataDir, "calendar"), { recursive: true });
    writeFileSync(join(database.dataDir, "calendar", "2028.json"), JSON.stringify({ year: 2028, holidays: ["2028-01-03"], workdays: [] }));
    expect(await status("2027-06-01T02:00:00Z")).toContain("节假日安排：2027年 已有（聊天中录入）；2028年 已有（数据目录文件）\n");
  });
});
