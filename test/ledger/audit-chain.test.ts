import { afterEach, describe, expect, it } from "vitest";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { writeAudit } from "../../src/ledger/audit";
import { chainHash } from "../../src/ledger/audit-mark";
import { sealAll, verifyAuditChain } from "../../src/ledger/audit-chain";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

let database: TestDatabase | undefined;
let ledger: Ledger | undefined;
afterEach(async () => {
  await ledger?.close();
  await database?.drop();
  ledger = database = undefined;
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 2, minute));

async function open(kind: (typeof DB_KINDS)[number]): Promise<Ledger> {
  database = await createTestDatabase(kind);
  ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
  return ledger;
}

async function writeEvents(l: Ledger, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) {
    await l.tx((s) => writeAudit(s, { at: at(i), actor: "张三", actorId: null, action: "item.chased", itemId: null, detail: { request: `第${i}次催办` } }));
  }
}

const rowAt = async (l: Ledger, seq: number) => (await l.db.auditEvent.findUnique({ where: { chainSeq: seq } }))!;

describe.each(DB_KINDS)("the audit chain, on %s", (kind) => {
  it("seals every event in order, and a clean chain verifies with its count and head", async () => {
    const l = await open(kind);
    await writeEvents(l, 5);
    expect((await sealAll(l))?.sealed).toBe(5);
    const report = await verifyAuditChain(l.session);
    expect(report.problems).toEqual([]);
    expect(report.count).toBe(5);
    const head = await rowAt(l, 5);
    expect(report.head).toEqual({ seq: 5, hash: head.hash });
    // A second seal finds nothing to do and leaves the chain as it was.
    expect((await sealAll(l))?.sealed ?? 0).toBe(0);
    expect((await verifyAuditChain(l.session)).head).toEqual(report.head);
  });

  it("an edited row is found at its chain position, with its id, time and action", async () => {
    const l = await open(kind);
    await writeEvents(l, 5);
    await sealAll(l);
    const third = await rowAt(l, 3);
    await l.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "detail" = '{"request":"从未催办"}' WHERE "id" = ${third.id}`);
    const report = await verifyAuditChain(l.session);
    expect(report.problems).toEqual([{ kind: "edited", seq: 3, id: third.id, at: third.at, action: "item.chased" }]);
  });

  it("an edited row whose hash was recomputed without the key is found by its mark", async () => {
    const l = await open(kind);
    await writeEvents(l, 4);
    await sealAll(l);
    const last = await rowAt(l, 4);
    const detail = '{"request":"从未催办"}';
    const hash = chainHash(last.prevHash!, 4, last.id, last.mark, { ...last, detail });
    await l.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "detail" = '${detail}', "hash" = '${hash}' WHERE "id" = ${last.id}`);
    expect((await verifyAuditChain(l.session)).problems).toEqual([{ kind: "forged", seq: 4, id: last.id, at: last.at, action: "item.chased" }]);
  });

  it("a deleted row leaves a gap, named by the positions either side", async () => {
    const l = await open(kind);
    await writeEvents(l, 6);
    await sealAll(l);
    await l.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "chainSeq" = 4`);
    const report = await verifyAuditChain(l.session);
    expect(report.problems).toEqual([{ kind: "missing", after: 3, before: 5 }]);
    expect(report.count).toBe(5);
  });

  it("a row inserted by SQL is never sealed, is reported once by the sealer, and verify names it", async () => {
    const l = await open(kind);
    await writeEvents(l, 3);
    await sealAll(l);
    await l.db.$executeRawUnsafe(
      `INSERT INTO "AuditEvent" ("at", "actor", "action", "detail") VALUES ('2026-11-25 02:10:00', 'cli', 'item.signed_off', '{}')`,
    );
    const inserted = (await l.db.auditEvent.findFirst({ where: { action: "item.signed_off" } }))!;
    const sealed = await sealAll(l);
    expect(sealed?.rejected).toEqual([{ id: inserted.id, at: inserted.at, action: "item.signed_off" }]);
    expect((await sealAll(l))?.rejected ?? []).toEqual([]);
    await writeEvents(l, 1, 3);
    await sealAll(l);
    const report = await verifyAuditChain(l.session);
    expect(report.count).toBe(4);
    expect(report.problems).toEqual([{ kind: "unsealed", mark: "missing", id: inserted.id, at: inserted.at, action: "item.signed_off" }]);
  });

  it("a row inserted into the chain itself, with a position and a hash that follow, is found by its mark", async () => {
    const l = await open(kind);
    await writeEvents(l, 2);
    await sealAll(l);
    const head = await rowAt(l, 2);
    const fake = { at: at(30), actorId: null, actor: "cli", action: "item.signed_off", itemId: null, caseId: null, source: null, detail: "{}" };
    const id = head.id + 100;
    const hash = chainHash(head.hash!, 3, id, "made.up", fake);
    await l.db.auditEvent.create({ data: { ...fake, id, mark: "made.up", chainSeq: 3, prevHash: head.hash, hash } });
    expect((await verifyAuditChain(l.session)).problems).toEqual([{ kind: "forged", seq: 3, id, at: fake.at, action: "item.signed_off" }]);
  });

  it("rows from before the chain, without marks, are chained by the first seal", async () => {
    const l = await open(kind);
    for (const m of [1, 2]) {
      await l.db.$executeRawUnsafe(`INSERT INTO "AuditEvent" ("at", "actor", "action", "detail") VALUES ('2026-11-25 02:0${m}:00', 'import', 'item.imported', '{}')`);
    }
    // As the migration records them when it finds them there.
    await l.db.$executeRawUnsafe(`UPDATE "AuditChainStart" SET "legacyMaxId" = (SELECT MAX("id") FROM "AuditEvent"), "legacyCount" = 2`);
    await writeEvents(l, 2);
    expect((await sealAll(l))?.sealed).toBe(4);
    const report = await verifyAuditChain(l.session);
    expect(report).toMatchObject({ count: 4, problems: [] });
  });

  it("many writers and two sealers at once give one contiguous, valid chain", async () => {
    const l = await open(kind);
    const write = (i: number) =>
      l.grouped((s) => writeAudit(s, { at: at(i % 60), actor: "李四", actorId: null, action: "item.instructed", itemId: null, detail: { text: `批示${i}` } }));
    const writers = Array.from({ length: 40 }, (_, i) => write(i));
    const sealers = Array.from({ length: 6 }, () => sealAll(l).catch(() => null));
    await Promise.all([...writers, ...sealers]);
    await Promise.all([sealAll(l), sealAll(l)]);
    await sealAll(l);
    const report = await verifyAuditChain(l.session);
    expect(report.problems).toEqual([]);
    expect(report.count).toBe(40);
  });
});
