/** `import <file>`: a county's ledger file into the ledger (see io.cli.help.import). */
import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { z } from "zod";
import { sourceOption } from "../../io/cells";
import { importLedgerFile } from "../../io/import";
import { writePrivateFileSync } from "../../ledger/private-files";
import { describeImport } from "../../io/summary";
import { defineCommand } from "../command";
import { ledgerWhere } from "../ledger-where";
import { progressBar } from "../progress";

export const importCommand = defineCommand({
  name: "import",
  options: {
    "dry-run": { type: "boolean" },
    "skip-invalid": { type: "boolean" },
    rejected: { type: "string" },
    source: { type: "string" },
    prefix: { type: "string" },
  },
  schema: z.object({
    positionals: z.tuple([z.string().min(1)]),
    "dry-run": z.boolean().default(false),
    "skip-invalid": z.boolean().default(false),
    rejected: z.string().min(1).optional(),
    source: z
      .string()
      .transform((s, c) => sourceOption(s) ?? (c.addIssue({ code: "custom", message: "中央 | 省 | 信访 | 风险 | 自查 (central | provincial | petition | risk | self)" }), z.NEVER))
      .optional(),
    prefix: z.string().trim().min(1).optional(),
  }),
  async run(ctx, a) {
    const path = resolve(a.positionals[0]);
    const bytes = readFileSync(path);
    ctx.out(ctx.msg.io.cli.ledgerWhere(ledgerWhere(ctx.config)));
    const ledger = await ctx.ledger();
    const bar = progressBar(ctx.tty, ctx.msg.io.cli.progress.writing);
    const result = await importLedgerFile(ledger, bytes, {
      fileName: basename(path),
      now: ctx.clock.now(),
      dryRun: a["dry-run"],
      skipInvalid: a["skip-invalid"],
      source: a.source,
      prefix: a.prefix,
      lang: ctx.config.DUBAN_LANG,
      farMeters: ctx.config.PHOTO_FAR_METERS,
      lookback: { baseDays: ctx.config.LOOKBACK_BASE_DAYS, tz: ctx.config.DUBAN_TZ },
      onProgress: (p) => bar.update(p.done, p.total),
    }).finally(() => bar.finish());
    for (const line of describeImport(result, ctx.msg)) ctx.out(line);
    if (result.rejected && !result.dryRun) {
      const target = a.rejected ? resolve(a.rejected) : join(dirname(path), result.rejected.fileName);
      writePrivateFileSync(target, result.rejected.bytes);
      ctx.out(ctx.msg.io.cli.rejectedWritten({ file: target, n: result.rejected.rows }));
    }
    return result.written || (result.dryRun && result.problems.length === 0) ? 0 : 1;
  },
});
