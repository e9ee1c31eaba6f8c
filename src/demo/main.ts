/**
 * `npm run demo`: exactly what `npm start` runs, on a database of its own (./data/demo, or
 * DEMO_DATABASE_URL) that is filled with an invented county the first time. Nothing of the
 * demo reaches a real ledger: a PostgreSQL DATABASE_URL is never used for it, and a
 * database with data the demo did not put there is refused, because the demo signs anyone
 * in with one click.
 */
import { configuredAuditKey } from "../secret";
import { systemClock } from "../core/clock";
import { openLedger } from "../ledger/db";
import { demoLedgerState } from "../ledger/demo";
import { createLogger } from "../log";
import { loadConfigOrExit, serve, stopOnSignals } from "../main";
import { demoEnv } from "./env";
import { demoPeople, seedDemo } from "./seed";

async function main(): Promise<void> {
  const prepared = demoEnv(process.env);
  if (!prepared.ok) {
    process.stderr.write(prepared.reason + "\n");
    process.exit(1);
  }
  const config = loadConfigOrExit(prepared.env);
  const log = createLogger(config.LOG_LEVEL);
  const ledger = await openLedger({ databaseUrl: config.databaseUrl, auditKey: configuredAuditKey(config) });
  const state = await demoLedgerState(ledger.session);
  if (state === "other") {
    await ledger.close();
    process.stderr.write(`The demo database ${config.databaseUrl} holds data the demo did not put there; the demo will not run on it.\n`);
    process.exit(1);
  }
  if (state === "empty") {
    log.info("demo: filling the demo database with an invented county (first start only)");
    await seedDemo(ledger, { now: systemClock.now(), tz: config.DUBAN_TZ, dataDir: config.dataDir, maxPhotoBytes: config.MAX_PHOTO_BYTES,
      lang: config.DUBAN_LANG, signOffPhotoDays: config.SIGNOFF_PHOTO_DAYS });
  }
  const running = await serve({ config, log, ledger, demo: { people: await demoPeople(ledger, config.DUBAN_LANG) } });
  if (running.web) log.info(`demo: open ${running.web.url()} and pick a demo person to sign in with one click`);
  stopOnSignals(running, log);
}

void main().catch((err: unknown) => {
  process.stderr.write(`the demo could not start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
