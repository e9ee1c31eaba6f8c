import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { previewDigest } from "../../src/bot/commands/digest";
import { ledgerWhere } from "../../src/cli/ledger-where";
import { COMMANDS, runCli } from "../../src/cli/run";
import { loadConfig } from "../../src/config";
import { messagesFor } from "../../src/i18n/index";
import { createDispatcher } from "../../src/delivery/dispatcher";
import { openLedger } from "../../src/ledger/db";
import { queueMessage } from "../../src/ledger/outbox";
import { silentLogger } from "../../src/log";
import { createTestAdapter, PlatformError } from "../support/test-adapter";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

const SAMPLE = join(import.meta.dirname, "../../samples/sample-ledger.xlsx");
const NOW = new Date("2026-03-15T02:00:00Z");
const zh = messagesFor("zh-CN");

/** Runs the CLI in-process against a database and returns what it printed. */
async function cli(argv: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    env: { DUBAN_LANG: "zh-CN", ...env },
    clock: { now: () => NOW },
    stdout: (c) => void (out += typeof c === "string" ? c : new TextDecoder().decode(c)),
    stderr: (c) => void (err += c),
    tty: null,
  });
  return { code, out, err };
}

describe("the admin CLI's help and arguments", () => {
  it("answers --help on every command with that command's usage", async () => {
    for (const name of Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]) {
      expect(await cli([name, "--help"])).toEqual({ code: 0, out: zh.io.cli.help[name] + "\n", err: "" });
    }
    expect(await cli(["--help"])).toEqual({ code: 0, out: zh.io.cli.usage + "\n", err: "" });
  });

  it("speaks English when DUBAN_LANG says so", async () => {
    expect((await cli(["import", "--help"], { DUBAN_LANG: "en" })).out).toContain("Usage: npm run cli -- import");
  });

  it("says what is wrong with the arguments, points to --help and exits 2", async () => {
    const missing = await cli(["import"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^参数有误：.*\n运行 npm run cli -- import --help 查看用法\n$/);
    const unitless = await cli(["chats", "bind", "telegram", "-1001", "--purpose", "unit"]);
    expect(unitless).toMatchObject({ code: 2 });
    expect(unitless.err).toContain("--unit: --purpose unit needs --unit");
    expect(await cli(["frobnicate"])).toMatchObject({ code: 2, err: "没有“frobnicate”这个命令。运行 npm run cli -- --help 查看可用命令。\n" });
    expect((await cli(["import", "x.xlsx", "--source", "moon"])).code).toBe(2);
  });

  it("names the ledger it opens: the default file relative to where it runs, a server without its password", () => {
    expect(ledgerWhere(loadConfig({}), process.cwd())).toEqual({ where: "./data/duban.db", kind: "SQLite" });
    expect(ledgerWhere(loadConfig({ DUBAN_DATA_DIR: "/srv/duban" }), "/home/me")).toEqual({ where: "/srv/duban/duban.db", kind: "SQLite" });
    const pg = ledgerWhere(loadConfig({ DATABASE_URL: "postgresql://duban:secret@db.example:5432/duban" }));
    expect(pg).toEqual({ where: "db.example:5432/duban", kind: "PostgreSQL" });
    expect(zh.io.cli.ledgerWhere(ledgerWhere(loadConfig({}), process.cwd()))).toBe("台账：./data/duban.db（SQLite）");
  });
});

