/** `migrate`: apply the committed migrations that this database has not seen. */
import { z } from "zod";
import { migrate } from "../../ledger/migrate";
import { defineCommand } from "../command";

export const migrateCommand = defineCommand({
  name: "migrate",
  options: {},
  schema: z.object({ positionals: z.tuple([]) }),
  async run(ctx) {
    const applied = await migrate(ctx.config.databaseUrl);
    ctx.out(applied.length > 0 ? ctx.msg.io.cli.migrated({ names: applied.join(", ") }) : ctx.msg.io.cli.upToDate);
    return 0;
  },
});
