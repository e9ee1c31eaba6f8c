import { describe, expect, it } from "vitest";
import { isBusy, retryWhileBusy } from "../../src/ledger/busy";

describe("a busy SQLite database", () => {
  it("is tried again until the lock is free", async () => {
    let calls = 0;
    const result = await retryWhileBusy(async () => {
      if (++calls < 3) throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
      return "written";
    });
    expect([result, calls]).toEqual(["written", 3]);
  });

  it("is told apart from an error that another try cannot mend", async () => {
    let calls = 0;
    const bad = retryWhileBusy(async () => {
      calls++;
      throw Object.assign(new Error("UNIQUE constraint failed"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
    });
    await expect(bad).rejects.toThrow("UNIQUE constraint failed");
    expect(calls).toBe(1);
    expect(isBusy(new Error("wrapped", { cause: { code: "P1008" } }))).toBe(true);
  });
});
