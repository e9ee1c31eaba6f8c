/**
 * A unit's report on an item answers what was asked of it: its open chases (the chasers
 * are told) and its leaders' open instructions (the report is their follow-up).
 */
import { formatInstant } from "../core/days";
import { answerWithReport, openAsks } from "../ledger/chases";
import { directChatsOf } from "../ledger/assign";
import type { ItemRow } from "../ledger/items";
import type { HandlerContext } from "./context";

/** What the report's receipt says it answers, read before the report is recorded. */
export async function answerNotes(ctx: HandlerContext, item: ItemRow): Promise<string[]> {
  const open = await openAsks(ctx.session, item.id);
  return [...(open.chases ? [ctx.msg.office.answeredChase] : []), ...(open.instructions ? [ctx.msg.office.followsUp] : [])];
}

export async function answerAsks(ctx: HandlerContext, item: ItemRow, reportId: number, words: string): Promise<void> {
  const answered = await answerWithReport(ctx.session, item, reportId, ctx.change);
  const unit = item.leadUnit.name;
  const told = new Set<number>();
  for (const a of [...answered.instructions.map((i) => ({ ...i, kind: "instruction" as const })), ...answered.chases.map((c) => ({ ...c, kind: "chase" as const }))]) {
    // One message per asker and report, the follow-up to an instruction said first.
    if (a.byId === null || told.has(a.byId) || a.byId === ctx.person.id) continue;
    told.add(a.byId);
    const message = a.kind === "instruction"
      ? ctx.msg.office.followedUp({ unit, code: item.code, text: words })
      : ctx.msg.office.chaseAnswered({ unit, code: item.code, when: formatInstant(a.at, ctx.config.DUBAN_TZ), text: words });
    for (const i of await directChatsOf(ctx.session, a.byId)) {
      await ctx.notify({ platform: i.platform, chatId: i.userId, direct: true }, { blocks: [{ type: "text", text: message }], about: { itemCode: item.code } }, `answer:${reportId}:${a.byId}:${i.platform}:${i.userId}`);
    }
  }
}
