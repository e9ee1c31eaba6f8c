/** `inbound list` shows the dead letters; `inbound retry <id>` runs one through the pipeline again. */
import { z } from "zod";
import { createPipeline } from "../../bot/pipeline";
import { thresholdsOf } from "../../config";
import { listFailedEvents, type FailedEvent } from "../../ledger/failed-events";
import { createLogger } from "../../log";
import { defineCommand, type CliContext } from "../command";

const schema = z
  .object({
    positionals: z.union([
      z.tuple([z.literal("list")]),
      z.tuple([z.literal("retry"), z.string().trim().min(1)]),
    ]),
  })
  .transform((a) => (a.positionals[0] === "list" ? { action: "list" as const } : { action: "retry" as const, raw: a.positionals[1]! }));

export const inboundCommand = defineCommand({
  name: "inbound",
  options: {},
  schema,
  run: (ctx, a) => (a.action === "list" ? list(ctx) : retry(ctx, a.raw)),
});

export function failedEventLines(ctx: CliContext, rows: FailedEvent[], total: number): string[] {
  const m = ctx.msg.inbound.cli;
  if (total === 0) return [m.none];
  return [
    m.heading({ n: total }),
    ...rows.map((r) =>
      m.row({ id: r.id, at: r.failedAt.toISOString(), platform: r.platform, chatId: r.chatId, attempts: r.attempts, error: r.error.split("\n")[0]! }),
    ),
  ];
}

async function list(ctx: CliContext): Promise<number> {
  const rows = await listFailedEvents(await ctx.ledger(), { status: "failed" });
  for (const line of failedEventLines(ctx, rows, rows.length)) ctx.out(line);
  return 0;
}

async function retry(ctx: CliContext, raw: string): Promise<number> {
  const m = ctx.msg.inbound.cli;
  const id = Number(raw.replace(/^#/, ""));
  if (!Number.isSafeInteger(id) || id <= 0) {
    ctx.err(m.badId({ raw }));
    return 2;
  }
  const ledger = await ctx.ledger();
  const log = createLogger(ctx.config.LOG_LEVEL);
  // The channels' adapters, not started: only to download a file a replayed /导入 names.
  const { configuredAdapters } = await import("../../main");
  const { adapters } = await configuredAdapters({ ...ctx.config, WEB_PORT: 0 }, ledger, log);
  const pipeline = createPipeline({
    ledger, clock: ctx.clock, config: ctx.config, log, adapters, thresholds: thresholdsOf(ctx.config),
    // The running bot's dispatcher sends the replies; it polls the outbox.
    notify: () => {},
  });
  const outcome = await pipeline.replay(id, "cli");
  switch (outcome.state) {
    case "replayed":
      ctx.out(m.replayed({ id }));
      return 0;
    case "not_found":
      ctx.err(m.notFound({ id }));
      return 1;
    case "already_replayed":
      ctx.err(m.alreadyReplayed({ id }));
      return 1;
    case "failed_again":
      ctx.err(m.failedAgain({ id, error: outcome.error.split("\n")[0]! }));
      return 1;
  }
}
