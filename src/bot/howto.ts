/**
 * How to report, said once in a DingTalk group. DingTalk tells an app that its robot was
 * added to a group only through the cool-app install event (im_cool_app_install), which
 * not every way of adding a robot raises; so the first @mention in a group nobody has
 * bound with /设置群 is answered with the how-to too. Both mark the same key, so a group
 * hears it once, whichever comes first.
 */
import { howToEventId, type InboundEvent } from "../core/chat";
import { markProcessed, wasProcessed } from "../ledger/inbox";
import type { Session } from "../ledger/session";
import type { InboundContext } from "./handler-context";


/** A message in a group the bot is told about only when @mentioned, and which nobody has bound yet. */
export function wantsHowTo(event: InboundEvent, chatBound: boolean): boolean {
  return event.chat.platform === "dingtalk" && !event.chat.direct && !chatBound && !event.edited && !event.chatMoved;
}

/** Queues the how-to unless this group heard it already; true when it was queued now. */
export async function tellHowToOnce(session: Session, ctx: InboundContext, now: Date): Promise<boolean> {
  const key = `${ctx.event.chat.platform}:${howToEventId(ctx.event.chat.chatId)}`;
  if (!ctx.event.joined) {
    if (await wasProcessed(session, key)) return false;
    await markProcessed(session, key, now);
  }
  await ctx.reply({ blocks: [{ type: "text", text: ctx.msg.dingtalk.howTo }] });
  return true;
}
