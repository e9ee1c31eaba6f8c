/**
 * A report on a signed-off item is a red flag (issue 12): the fix may not have held, or
 * the sign-off was early. The coordinators' groups get the report with its photos and a
 * 重新打开 button; the reporter is told where it went. The digest lists such reports too.
 */
import { formatInstant } from "../core/days";
import { chatsBoundFor } from "../ledger/chats";
import type { ItemRow } from "../ledger/items";
import type { HandlerContext } from "./context";

export async function flagReportAfterSignOff(ctx: HandlerContext, item: ItemRow, reportId: number, p: { text: string; photos: string[] }): Promise<void> {
  const a = ctx.msg.history.afterSignOff;
  const chats = await chatsBoundFor(ctx.session, "coordinators");
  const message = {
    blocks: [{
      type: "text" as const,
      text: a.notice({
        code: item.code,
        title: item.title,
        unit: item.leadUnit.name,
        who: ctx.person.name,
        signedOff: item.signedOffAt ? formatInstant(item.signedOffAt, ctx.config.DUBAN_TZ) : "",
        text: p.text,
      }),
    }],
    images: p.photos.map((sha256) => ({ sha256 })),
    buttons: [[{ label: a.reopenButton, data: `reopen:${item.code}` }, { label: ctx.msg.history.card.historyButton, data: `history:${item.code}:0` }]],
    about: { itemCode: item.code },
  };
  const here = ctx.event.chat;
  for (const to of chats.filter((c) => !(c.platform === here.platform && c.chatId === here.chatId))) {
    await ctx.notify(to, message, `after-signoff:${reportId}:${to.platform}:${to.chatId}`);
  }
}
