/** `export <file>`: the ledger as .xlsx (the import layout plus current state), one table as CSV, or JSON. */
import { resolve } from "node:path";
import { z } from "zod";
import { thresholdsOf } from "../../config";
import { exportLedger } from "../../io/export";
import { writePrivateFileSync } from "../../ledger/private-files";
import { defineCommand } from "../command";
import { ledgerWhere } from "../ledger-where";
import { progressBar } from "../progress";

export const exportCommand = defineCommand({
  name: "export",
  options: { format: { type: "string" }, cases: { type: "boolean" } },
  schema: z
    .object({ positionals: z.tuple([z.string().min(1)]), format: z.enum(["xlsx", "csv", "json"]).optional(), cases: z.boolean().default(false) })
    .transform((a) => ({
      file: a.positionals[0],
      format: a.format ?? (/\.(json|csv)$/i.exec(a.positionals[0])?.[1]?.toLowerCase() as "json" | "csv" | undefined) ?? "xlsx",
      table: a.cases ? ("cases" as const) : ("items" as const),
    }))
    .refine((a) => a.file !== "-" || a.format === "json", { message: "- (stdout) needs --format json" }),
  async run(ctx, a) {
    // Not on stdout when the export itself goes there.
    if (a.file !== "-") ctx.out(ctx.msg.io.cli.ledgerWhere(ledgerWhere(ctx.config)));
    const ledger = await ctx.ledger();
    const bar = progressBar(ctx.tty, ctx.msg.io.cli.progress.exporting);
    const file = await exportLedger(ledger, {
      format: a.format,
      table: a.table,
      now: ctx.clock.now(),
      tz: ctx.config.DUBAN_TZ,
      thresholds: thresholdsOf(ctx.config),
      onProgress: (p) => bar.update(p.done, p.total),
    }).finally(() => bar.finish());
    if (a.file === "-") {
      ctx.write(file.bytes);
      return 0;
    }
    const target = resolve(a.file);
    // A copy of the ledger: owner-only, like the ledger itself.
    writePrivateFileSync(target, file.bytes);
    ctx.out(
      a.format === "csv"
        ? ctx.msg.io.cli.exportedTable({ file: target, rows: a.table === "cases" ? file.cases : file.items, table: a.table })
        : ctx.msg.io.cli.exported({ file: target, items: file.items, cases: file.cases }),
    );
    return 0;
  },
});
