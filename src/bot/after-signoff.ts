/**
 * A report on a signed-off item is a red flag (issue 12): the fix may not have held, or
 * the sign-off was early. The coordinators' groups get the report with its photos and a
 * 重新打开 button; the reporter is told where it went. The digest lists such reports too.
 * In the item's look-back window the report is the look-back's: the coordinators get the
 * look-back card instead, its fresh photos beside the sign-off photos (lookback-card.ts).
 */
import type { OutboundMessage } from "../core/chat";
import { formatInstant } from "../core/days";
import { inLookbackWindow } from "../core/lookback";
import { chatsBoundFor } from "../ledger/chats";
import type { ItemRow } from "../ledger/items";
import { compareWithSignOff, lookbackFacts } from "../ledger/lookbacks";
import { queueMessage } from "../ledger/outbox";
import type { HandlerContext } from "./context";
import { lookbackCard } from "./lookback-card";

/**
 * `p` is the report as it stands; `part` the photos this message brought, when it is a later
 * part of an album. An album's notice waits for its parts as its receipt does; a part that
 * comes after the notice went out follows it with its own photos.
 */
export async function flagReportAfterSignOff(
  ctx: HandlerContext,
  item: ItemRow,
  reportId: number,
  p: { text: string; photos: string[] },
  album: { holdForMore: boolean; part?: string[] } = { holdForMore: false },
): Promise<void> {
  const a = ctx.msg.history.afterSignOff;
  const chats = await chatsBoundFor(ctx.session, "coordinators");
  const facts = await lookbackFacts(ctx.session, item.id);
  const lookback = facts && facts.signedOffAt && inLookbackWindow(facts, ctx.today)
    ? { due: facts.lookbackDue, compared: await compareWithSignOff(ctx.session, { itemId: item.id, signedOffAt: facts.signedOffAt, reportId }) }
    : null;
  const lookbackMessage = (photos: string[]): OutboundMessage | null => {
    if (!lookback) return null;
    const fresh = lookback.compared.fresh.filter((f) => photos.includes(f.sha256));
    return lookbackCard(ctx, item, { who: ctx.person.name, text: p.text, lookbackDue: lookback.due, compared: { ...lookback.compared, fresh } });
  };
  const message = (photos: string[]): OutboundMessage => lookbackMessage(photos) ?? ({
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
    images: photos.map((sha256) => ({ sha256 })),
    buttons: [[{ label: a.reopenButton, data: `reopen:${item.code}` }, { label: ctx.msg.history.card.historyButton, data: `history:${item.code}:0` }]],
    about: { itemCode: item.code },
  });
  const notBefore = new Date(ctx.now.getTime() + (album.holdForMore ? ctx.config.RECEIPT_QUIET_MS : 0));
  const here = ctx.event.chat;
  for (const to of chats.filter((c) => !(c.platform === here.platform && c.chatId === here.chatId))) {
    const key = `after-signoff:${reportId}:${to.platform}:${to.chatId}`;
    const first = await queueMessage(ctx.session, { key, to, message: message(p.photos), notBefore }, ctx.now);
    if (first.state === "already_sent" && album.part) {
      await queueMessage(ctx.session, { key: `${key}:${ctx.eventKey}`, to, message: message(album.part), notBefore }, ctx.now);
    }
  }
}
