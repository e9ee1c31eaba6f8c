/** `chats` lists the bound chats; `chats bind <platform> <chatId> --purpose …` binds one. */
import { z } from "zod";
import { PLATFORMS } from "../../core/types";
import { listChats } from "../../ledger/chat-bindings";
import { bindChat } from "../../ledger/chats";
import { findUnitByName } from "../../ledger/items";
import { defineCommand, type CliContext } from "../command";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

const schema = z
  .object({
    positionals: z.union([z.tuple([]), z.tuple([z.literal("bind"), z.enum(PLATFORMS), z.string().trim().min(1)])]),
    purpose: z.enum(["leaders", "coordinators", "unit"]).optional(),
    unit: z.string().trim().min(1).optional(),
    title: z.string().trim().min(1).optional(),
    "digest-time": hhmm.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.positionals.length === 0) return;
    if (!a.purpose) ctx.addIssue({ code: "custom", path: ["purpose"], message: "bind needs --purpose" });
    if (a.purpose === "unit" && !a.unit) ctx.addIssue({ code: "custom", path: ["unit"], message: "--purpose unit needs --unit" });
  })
  .transform((a) =>
    a.positionals.length === 0
      ? { action: "list" as const }
      : {
          action: "bind" as const, platform: a.positionals[1], chatId: a.positionals[2], purpose: a.purpose!,
          unit: a.unit, title: a.title, digestTime: a["digest-time"],
        },
  );

type Args = z.infer<typeof schema>;

export const chatsCommand = defineCommand({
  name: "chats",
  options: { purpose: { type: "string" }, unit: { type: "string" }, title: { type: "string" }, "digest-time": { type: "string" } },
  schema,
  run: (ctx, a) => (a.action === "list" ? list(ctx) : bind(ctx, a)),
});

async function list(ctx: CliContext): Promise<number> {
  const ledger = await ctx.ledger();
  const chats = await listChats(ledger.session);
  if (chats.length === 0) ctx.out(ctx.msg.io.cli.noChats);
  for (const c of chats) {
    ctx.out(ctx.msg.io.cli.chatLine({
      id: c.id, platform: c.platform, chatId: c.chatId, title: c.title ?? "", unit: c.unit ?? "",
      purpose: ctx.msg.common.purpose[c.purpose],
      digest: c.digestEnabled ? c.digestTime : ctx.msg.io.cli.digestOff,
    }));
  }
  return 0;
}

async function bind(ctx: CliContext, a: Extract<Args, { action: "bind" }>): Promise<number> {
  const ledger = await ctx.ledger();
  const { action: _action, ...chat } = a;
  const bound = await ledger.tx(async (session) => {
    const unit = chat.unit ? await findUnitByName(session, chat.unit) : null;
    if (chat.unit && !unit) return null;
    const { unit: _unit, ...rest } = chat;
    return bindChat(session, { ...rest, unitId: unit?.id ?? null, defaultDigestTime: ctx.config.DIGEST_TIME }, { at: ctx.clock.now(), actor: "cli" });
  });
  if (!bound) {
    ctx.err(ctx.msg.io.cli.unitNotFound({ unit: a.unit! }));
    return 1;
  }
  ctx.out(ctx.msg.io.cli.chatBound({ id: bound.id, purpose: ctx.msg.common.purpose[a.purpose] }));
  return 0;
}
