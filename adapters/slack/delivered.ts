/**
 * Finding a message the bot posted, by the outbox row it was sent for. chat.postMessage
 * has no idempotency key, but it takes `metadata` ({ event_type, event_payload }, kept
 * with the message and not shown to people: https://docs.slack.dev/messaging/message-metadata),
 * and conversations.history / conversations.replies return it when asked with
 * `include_all_metadata=true` (https://docs.slack.dev/reference/methods/conversations.history,
 * https://docs.slack.dev/reference/methods/conversations.replies). Both need the *:history
 * scopes the app already has for receiving messages; both are Tier 3 (50+ a minute) for an
 * internal app. A lookup happens only for a row whose sender died mid-send.
 */
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { ChatRef, DeliveryTag, OutboundMessage } from "../../src/core/chat";
import type { Logger } from "../../src/log";
import { renderMessage } from "./format";
import { messageIdOf, tsOfMessageId } from "./parse";

/** The metadata event type duban's messages carry; Slack shows it to developers only. */
export const OUTBOX_EVENT = "duban_outbox";

/** Slack stamps a message with its own clock: look this far before the attempt began. */
const CLOCK_MARGIN_S = 120;
/** Messages read per page, and pages at most: a chat gets about one message a second, so ten minutes fit. */
const PAGE = 200;
const MAX_PAGES = 5;

export function outboxMetadata(tag: DeliveryTag, part: number, parts: number) {
  return { event_type: OUTBOX_EVENT, event_payload: { outbox_id: tag.outboxId, part, parts } };
}

const tagged = z.object({
  ts: z.string(),
  metadata: z.object({
    event_type: z.literal(OUTBOX_EVENT),
    event_payload: z.object({ outbox_id: z.number().int(), part: z.number().int().nonnegative(), parts: z.number().int().positive() }),
  }),
});

/**
 * The message's id if every text part of it is in the chat since `since`. An edit is never
 * looked for (editing again changes nothing), nor a message with uploads (files.uploadV2
 * takes no metadata, so whether the files went up cannot be told: it is sent again). A
 * message only partly posted is sent again whole: its first parts then show twice, which
 * beats losing the rest.
 */
export async function findDelivered(
  client: webApi.WebClient,
  log: Logger,
  to: ChatRef,
  msg: OutboundMessage,
  tag: DeliveryTag,
  since: Date,
): Promise<{ messageId: string } | null> {
  if (msg.edit || msg.images?.length || msg.files?.length) return null;
  const parts = renderMessage(msg).length;
  const thread = msg.replyTo ? tsOfMessageId(msg.replyTo).threadTs : undefined;
  const window = { channel: to.chatId, oldest: (since.getTime() / 1000 - CLOCK_MARGIN_S).toFixed(6), include_all_metadata: true, limit: PAGE };
  const found = new Map<number, string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = thread
      ? await client.conversations.replies({ ...window, ts: thread, ...(cursor ? { cursor } : {}) })
      : await client.conversations.history({ ...window, ...(cursor ? { cursor } : {}) });
    for (const m of res.messages ?? []) {
      const ours = tagged.safeParse(m);
      if (ours.success && ours.data.metadata.event_payload.outbox_id === tag.outboxId) found.set(ours.data.metadata.event_payload.part, ours.data.ts);
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) break;
  }
  const first = found.get(0);
  if (first === undefined || found.size < parts) {
    if (found.size > 0) log.warn("slack message was only partly posted; sending it again whole", { outboxId: tag.outboxId, found: found.size, parts });
    return null;
  }
  return { messageId: messageIdOf(first, thread) };
}
