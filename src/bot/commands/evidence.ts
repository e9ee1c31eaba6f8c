/**
 * Questionable evidence photos for coordinators: /存疑 [编号] lists the open flags, each
 * flagged photo beside the earlier photo it copies; /核实 <照片号> <原因> clears one. Both
 * answer only the rectification office, never a unit's group: the official who sent the
 * photo is asked about it by a person, not shamed in front of colleagues. Each listed photo
 * has a 核实无误 button, which asks for the reason the clearing records.
 */
import type { OutboundMessage } from "../../core/chat";
import { clearPhotoFlags, flaggedPhotos } from "../../ledger/evidence-review";
import type { HandlerContext } from "../context";
import { flaggedLine, mayReadFlags } from "../flagged";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

/** Photos listed in one reply: a phone screen's worth. */
const SHOWN = 10;

const mayShow = mayReadFlags;

export async function flagsCommand(ctx: HandlerContext, code?: string): Promise<void> {
  if (!mayShow(ctx)) return ctx.reply(text(ctx.msg.evidence.denied));
  const e = ctx.msg.evidence;
  const photos = await flaggedPhotos(ctx.session, { itemCode: code });
  if (!photos.length) return ctx.reply(text(code ? e.noneFor(code) : e.none));
  const blocks: OutboundMessage["blocks"] = [
    { type: "heading", text: code ? e.listTitleFor({ code, count: photos.length }) : e.listTitle(photos.length) },
    { type: "list", items: photos.slice(0, SHOWN).map((p) => flaggedLine(ctx, p)) },
  ];
  if (photos.length > SHOWN) blocks.push({ type: "text", text: e.more(photos.length - SHOWN) });
  blocks.push({ type: "text", text: e.clearHint });
  const buttons = photos.slice(0, SHOWN).map((p) => [{ label: e.verifyButton(p.photoId), data: `verify:${p.photoId}` }]);
  await ctx.reply({ blocks, buttons });
}

/** 核实无误 pressed under a listed photo: the reason still has to be typed. */
export async function askVerifyReason(ctx: HandlerContext, photoId: number): Promise<void> {
  await ctx.reply(text(mayShow(ctx) ? ctx.msg.evidence.askReason(photoId) : ctx.msg.evidence.denied));
}

export async function verifyCommand(ctx: HandlerContext, photoId: number, reason: string): Promise<void> {
  if (!mayShow(ctx)) return ctx.reply(text(ctx.msg.evidence.denied));
  const e = ctx.msg.evidence;
  const result = await clearPhotoFlags(ctx.session, { photoId, reason }, ctx.change);
  const answer = {
    cleared: () => e.verified({ id: photoId, reason }),
    not_found: () => e.notFound(photoId),
    not_flagged: () => e.notFlagged(photoId),
    already_cleared: () => e.alreadyCleared(photoId),
  }[result]();
  await ctx.reply(text(answer));
}
