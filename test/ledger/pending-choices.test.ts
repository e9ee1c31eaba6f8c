import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { CHOICE_TTL_MS, keepChoice, takeChoice } from "../../src/ledger/pending-choices";
import { createTestDatabase, DB_KINDS, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

describe.each(DB_KINDS)("a question's buttons kept on %s", (kind) => {
  let database: TestDatabase;
  let ledger: Ledger;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
  });
  afterAll(async () => {
    await ledger.close();
    await database.drop();
  });

  const now = new Date("2026-12-02T02:00:00Z");
  const ask = () => ledger.tx((s) => keepChoice(s, ["/chase 县水利局 请本周内报送 2026-12-31", "/chase 县住房和城乡建设局 请本周内报送 2026-12-31"], now));
  const answer = (token: string, index: number, at = now) => ledger.tx((s) => takeChoice(s, token, index, at));

  it("gives a short token, and the pressed button's whole command once; the question's other buttons then stop working", async () => {
    const token = await ask();
    expect(token).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(await answer(token, 1)).toBe("/chase 县住房和城乡建设局 请本周内报送 2026-12-31");
    expect(await answer(token, 0)).toBeNull();
  });

  it("an index the question has no button for leaves the question open", async () => {
    const token = await ask();
    expect(await answer(token, 5)).toBeNull();
    expect(await answer(token, 0)).toBe("/chase 县水利局 请本周内报送 2026-12-31");
  });

  it("expires unanswered, and expired questions are dropped as new ones are asked", async () => {
    const token = await ask();
    const later = new Date(now.getTime() + CHOICE_TTL_MS + 1);
    expect(await answer(token, 0, later)).toBeNull();
    const old = await ask();
    await ledger.tx((s) => keepChoice(s, ["/status 中央-03"], later));
    expect(await ledger.db.pendingChoice.findUnique({ where: { token: old } })).toBeNull();
  });
});
