/**
 * A process that keeps writing to a ledger, as a running bot does: `node --import tsx
 * test/support/ledger-writer.ts <DATABASE_URL> <n>` adds n units, one transaction each,
 * says "writing" after the first and exits when done. Tests back up or migrate beside it.
 */
import { openLedger } from "../../src/ledger/db";
import { TEST_AUDIT_KEY } from "./databases";

const [databaseUrl, n] = process.argv.slice(2);
const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: databaseUrl!, retryBusy: true });
for (let i = 0; i < Number(n); i++) {
  await ledger.tx(async () => {
    await ledger.db.unit.create({ data: { name: `写入中的单位${i}` } });
  });
  if (i === 0) process.stdout.write("writing\n");
}
await ledger.close();
