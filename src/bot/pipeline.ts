/**
 * The inbound pipeline: one InboundEvent in, one ledger transaction out.
 *
 * Files are downloaded first (content-addressed, so a repeat is harmless); then the
 * event id, the ledger change, its audit events and every reply it causes are written
 * in one transaction. A redelivered event hits the unique event id and changes nothing;
 * a crash before commit leaves nothing; after commit the replies are outbox rows.
 *
 * A failure is either the world's (the database unreachable or busy: thrown, so the
 * receiver holds the event and the platform delivers it again) or the event's own (bad
 * data, a bug): tried a few times, then recorded as a dead letter with an apology to
 * the sender, and the pipeline returns as if handled, so no channel waits behind it.
 */
import type { ChatAdapter, InboundEvent } from "../core/chat";
import type { Clock } from "../core/clock";
import { dayOf } from "../core/days";
import type { Thresholds } from "../core/lights";
import type { Config } from "../config";
import { isUniqueViolation, type Ledger } from "../ledger/db";
import { markProcessed, wasProcessed } from "../ledger/inbox";
import { readInbound } from "../ledger/inbound";
import { findItemCode } from "../core/parse/item-code";
import type { Session } from "../ledger/session";
import { findFailedEvent, noteReplayFailure, reopenFailedEvent } from "../ledger/failed-events";
import type { Logger } from "../log";
import { withinMs, type Redis } from "../redis";
import { followMovedChat } from "../delivery/chat-moved";
import { createAttempts, type Attempts } from "./attempts";
import { createContext } from "./handler-context";
import { fetchMedia, reviveFetchedMedia, type FetchedMedia } from "./media";
import { prepareFileCommand, type PreparedFile } from "./commands/files";
import { route as defaultRoute, wantsAttention, type RouteOptions } from "./router";
import type { InboundContext } from "./handler-context";
import { findPersonByIdentity } from "../ledger/people";
import { splitCommand } from "../core/commands";
import { deadLetter } from "./dead-letter";
import { tellHowToOnce, wantsHowTo } from "./howto";
import { describeError, isTransient } from "./failures";

export type Route = (ctx: InboundContext, media: FetchedMedia[], opts: RouteOptions) => Promise<void>;

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
  /** Where an event goes once in its transaction; tests pass one with a deliberate bug. */
  route?: Route;
}

const SEEN_TTL_MS = 24 * 3600_000;
const REDIS_CHECK_MS = 100;

// Five wrong bind codes, then 5 minutes' wait, doubling with each further wrong code up to an hour.
const BIND_LIMIT = { free: 5, firstDelayMs: 5 * 60_000, maxDelayMs: 3600_000, forgetAfterMs: 3600_000 };

export type Handle = (event: InboundEvent) => Promise<void>;

export type ReplayOutcome =
  | { state: "replayed" }
  | { state: "not_found" }
  | { state: "already_replayed" }
  | { state: "failed_again"; error: string };

export interface Pipeline {
  handle: Handle;
  /** Run a dead letter through the pipeline again (an admin, once its cause is fixed). */
  replay(id: number, by: string): Promise<ReplayOutcome>;
}

/** What the work before the transaction produced; kept across tries so nothing is downloaded twice. */
interface Prepared {
  media: FetchedMedia[];
  file: PreparedFile | null;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const adapterOf = (platform: string) => deps.adapters.find((a) => a.platform === platform);
  const route = deps.route ?? defaultRoute;
  const maxTries = deps.config.INBOUND_MAX_TRIES;
  const bindAttempts = createAttempts(BIND_LIMIT);
  const routing = { route, bindAttempts };

  async function prepare(event: InboundEvent, looksLikeCommand: boolean): Promise<Prepared> {
    const adapter = adapterOf(event.chat.platform);
    const sender = looksLikeCommand ? await findPersonByIdentity(deps.ledger.session, event.chat.platform, event.sender.userId) : null;
    // An edited command is not run again (handleEdit says so), so neither is its file work.
    const file = looksLikeCommand && !event.edited ? await prepareFileCommand({ ...deps, now: deps.clock.now() }, event, sender, adapter) : null;
    // A ledger file sent with /导入 is not evidence: it is imported, not stored as a photo.
    // Nor are an edited message's photos (they came with the message it corrects), nor an
    // anonymous sender's (answered with advice and never stored).
    const media = adapter && !file && !event.edited && !event.sender.anonymous ? await fetchMedia(adapter, event.media, deps) : [];
    return { media, file };
  }

  /** True when the event's effects were committed now (false: not for the bot, or done before). */
  async function commit(event: InboundEvent, eventKey: string, prepared: Prepared): Promise<boolean> {
    const run = (session: Session) => processInTransaction(session, event, eventKey, prepared, deps, routing);
    try {
      return await deps.ledger.grouped(run);
    } catch (err) {
      // Two album parts racing for one report, or a concurrent redelivery: the loser
      // tries once more and now sees the winner's rows.
      if (!isUniqueViolation(err)) throw err;
      return deps.ledger.tx(run).catch((again) => {
        if (isUniqueViolation(again)) return false;
        throw again;
      });
    }
  }