describe.each(DB_KINDS)("the admin CLI on %s", (kind) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });
  async function withDatabase() {
    database = await createTestDatabase(kind);
    const env = { DATABASE_URL: database.url, DUBAN_DATA_DIR: database.dataDir };
    const where = `${zh.io.cli.ledgerWhere(ledgerWhere(loadConfig(env)))}\n`;
    return { env, run: (...argv: string[]) => cli(argv, env), dir: database.dataDir, where };
  }

  it("migrates, imports, exports and imports its own export without a change, saying first which ledger", async () => {
    const { run, dir, where } = await withDatabase();
    expect((await run("migrate")).out).toMatch(/^已执行迁移：/);
    expect(await run("migrate")).toEqual({ code: 0, out: "数据库已是最新结构。\n", err: "" });
    const imported = await run("import", SAMPLE);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(`${where}整改任务：新增36项，更新0项，未变0项\n信访件：新增15件，更新0件，未变0件\n`);
    const file = join(dir, "导出.xlsx");
    expect(await run("export", file)).toEqual({ code: 0, out: `${where}已导出 36 项整改任务、15 件信访件到 ${file}\n`, err: "" });
    expect((await run("import", file)).out).toBe(`${where}整改任务：新增0项，更新0项，未变36项\n信访件：新增0件，更新0件，未变15件\n`);
    const json = await run("export", "-", "--format", "json");
    expect(JSON.parse(json.out).items).toHaveLength(36);
  });

  it("exports CSV to a .csv file, the items or with --cases the petition cases, owner-only, and the items import back unchanged", async () => {
    const { run, dir, where } = await withDatabase();
    await run("import", SAMPLE);
    const file = join(dir, "ledger.csv");
    expect(await run("export", file)).toEqual({ code: 0, out: `${where}已导出 36 项整改任务到 ${file}\n`, err: "" });
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("\uFEFF序号,编号,来源,批次,类别,反馈问题,")).toBe(true);
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(37);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await run("import", file)).out).toContain("整改任务：新增0项，更新0项，未变36项");

    const cases = join(dir, "cases.csv");
    expect((await run("export", cases, "--cases")).out).toBe(`${where}已导出 15 件信访件到 ${cases}\n`);
    expect(readFileSync(cases, "utf8").startsWith("\uFEFF序号,交办编号,批次,交办时间,反映问题,")).toBe(true);
  });

  it("lists the problems of a dry run, and with --skip-invalid writes the rejected rows beside the file", async () => {
    const { run, dir, where } = await withDatabase();
    const path = join(dir, "中央督察台账.csv");
    const rows = "序号,问题,责任单位,整改时限\n1,河道垃圾,县住建局,2026-06-30\n2,扬尘,县城管局,年底\n";
    await import("node:fs").then((fs) => fs.writeFileSync(path, rows));
    expect(await run("import", path, "--dry-run")).toEqual({
      code: 1,
      out: where + "试导入：以下为检查结果，未写入任何内容。\n整改任务：新增1项，更新0项，未变0项\n新建单位1个、人员0人\n发现1个问题：\n第3行 整改时限: 无法识别日期“年底”\n",
      err: "",
    });
    const skipped = await run("import", path, "--skip-invalid");
    expect(skipped.code).toBe(0);
    const rejected = join(dir, "中央督察台账.rejected.csv");
    expect(skipped.out).toContain(`1行有问题，已写入 ${rejected}`);
    expect(readFileSync(rejected, "utf8")).toBe("\uFEFF序号,问题,责任单位,整改时限,错误\r\n2,扬尘,县城管局,年底,整改时限: 无法识别日期“年底”\r\n");
  });

  it("takes the source in Chinese: --source 中央 numbers a plain 序号 as 中央-01", async () => {
    const { run, dir, env } = await withDatabase();
    const path = join(dir, "台账.csv");
    await import("node:fs").then((fs) => fs.writeFileSync(path, "序号,问题,责任单位,整改时限\n1,河道垃圾,县住建局,2026-06-30\n"));
    expect((await run("import", path)).out).toContain("来源");
    expect((await run("import", path, "--source", "中央")).out).toContain("整改任务：新增1项，更新0项，未变0项");
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: env.DATABASE_URL });
    try {
      expect(await ledger.db.item.findMany({ select: { code: true, source: true, seq: true } })).toEqual([{ code: "中央-01", source: "central", seq: "1" }]);
    } finally {
      await ledger.close();
    }
  });

  it("invites a person with a one-time bind code, finding their unit by its short name", async () => {
    const { run, env } = await withDatabase();
    await run("import", SAMPLE);
    const invited = await run("invite", "赵海", "--unit", "住建局", "--role", "责任人,unit_head");
    expect(invited.code).toBe(0);
    const [who, codeLine] = invited.out.split("\n");
    expect(who).toBe("已找到人员：赵海（县住房和城乡建设局，责任人、单位负责人）");
    const code = /绑定码：([A-Z2-9]{8})（2026-03-22 10:00 前有效，只能使用一次）/.exec(codeLine!)![1]!;
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: env.DATABASE_URL });
    try {
      const row = await ledger.db.bindCode.findUniqueOrThrow({ where: { code }, include: { person: true } });
      expect(row).toMatchObject({ usedAt: null, person: { name: "赵海", roles: "official,unit_head" } });
      expect(await ledger.db.auditEvent.count({ where: { actor: "cli", action: "bindcode.issued" } })).toBe(1);
    } finally {
      await ledger.close();
    }
    expect(await run("invite", "钱七", "--unit", "不存在局", "--role", "official")).toMatchObject({
      code: 1,
      err: "找不到单位“不存在局”。请检查名称，或先导入台账；如确需新建该单位，请加 --new-unit。\n",
    });
  });

  it("gives the very first coordinator a bind code on an empty ledger, creating their unit", async () => {
    const { run } = await withDatabase();
    const invited = await run("invite", "王主任", "--unit", "市生态环境局", "--role", "coordinator", "--new-unit");
    expect(invited.code).toBe(0);
    expect(invited.out).toMatch(/绑定码：[A-Z2-9]{8}/);
    expect((await run("invite", "李科长", "--unit", "生态环境局", "--role", "coordinator")).code).toBe(0);
  });

  it("binds chats, lists them, and previews a chat's digest as it would read at a given time", async () => {
    const { run, env } = await withDatabase();
    await run("import", SAMPLE);
    expect(await run("chats")).toEqual({ code: 0, out: "还没有绑定任何聊天群。\n", err: "" });
    expect((await run("chats", "bind", "telegram", "-1001", "--purpose", "leaders", "--title", "县领导群")).out).toBe("已绑定，聊天群编号 1，用途：领导群\n");
    await run("chats", "bind", "telegram", "-1002", "--purpose", "unit", "--unit", "青山镇", "--digest-time", "09:00");
    expect((await run("chats")).out).toBe(
      "1. [telegram] -1001 县领导群 — 领导群，简报 08:30\n2. [telegram] -1002  — 单位工作群（青山镇人民政府），简报 09:00\n",
    );
    const preview = await run("digest", "--chat", "1", "--at", "2026-03-16T08:30", "--preview");
    expect(preview.code).toBe(0);
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: env.DATABASE_URL });
    try {
      const expected = await previewDigest(ledger, loadConfig({ ...env, DUBAN_LANG: "zh-CN" }), 1, new Date("2026-03-16T00:30:00Z"));
      expect(preview.out).toBe(expected + "\n");
    } finally {
      await ledger.close();
    }
    expect(await run("digest", "--chat", "9", "--preview")).toMatchObject({ code: 1, err: "没有编号为 9 的聊天群。运行 chats 查看列表。\n" });
  });

  it("shows items by status and light, cases by status, and the delivery queue", async () => {
    const { run } = await withDatabase();
    await run("import", SAMPLE);
    const status = await run("status");
    expect(status.code).toBe(0);
    const lines = status.out.trim().split("\n");
    expect(lines[0]).toBe("整改任务共 36 项");
    expect(lines[1]).toMatch(/^按状态：未开始 \d+，整改中 \d+，待销号 0，已销号 8，已重新打开 0$/);
    expect(lines[3]).toBe("信访件共 15 件：已交办 4，办理中 4，已办结 5，已公开 2");
    expect(lines[4]).toBe("发送队列：待发 0，发送中 0，失败 0");
    expect(existsSync(SAMPLE)).toBe(true);
  });

  it("shows a message the platform refused, with the platform's error, and what still waits", async () => {
    const { run, env } = await withDatabase();
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: env.DATABASE_URL });
    try {
      const message = { blocks: [{ type: "text" as const, text: "请报送进展" }] };
      await queueMessage(ledger.session, { key: "notice:kicked", to: { platform: "test", chatId: "g-gone", direct: false }, message }, NOW);
      await queueMessage(ledger.session, { key: "notice:later", to: { platform: "test", chatId: "g1", direct: false }, message, notBefore: new Date(NOW.getTime() + 60_000) }, NOW);
      const adapter = createTestAdapter();
      adapter.failNext(1, new PlatformError(403));
      await createDispatcher({ ledger, adapters: [adapter], clock: { now: () => NOW }, log: silentLogger }).runOnce();
    } finally {
      await ledger.close();
    }
    const status = await run("status");
    expect(status.code).toBe(0);
    const lines = status.out.trim().split("\n");
    expect(lines[4]).toBe("发送队列：待发 1，发送中 0，失败 1");
    expect(lines[5]).toMatch(/^  发送失败 #\d+ \[test\] g-gone notice:kicked：HTTP 403$/);
  });
});
