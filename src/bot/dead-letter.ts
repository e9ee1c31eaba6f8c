/**
 * An event that failed by itself, every try: recorded as a dead letter (with its event id,
 * so the channel moves on), an apology to the sender in their language, and a notice to
 * the coordinators' groups with how to replay it. Only the error's first line goes to a
 * chat: the event's text stays in the ledger, where only an admin reads it.
 */
import type { InboundEvent, OutboundMessage } from "../core/chat";
import { langOf, messagesFor } from "../i18n/index";
import { recordFailedEvent } from "../ledger/failed-events";
import type { OutboxEntry } from "../ledger/outbox";
import type { FetchedMedia } from "./media";
import type { PipelineDeps } from "./pipeline";
import { wantsAttention } from "./router";
import { describeError } from "./failures";

const text = (t: string): OutboundMessage => ({ blocks: [{ type: "text", text: t }] });

export async function deadLetter(
  deps: Pick<PipelineDeps, "ledger" | "clock" | "config" | "log">,
  p: { event: InboundEvent; eventKey: string; media: FetchedMedia[]; err: unknown; attempts: number },
): Promise<void> {
  const { event, eventKey } = p;
  const summary = describeError(p.err);
  const detail = p.err instanceof Error && p.err.stack ? p.err.stack.slice(0, 8000) : summary;
  const recorded = await recordFailedEvent(
    deps.ledger,
    { eventKey, event, media: p.media, error: detail, attempts: p.attempts, at: deps.clock.now() },
    (audience) => {
      const entries: OutboxEntry[] = [];
      // Group chatter the bot would have ignored gets no apology either.
      if (event.chat.direct || wantsAttention(event)) {
        const msg = messagesFor(langOf(audience.senderLang ?? audience.chatLang, deps.config.DUBAN_LANG));
        entries.push({ key: `failed:${eventKey}:apology`, to: event.chat, message: { ...text(msg.inbound.apology), replyTo: event.messageId } });
      }
      const notice = messagesFor(deps.config.DUBAN_LANG).inbound.adminNotice({ id: audience.id, platform: event.chat.platform, error: summary.slice(0, 300) });
      for (const to of audience.coordinatorChats) {
        entries.push({ key: `failed:${eventKey}:notice:${to.platform}:${to.chatId}`, to, message: text(notice) });
      }
      return entries;
    },
  );
  if (recorded) deps.log.error("inbound event recorded as failed", { eventKey, failedEvent: recorded.id, attempts: p.attempts, err: p.err });
}
