/** `backup [file]`: an online copy of the SQLite ledger while the bot runs; on PostgreSQL, the pg_dump to use. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { dayOf, timeOf } from "../../core/days";
import { sqlitePath } from "../../ledger/db";
import { backupLedger, BackupTargetExists } from "../../ledger/backup";
import { privateDirSync } from "../../ledger/private-files";
import { defineCommand } from "../command";
import { ledgerWhere } from "../ledger-where";

export const backupCommand = defineCommand({
  name: "backup",
  options: {},
  schema: z.object({ positionals: z.tuple([z.string().min(1)]).or(z.tuple([])) }).transform((a) => ({ file: a.positionals[0] })),
  async run(ctx, a) {
    const m = ctx.msg.io.cli.backup;
    const { databaseUrl } = ctx.config;
    if (ctx.config.dbKind === "postgres") {
      ctx.err(m.usePgDump({ day: dayOf(ctx.clock.now(), ctx.config.DUBAN_TZ) }));
      return 1;
    }
    ctx.out(ctx.msg.io.cli.ledgerWhere(ledgerWhere(ctx.config)));
    if (!existsSync(sqlitePath(databaseUrl))) {
      ctx.err(m.noLedger);
      return 1;
    }
    const file = a.file ? resolve(a.file) : defaultFile(databaseUrl, ctx.clock.now(), ctx.config.DUBAN_TZ);
    try {
      const done = await backupLedger(databaseUrl, file);
      if (done.kind === "sqlite") ctx.out(m.written({ file: done.file, pages: done.pages }));
      return 0;
    } catch (err) {
      if (!(err instanceof BackupTargetExists)) throw err;
      ctx.err(m.exists({ file }));
      return 1;
    }
  },
});

/** backups/duban-2026-12-02-1430.db beside the ledger, in the ledger's own time zone. */
function defaultFile(databaseUrl: string, now: Date, tz: string): string {
  const dir = join(dirname(sqlitePath(databaseUrl)), "backups");
  privateDirSync(dir);
  return join(dir, `duban-${dayOf(now, tz)}-${timeOf(now, tz).replace(":", "")}.db`);
}
