/**
 * The inbound pipeline: one InboundEvent in, one ledger transaction out.
 *
 * Files are downloaded first (content-addressed, so a repeat is harmless); then the
 * event id, the ledger change, its audit events and every reply it causes are written
 * in one transaction. A redelivered event hits the unique event id and changes nothing;
 * a crash before commit leaves nothing; after commit the replies are outbox rows.
 */
import type { ChatAdapter, InboundEvent } from "../core/chat";
import type { Clock } from "../core/clock";
import { dayOf } from "../core/days";
import type { Thresholds } from "../core/lights";
import type { Config } from "../config";
import { isUniqueViolation, type Ledger, type Tx } from "../ledger/db";
import type { Logger } from "../log";
import type { Redis } from "../redis";
import { createAttempts, type Attempts } from "./attempts";
import { createContext } from "./handler-context";
import { fetchMedia, type FetchedMedia } from "./media";
import { prepareFileCommand, type PreparedFile } from "./commands/files";
import { route, wantsAttention } from "./router";
import { findPersonByIdentity } from "./identity";
import { splitCommand } from "../core/commands";

export interface PipelineDeps {
  ledger: Ledger;
  clock: Clock;
  config: Config;
  log: Logger;
  adapters: ChatAdapter[];
  thresholds: Thresholds;
  redis?: Redis;
  /** Wake the dispatcher: replies were committed. */
  notify(): void;
}

const SEEN_TTL_MS = 24 * 3600_000;

// Five wrong bind codes, then 5 minutes' wait, doubling with each further wrong code up to an hour.
const BIND_LIMIT = { free: 5, firstDelayMs: 5 * 60_000, maxDelayMs: 3600_000, forgetAfterMs: 3600_000 };

export type Handle = (event: InboundEvent) => Promise<void>;

export function createPipeline(deps: PipelineDeps): Handle {
  const adapterOf = (platform: string) => deps.adapters.find((a) => a.platform === platform);
  const bindAttempts = createAttempts(BIND_LIMIT);

  return async function handle(event: InboundEvent): Promise<void> {
    const eventKey = `${event.chat.platform}:${event.eventId}`;
    if (deps.redis && (await deps.redis.exists(`seen:${eventKey}`).catch(() => 0))) return;
    // A query before the transaction pays only where it saves slow work: downloads, file commands.
    const looksLikeCommand = Boolean(event.command ?? splitCommand(event.text));
    if (event.media.length > 0 || looksLikeCommand) {
      const seen = await deps.ledger.db.processedEvent.findUnique({ where: { id: eventKey }, select: { id: true } });
      if (seen) return;
    }

    const adapter = adapterOf(event.chat.platform);
    const sender = looksLikeCommand ? await findPersonByIdentity(deps.ledger.db, event.chat.platform, event.sender.userId) : null;
    const prepared = looksLikeCommand ? await prepareFileCommand({ ...deps, now: deps.clock.now() }, event, sender, adapter) : null;
    // A ledger file sent with /导入 is not evidence: it is imported, not stored as a photo.
    const media = adapter && !prepared ? await fetchMedia(adapter, event.media, deps) : [];

    const run = (tx: Tx) => processInTransaction(tx, event, eventKey, media, prepared, bindAttempts, deps);
    let committed: boolean;
    try {
      committed = await deps.ledger.tx(run);
    } catch (err) {
      // Two album parts racing for one report, or a concurrent redelivery: the loser
      // tries once more and now sees the winner's rows.
      if (!isUniqueViolation(err)) throw err;
      committed = await deps.ledger.tx(run).catch((again) => {
        if (isUniqueViolation(again)) return false;
        throw again;
      });
    }
    if (!committed) return;
    deps.redis?.set(`seen:${eventKey}`, "1", "PX", SEEN_TTL_MS).catch(() => {});
    deps.notify();
  };
}

async function processInTransaction(
  tx: Tx,
  event: InboundEvent,
  eventKey: string,
  media: FetchedMedia[],
  prepared: PreparedFile | null,
  bindAttempts: Attempts,
  deps: PipelineDeps,
): Promise<boolean> {
  const now = deps.clock.now();
  const person = await findPersonByIdentity(tx, event.chat.platform, event.sender.userId);
  // Group chatter that is not addressed to the bot is none of its business: not even recorded.
  if (!event.chat.direct && !wantsAttention(event)) return false;

  // A redelivery fails here on the unique id; the caller's retry fails again and returns false.
  await tx.processedEvent.create({ data: { id: eventKey, at: now }, select: { id: true } });
  const chat = await tx.chat.findUnique({
    where: { platform_chatId: { platform: event.chat.platform, chatId: event.chat.chatId } },
    select: { id: true, platform: true, chatId: true, purpose: true, unitId: true, lang: true },
  });
  const ctx = createContext({
    tx,
    event,
    eventKey,
    person,
    chat,
    now,
    today: dayOf(now, deps.config.DUBAN_TZ),
    config: deps.config,
    clock: deps.clock,
    thresholds: deps.thresholds,
  });
  await route(ctx, media, { adapter: deps.adapters.find((a) => a.platform === event.chat.platform), prepared, bindAttempts });
  return true;
}
