/**
 * A process starting on a ledger, as a server does: `node --import tsx
 * test/support/start-ledger.ts <DATABASE_URL>` migrates, opens the ledger, writes one
 * unit, and prints the migrations it applied itself as JSON.
 */
import { openLedger } from "../../src/ledger/db";
import { migrate } from "../../src/ledger/migrate";
import { TEST_AUDIT_KEY } from "./databases";

const databaseUrl = process.argv[2]!;
const applied = await migrate(databaseUrl);
const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl });
await ledger.db.unit.create({ data: { name: `单位${process.pid}` } });
await ledger.close();
process.stdout.write(JSON.stringify(applied) + "\n");
