/**
 * `evidence flags [--json]` lists every flagged photo with the earlier photo it copies;
 * `evidence match <file>` lists the ledger photos a photo received by other means copies.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { formatInstant } from "../../core/days";
import { flagReasons } from "../../i18n/flags";
import { fingerprint } from "../../evidence/fingerprint";
import { findNearCopies } from "../../ledger/near-copies";
import { flaggedPhotos, type FlaggedPhoto } from "../../ledger/evidence-review";
import { defineCommand, type CliContext } from "../command";

const schema = z
  .object({
    positionals: z.union([z.tuple([z.literal("flags")]), z.tuple([z.literal("match"), z.string().trim().min(1)])]),
    json: z.boolean().optional(),
    item: z.string().trim().min(1).optional(),
    all: z.boolean().optional(),
  })
  .transform((a) =>
    a.positionals[0] === "flags"
      ? { action: "flags" as const, json: a.json ?? false, item: a.item, all: a.all ?? false }
      : { action: "match" as const, file: a.positionals[1]!, json: a.json ?? false },
  );

type Args = z.infer<typeof schema>;

export const evidenceCommand = defineCommand({
  name: "evidence",
  options: { json: { type: "boolean" }, item: { type: "string" }, all: { type: "boolean" } },
  schema,
  run: (ctx, a) => (a.action === "flags" ? flags(ctx, a) : match(ctx, a)),
});

async function flags(ctx: CliContext, a: Extract<Args, { action: "flags" }>): Promise<number> {
  const ledger = await ctx.ledger();
  const photos = await flaggedPhotos(ledger.session, { itemCode: a.item, cleared: a.all });
  const e = ctx.msg.evidence;
  const reason = (p: FlaggedPhoto) => flagReasons(ctx.msg, e.reason, p).join("；");
  if (a.json) {
    ctx.out(JSON.stringify(photos.map((p) => ({
      photo: p.photoId, item: p.item, unit: p.unit, kind: p.flags[0], flags: p.flags, sentAt: p.sentAt.toISOString(),
      takenAt: p.takenAt?.toISOString() ?? null, sender: p.sender, reason: reason(p), placeMeters: p.placeMeters, sha256: p.sha256,
      matches: p.matches.map((m) => ({ photo: m.photoId, item: m.item, unit: m.unit, sentAt: m.sentAt.toISOString(), kind: m.kind })),
      cleared: p.cleared && { at: p.cleared.at.toISOString(), by: p.cleared.by, reason: p.cleared.reason },
    })), null, 2));
    return 0;
  }
  if (!photos.length) ctx.out(e.cli.none);
  const tz = ctx.config.DUBAN_TZ;
  for (const p of photos) {
    ctx.out(e.photo({ id: p.photoId, item: p.item ?? e.unfiled, unit: p.unit ?? "", when: formatInstant(p.sentAt, tz), who: p.sender, reasons: reason(p) }));
    for (const m of p.matches) ctx.out(`  ${e.match({ item: m.item ?? e.unfiled, unit: m.unit ?? "", date: formatInstant(m.sentAt, tz), kind: e.kind[m.kind] })}`);
    if (p.cleared) ctx.out(`  ${e.cleared({ when: formatInstant(p.cleared.at, tz), who: p.cleared.by, reason: p.cleared.reason })}`);
  }
  return 0;
}

async function match(ctx: CliContext, a: Extract<Args, { action: "match" }>): Promise<number> {
  const e = ctx.msg.evidence;
  let print;
  try {
    print = await fingerprint(await readFile(a.file));
  } catch (err) {
    ctx.err(e.cli.notAPhoto({ file: a.file, detail: (err as Error).message.split("\n")[0]! }));
    return 1;
  }
  const ledger = await ctx.ledger();
  const found = await findNearCopies(ledger.session, print);
  if (a.json) {
    ctx.out(JSON.stringify(found.map((m) => ({ photo: m.photoId, item: m.itemCode, unit: m.unit, sentAt: m.receivedAt.toISOString(), kind: m.kind, distance: m.distance })), null, 2));
    return 0;
  }
  if (!found.length) ctx.out(e.cli.noMatch);
  for (const m of found) {
    ctx.out(e.cli.matchLine({
      id: m.photoId, item: m.itemCode ?? e.unfiled, unit: m.unit ?? "", date: formatInstant(m.receivedAt, ctx.config.DUBAN_TZ), kind: e.kind[m.kind], distance: m.distance,
    }));
  }
  return 0;
}
