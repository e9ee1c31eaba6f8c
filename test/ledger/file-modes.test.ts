/**
 * The ledger holds petitioners' identities and officials' evidence: its files are the
 * owner's alone (directories 0700, files 0600), whatever the umask.
 */
import { TEST_AUDIT_KEY } from "../support/databases";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../src/ledger/db";
import { storeEvidence } from "../../src/ledger/evidence";
import { jpeg } from "../support/images";

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "duban-modes-"));
  // The usual umask of a server account: without care, files come out world-readable.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe("who may read the ledger's files", () => {
  it("a new SQLite ledger, its WAL and shared-memory files and its data directory are the owner's only", async () => {
    const dataDir = join(root, "data");
    const file = join(dataDir, "duban.db");
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: `file:${file}` });
    await ledger.db.unit.create({ data: { name: "县水利局" } });
    expect([mode(dataDir), mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(["700", "600", "600", "600"]);
    await ledger.close();
  });

  it("an existing ledger file that others could read is tightened when it is opened", async () => {
    const file = join(root, "old.db");
    writeFileSync(file, "");
    chmodSync(file, 0o644);
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: `file:${file}` });
    await ledger.close();
    expect(mode(file)).toBe("600");
  });

  it("an evidence photo and the folders it is kept in are the owner's only", async () => {
    const dataDir = join(root, "data");
    const stored = await storeEvidence(dataDir, await jpeg({ seed: 31 }), { maxBytes: 20 * 1024 * 1024, tz: "Asia/Shanghai" });
    expect([mode(join(dataDir, "evidence")), mode(join(stored.path, "..")), mode(stored.path)]).toEqual(["700", "700", "600"]);
  });
});
