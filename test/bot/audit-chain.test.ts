import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run";
import { digestMessage } from "../../src/digest/send";
import { plainText } from "../../src/core/chat";
import { sealAll } from "../../src/ledger/audit-chain";
import { startTestDuban, type TestDuban } from "../support/harness";
import { DB_KINDS, TEST_SECRET } from "../support/databases";
import { jpeg } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function auditVerify(t: TestDuban): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(["audit", "verify"], {
    env: { DATABASE_URL: t.database.url, DUBAN_DATA_DIR: t.database.dataDir, DUBAN_SECRET: TEST_SECRET, DUBAN_LANG: "zh-CN" },
    stdout: (c) => void (out += String(c)),
    stderr: (c) => void (err += c),
    tty: null,
  });
  return { code, out, err };
}

describe.each(DB_KINDS)("the audit history behind the chat, on %s", (db) => {
  it("eight reports in flight at once and two sealers racing leave one sound chain, and the digest ends with its head", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    const photos = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => jpeg({ seed: 40 + seed })));
    await Promise.all(photos.map((photo, i) => t!.say("zhang", `#中央-07-2 清淤第${i + 1}段完成`, { photos: [photo] })));
    await Promise.all([sealAll(t.ledger), sealAll(t.ledger)]);
    const events = await t.ledger.db.auditEvent.count();
    expect(await t.ledger.db.auditEvent.count({ where: { action: "report.created" } })).toBe(8);

    const verified = await auditVerify(t);
    expect(verified.err).toBe("");
    expect(verified.code).toBe(0);
    const head = (await t.ledger.db.auditEvent.findUnique({ where: { chainSeq: events } }))!;
    expect(verified.out).toContain(`审计链完好：共 ${events} 条，链头 第 ${events} 条 · ${head.hash!.slice(0, 8)}`);

    const digest = plainText(await digestMessage(t.ledger, t.config, { lang: null }, t.clock.now()));
    expect(digest.split("\n").at(-1)).toBe(`审计链 第 ${events} 条 · ${head.hash!.slice(0, 8)}`);
  });

  it("a report's audit event edited in the database afterwards is named by `audit verify`, which exits non-zero", async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await t.say("zhang", "#中央-07-2 清淤完成60%", { photos: [await jpeg({ seed: 60 })] });
    await t.say("zhang", "#中央-07-2 清淤完成80%");
    await sealAll(t.ledger);
    const first = (await t.ledger.db.auditEvent.findFirst({ where: { action: "report.created" }, orderBy: { id: "asc" } }))!;
    await t.ledger.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actor" = '李四' WHERE "id" = ${first.id}`);
    const verified = await auditVerify(t);
    expect(verified.code).toBe(1);
    expect(verified.err).toContain(`第 ${first.chainSeq} 条（记录 #${first.id}，2026-11-25 10:00，report.created）被改动过`);
    expect(verified.err).toContain("审计链有 1 处问题");
  });
});
