/**
 * The digest for one chat: composed for the chat's language, then queued exactly once per
 * chat and day — the run row and the outbox row commit in one transaction, keyed alike.
 */
import { boundChatRef, type OutboundMessage } from "../core/chat";
import { dayOf } from "../core/days";
import type { ChatPurpose, Day } from "../core/types";
import { thresholdsOf, type Config } from "../config";
import { queueMessage } from "../ledger/outbox";
import { sealAll } from "../ledger/audit-chain";
import { langOf, messagesFor } from "../i18n/index";
import { digestChart } from "./chart";
import type { Ledger } from "../ledger/db";
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { preclaim, releasePreclaim, runOnce } from "../schedule/runs";
import { composeDigest, type LedgerReader } from "./compose";
import { renderDigest } from "./render";

/**
 * Chats that receive the digest. The coordinators' group is included: /digest can be
 * switched on there, and the office chases from the same list the leaders read.
 */
export const DIGEST_PURPOSES: ChatPurpose[] = ["leaders", "coordinators"];

export interface DigestChat {
  id: number;
  platform: string;
  chatId: string;
  lang: string | null;
  /** The topic the chat was bound from. */
  threadId: string | null;
}

export function digestRunKey(chatRowId: number, day: Day): string {
  return `digest:${chatRowId}:${day}`;
}

/** The digest as it reads at `at`, in the chat's language. */
export async function digestMessage(reader: LedgerReader, config: Config, chat: { lang: string | null }, at: Date): Promise<OutboundMessage> {
  const data = await composeDigest(reader, { now: at, tz: config.DUBAN_TZ, thresholds: thresholdsOf(config) });
  const lang = langOf(chat.lang, config.DUBAN_LANG);
  const msg = messagesFor(lang);
  // The text is the digest; the picture is beside it, for where people would rather look than read.
  const chart = await digestChart(reader, data, msg, { now: at, tz: config.DUBAN_TZ, dataDir: config.dataDir });
  return { ...renderDigest(data, lang), images: [{ sha256: chart, caption: msg.dashboard.digestImage }] };
}

/** Queue today's digest for the chat unless it already went. True when this call queued it. */
export async function sendDigest(
  deps: { ledger: Ledger; config: Config; log: Logger; redis?: Redis },
  chat: DigestChat,
  now: Date,
): Promise<boolean> {
  const key = digestRunKey(chat.id, dayOf(now, deps.config.DUBAN_TZ));
  if (!(await preclaim(deps.redis, key, deps.log))) return false;
  try {
    // Sealed first, so the head the leaders witness covers everything up to now.
    await sealAll(deps.ledger);
    const message = await digestMessage(deps.ledger, deps.config, chat, now);
    const to = boundChatRef(chat);
    return await runOnce(deps.ledger, key, now, async (session) => {
      await queueMessage(session, { key, to, message }, now);
    });
  } catch (err) {
    await releasePreclaim(deps.redis, key, deps.log);
    throw err;
  }
}