  async function handle(event: InboundEvent): Promise<void> {
    const eventKey = `${event.chat.platform}:${event.eventId}`;
    // A pre-filter only: a Redis that is down or slow costs at most REDIS_CHECK_MS, then the ledger decides.
    if (deps.redis && (await withinMs(deps.redis.exists(`seen:${eventKey}`), REDIS_CHECK_MS, 0))) return;
    // A query before the transaction pays only where it saves slow work: downloads, file commands.
    const looksLikeCommand = Boolean(event.command ?? splitCommand(event.text));
    if (event.media.length > 0 || looksLikeCommand) {
      if (await wasProcessed(deps.ledger.session, eventKey)) return;
    }

    let prepared: Prepared | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        prepared ??= await prepare(event, looksLikeCommand);
        if (!(await commit(event, eventKey, prepared))) return;
        break;
      } catch (err) {
        if (isTransient(err)) throw err;
        deps.log.warn("inbound event failed", { eventKey, attempt, of: maxTries, err });
        if (attempt < maxTries) continue;
        await deadLetter(deps, { event, eventKey, media: prepared?.media ?? [], err, attempts: attempt });
        deps.notify();
        return;
      }
    }
    deps.redis?.set(`seen:${eventKey}`, "1", "PX", SEEN_TTL_MS).catch(() => {});
    deps.notify();
  }

  async function replay(id: number, by: string): Promise<ReplayOutcome> {
    const failed = await findFailedEvent<FetchedMedia>(deps.ledger, id);
    if (!failed) return { state: "not_found" };
    if (failed.status !== "failed") return { state: "already_replayed" };
    const looksLikeCommand = Boolean(failed.event.command ?? splitCommand(failed.event.text));
    try {
      const file = looksLikeCommand
        ? await prepareFileCommand({ ...deps, now: deps.clock.now() }, failed.event, await findPersonByIdentity(deps.ledger.session, failed.event.chat.platform, failed.event.sender.userId), adapterOf(failed.event.chat.platform))
        : null;
      const reopened = await deps.ledger.tx(async (session) => {
        if (!(await reopenFailedEvent(session, failed, { at: deps.clock.now(), by }))) return false;
        await processInTransaction(session, failed.event, failed.eventKey, { media: reviveFetchedMedia(failed.media), file }, deps, routing);
        return true;
      });
      if (!reopened) return { state: "already_replayed" };
    } catch (err) {
      const error = describeError(err);
      await noteReplayFailure(deps.ledger, failed, { at: deps.clock.now(), by, error });
      return { state: "failed_again", error };
    }
    deps.notify();
    return { state: "replayed" };
  }

  return { handle, replay };
}

async function processInTransaction(
  session: Session,
  event: InboundEvent,
  eventKey: string,
  prepared: Prepared,
  deps: PipelineDeps,
  { route, bindAttempts }: { route: Route; bindAttempts: Attempts },
): Promise<boolean> {
  const now = deps.clock.now();
  const { platform, chatId } = event.chat;
  const { processed, person, chat } = await readInbound(session, {
    eventKey, platform, chatId, userId: event.sender.userId, itemCode: findItemCode(event.text)?.code ?? null,
    photos: prepared.media.flatMap((m) => (m.ok && "stored" in m ? [{ sha256: m.stored.sha256, phash: m.stored.phash }] : [])),
  });
  // Group chatter that is not addressed to the bot is none of its business: not even recorded.
  // An edit may have dropped the item code that made its report the bot's business; a
  // chat moving is addressed to nobody, and is the bot's business all the same.
  // A group the bot has just joined, or a first @mention in an unbound DingTalk group, is told how to report.
  const howTo = event.joined || wantsHowTo(event, chat !== null);
  if (!event.chat.direct && !event.edited && !event.chatMoved && !howTo && !wantsAttention(event)) return false;

  // A redelivery is seen here; one racing this transaction fails on the unique id, and the caller's retry sees it.
  if (processed) return false;
  await markProcessed(session, eventKey, now);
  if (event.chatMoved) {
    await followMovedChat(session, { platform, move: event.chatMoved, now, cause: "service_message", source: eventKey, fallbackLang: deps.config.DUBAN_LANG });
    return true;
  }
  const ctx = createContext({
    session,
    event,
    eventKey,
    person,
    chat,
    now,
    today: dayOf(now, deps.config.DUBAN_TZ),
    config: deps.config,
    clock: deps.clock,
    thresholds: deps.thresholds,
    originalPhoto: deps.adapters.find((a) => a.platform === platform)?.caps.originalPhoto,
  });
  if (howTo) {
    await tellHowToOnce(session, ctx, now);
    if (event.joined || !wantsAttention(event)) return true;
  }
  await route(ctx, prepared.media, { adapter: deps.adapters.find((a) => a.platform === event.chat.platform), prepared: prepared.file, bindAttempts });
  return true;
}
