import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../src/ledger/db";
import { createGroupCommit } from "../../src/ledger/group-commit";
import { flushProcessed, markProcessed } from "../../src/ledger/inbox";
import { readInbound } from "../../src/ledger/inbound";
import { DB_KINDS } from "../support/databases";
import { manualClock, testLedger } from "../delivery/fixtures";

const clock = manualClock();

describe("group commit", () => {
  /** Transactions as a list of who ran in each; one whose work throws is rolled back (not kept). */
  function recorder() {
    const committed: string[][] = [];
    let opened = 0;
    const group = createGroupCommit<string[]>({
      inFlight: 1,
      maxMembers: 16,
      transaction: async (work) => {
        opened++;
        const members: string[] = [];
        const result = await work(members);
        committed.push(members);
        return result;
      },
    });
    return { group, committed, opened: () => opened };
  }

  it("commits events handed over together in one transaction", async () => {
    const { group, committed } = recorder();
    const names = ["a", "b", "c", "d"];
    expect(await Promise.all(names.map((n) => group.run(async (members) => (members.push(n), n.toUpperCase()))))).toEqual(["A", "B", "C", "D"]);
    expect(committed).toEqual([names]);
  });

  it("runs every member again alone when one fails, and only the failing one fails", async () => {
    const { group, committed, opened } = recorder();
    const results = await Promise.allSettled(["a", "bad", "c"].map((n) => group.run(async (members) => {
      members.push(n);
      if (n === "bad") throw new Error("bad data");
      return n;
    })));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["a", "bad data", "c"]);
    // The shared transaction was rolled back; then three of their own, of which two committed.
    expect(opened()).toBe(4);
    expect(committed).toEqual([["a"], ["c"]]);
  });

  it("lets events that arrive while a group commits join the next group", async () => {
    const { group, committed } = recorder();
    const first = group.run(async (members) => {
      members.push("first");
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    await new Promise((resolve) => setImmediate(resolve));
    const later = ["x", "y", "z"].map((n) => group.run(async (members) => void members.push(n)));
    await Promise.all([first, ...later]);
    expect(committed).toEqual([["first"], ["x", "y", "z"]]);
  });
});

const processedIds = async (ledger: Awaited<ReturnType<typeof testLedger>>) =>
  (await ledger.db.processedEvent.findMany({ orderBy: { id: "asc" } })).map((e) => e.id);

describe.each(DB_KINDS)("concurrent inbound transactions on %s", (kind) => {

  it("commit every event's id once, and one failing event does not take the others down", async () => {
    const ledger = await testLedger(kind);
    const keys = ["test:1", "test:2", "test:3", "test:4", "test:5"];
    const results = await Promise.allSettled(keys.map((key) => ledger.grouped(async (session) => {
      await markProcessed(session, key, clock.now());
      if (key === "test:3") throw new Error("a bug in this event");
      return key;
    })));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(((results[2] as PromiseRejectedResult).reason as Error).message).toBe("a bug in this event");
    expect(await processedIds(ledger)).toEqual(["test:1", "test:2", "test:4", "test:5"]);
  });

  it("commit a redelivered event once when both copies are in flight together", async () => {
    const ledger = await testLedger(kind);
    const results = await Promise.allSettled(["test:7", "test:7", "test:8"].map((key) =>
      ledger.grouped((session) => markProcessed(session, key, clock.now()))));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(isUniqueViolation(failed[0]!.reason)).toBe(true);
    expect(await processedIds(ledger)).toEqual(["test:7", "test:8"]);
  });
});

describe("a group's transaction on PostgreSQL", () => {
  it("puts its members' queries on its connection one at a time, as pg 9 will require", async () => {
    const ledger = await testLedger("postgres");
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const keys = Array.from({ length: 8 }, (_, i) => `test:q${i}`);
      const read = await Promise.all(keys.map((key) => ledger.grouped(async (session) => {
        const facts = await readInbound(session, { eventKey: key, platform: "test", chatId: "c1", userId: "u1", itemCode: null, photos: [] });
        await markProcessed(session, key, clock.now());
        await flushProcessed(session);
        return facts.processed;
      })));
      expect(read).toEqual(keys.map(() => false));
      expect(await processedIds(ledger)).toEqual(keys);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((m) => m.includes("already executing a query"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
