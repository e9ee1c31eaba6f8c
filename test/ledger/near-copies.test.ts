import { expect, it } from "vitest";
import { fingerprint } from "../../src/evidence/fingerprint";
import { flushProcessed, markProcessed } from "../../src/ledger/inbox";
import { catchUpNearCopies, findNearCopies } from "../../src/ledger/near-copies";
import { manualClock, testLedger } from "../delivery/fixtures";
import { jpeg } from "../support/images";

const now = manualClock().now();
const promised = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

// Eight photo reports in flight on PostgreSQL once stood still for 30 s this way: one group's
// lookup waited for another's catch-up, queued on a connection that waited for the first's row lock.
it("a photo's near-copy lookup on PostgreSQL never waits for another transaction's, stuck behind its row locks", async () => {
  const ledger = await testLedger("postgres");
  const fp = await fingerprint(await jpeg({ seed: 7 }));
  const held = promised();
  const queuedBehind = promised();
  const lockWaits = async () => (await ledger.db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS "n" FROM pg_locks WHERE NOT granted`))[0]!.n;

  const first = ledger.tx(async (session) => {
    await markProcessed(session, "test:held", now);
    await flushProcessed(session);
    held.resolve();
    await queuedBehind.promise;
    const found = await findNearCopies(session, fp);
    throw Object.assign(new Error("rolled back on purpose"), { found });
  });
  await held.promise;
  const second = ledger.tx(async (session) => {
    await markProcessed(session, "test:held", now);
    const blocked = flushProcessed(session);
    while ((await lockWaits()) === 0) await new Promise((r) => setTimeout(r, 10));
    const caughtUp = catchUpNearCopies(session);
    queuedBehind.resolve();
    await Promise.all([blocked, caughtUp]);
    return "committed";
  });

  await expect(first).rejects.toMatchObject({ message: "rolled back on purpose", found: [] });
  expect(await second).toBe("committed");
}, 15_000);
