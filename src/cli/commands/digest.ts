/** `digest --chat <id> [--at <ISO>] --preview`: the digest a chat would get, printed, not sent. */
import { z } from "zod";
import { previewDigest } from "../../bot/commands/digest";
import { instantOf } from "../../core/days";
import { findChatById } from "../../ledger/chat-bindings";
import { defineCommand } from "../command";

export const digestCommand = defineCommand({
  name: "digest",
  options: { chat: { type: "string" }, at: { type: "string" }, preview: { type: "boolean" } },
  schema: z.object({
    positionals: z.tuple([]),
    chat: z.coerce.number().int().positive(),
    at: z.iso.datetime({ offset: true, local: true }).optional(),
    // Sending is the scheduler's job; the CLI only ever previews.
    preview: z.literal(true, { message: "--preview is required" }),
  }),
  async run(ctx, a) {
    const ledger = await ctx.ledger();
    const chat = await findChatById(ledger.session, a.chat);
    if (!chat) {
      ctx.err(ctx.msg.io.cli.chatNotFound({ id: a.chat }));
      return 1;
    }
    const at = a.at ? instantIn(a.at, ctx.config.DUBAN_TZ) : ctx.clock.now();
    ctx.out(await previewDigest(ledger, ctx.config, chat.id, at));
    return 0;
  },
});

/** An ISO time without an offset is wall-clock time in the configured zone, as everywhere in duban. */
function instantIn(iso: string, tz: string): Date {
  return /(Z|[+-]\d\d:?\d\d)$/.test(iso) ? new Date(iso) : instantOf(iso.slice(0, 10), iso.slice(11, 16), tz);
}
