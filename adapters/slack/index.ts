/**
 * The Slack adapter: a Bolt app receiving messages, the /duban slash command and button
 * presses over HTTP (signed requests on /slack/events) or Socket Mode, and a web client
 * posting the bot's messages. See the README's Slack section for setting up the app.
 */
import { createServer, type Server } from "node:http";
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { ChatAdapter, EventSink, InboundEvent } from "../../src/core/chat";
import { systemClock, type Clock } from "../../src/core/clock";
import type { Lang } from "../../src/core/types";
import { messagesFor } from "../../src/i18n/index";
import type { Logger } from "../../src/log";
import { findDelivered } from "./delivered";
import { downloadFile, tokenHosts } from "./download";
import { ACTION_PREFIX, MAX_TEXT } from "./format";
import { createNames } from "./names";
import { parseActionBody, parseCommandBody, parseEventBody, SLASH_COMMAND } from "./parse";
import { classify, sendMessage } from "./send";
import { recordFirstSocketReceiver } from "./socket";
import { guardRequests } from "./verify";
import { closeListener, listen, listenerUrl } from "../listener";

/** Bolt's default path; the app manifest points events, the command and interactivity here. */
export const EVENTS_PATH = "/slack/events";

/**
 * How long the bot may take to record an event before Slack is told to send it again.
 * Slack wants an answer within 3 seconds, counted on its side, network included.
 */
export const ACK_BUDGET_MS = 2000;

export interface SlackAdapterOptions {
  botToken: string;
  /** HTTP events: required unless appToken is set. */
  signingSecret?: string;
  /** Socket Mode (xapp-…): events come over a web socket Slack opens; no public URL needed. */
  appToken?: string;
  /** Slack's Web API base, e.g. https://slack.com/api/ (a local server in tests). */
  apiUrl: string;
  /** Where the events server listens (HTTP mode); the public https URL is a proxy's. */
  port: number;
  host: string;
  dataDir: string;
  log: Logger;
  /** The bot's clock, for events Slack sends without a time (slash commands, some buttons). */
  clock?: Clock;
  /** Language of the few words the adapter says itself. */
  lang?: Lang;
  /** Pause between the parts of a split message; Slack takes about one message per second per channel. */
  partGapMs?: number;
  /** How long the bot may take to record an event before Slack is answered 500 (ACK_BUDGET_MS). */
  ackBudgetMs?: number;
}

export interface SlackAdapter extends ChatAdapter {
  /** Where Slack must post events, once started over HTTP; null in Socket Mode or before start. */
  eventsUrl(): string | null;
}

type Ack = (response?: { response_type: "ephemeral"; text: string }) => Promise<void>;

function boltLogger(log: Logger): BoltLogger {
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  return {
    debug: (...a: unknown[]) => log.debug(`bolt: ${line(a)}`),
    info: (...a: unknown[]) => log.info(`bolt: ${line(a)}`),
    warn: (...a: unknown[]) => log.warn(`bolt: ${line(a)}`),
    error: (...a: unknown[]) => log.error(`bolt: ${line(a)}`),
    // Levels are our logger's business; Bolt only ever sets its default.
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { log } = opts;
  const clock = opts.clock ?? systemClock;
  const socketMode = Boolean(opts.appToken);
  if (!socketMode && !opts.signingSecret) {
    throw new Error("Slack needs SLACK_SIGNING_SECRET for HTTP events, or SLACK_APP_TOKEN for Socket Mode");
  }
  const logger = boltLogger(log);
  // No retries inside the client: one attempt per send, and a 429 surfaces to classify().
  const clientOptions = { slackApiUrl: opts.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 30_000 };

  // processBeforeResponse: Slack gets its answer when the listener returns, which is when
  // the bot has recorded the event. An event the bot failed to record (or did not within
  // ACK_BUDGET_MS) is answered 500 and Slack delivers it again, instead of it being lost.
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: opts.signingSecret!,
        endpoints: EVENTS_PATH,
        signatureVerification: false, // verify.ts checked it before Bolt sees the request
        processBeforeResponse: true,
        logger,
        // deliver() answers every request it routes within ackBudgetMs; one still open
        // after that is one Bolt had no route for (a type it does not know): answered
        // here, so that Slack does not time out and send it again.
        unhandledRequestTimeoutMillis: (opts.ackBudgetMs ?? ACK_BUDGET_MS) + 500,
        unhandledRequestHandler: ({ response }) => {
          if (response.headersSent) return;
          log.warn("slack request had no route; answered 200");
          response.writeHead(200);
          response.end();
        },
      });
  const app = new App({
    token: opts.botToken,
    receiver: socketMode ? recordFirstSocketReceiver({ appToken: opts.appToken!, clientOptions, logger, log }) : receiver,
    clientOptions,
    logger,
    deferInitialization: true,
  });
  const names = createNames(app.client, log);
  const mayHaveToken = tokenHosts(opts.apiUrl);
  const text = messagesFor(opts.lang ?? "zh-CN").slack;

  const ackBudgetMs = opts.ackBudgetMs ?? ACK_BUDGET_MS;
  let sink: EventSink | undefined;
  let server: Server | undefined;
  let socketOpen = false;
  const inflight = new Set<Promise<unknown>>();

  /**
   * Hand an event to the bot. Slack is answered once the bot has recorded it (the sink
   * resolves then; processing goes on behind). An event not recorded within ackBudgetMs
   * is answered 500, so Slack delivers it again rather than it being answered and lost;
   * the inbox's event id makes the second delivery a no-op if the first got recorded after
   * all. A slash command is not sent again by Slack, so it is answered at the budget
   * either way, and one whose recording failed is answered with a note to its sender.
   */
  async function deliver(parsed: InboundEvent | null, ack?: Ack): Promise<void> {
    if (!parsed || !sink) return ack?.();
    const event = await names.enrich(parsed);
    const work = sink(event).then(
      () => ({ ok: true as const }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), ackBudgetMs)));
    const outcome = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    if (outcome === null) {
      void work.then((r) => {
        if (!r.ok) log.error("slack event not recorded", { eventId: event.eventId, err: r.err });
      });
      if (!ack) throw new Error(`slack event ${event.eventId} not recorded within ${ackBudgetMs} ms: Slack will send it again`);
      log.warn("slack command still being recorded when answered", { eventId: event.eventId });
      return ack();
    }
    if (outcome.ok) return ack?.();
    log.error("slack event failed", { eventId: event.eventId, err: outcome.err });
    if (ack && event.command) return ack({ response_type: "ephemeral", text: text.commandFailed });
    throw outcome.err;
  }

  app.event("message", async ({ body, context }) => {
    await deliver(parseEventBody(body, { botUserId: context.botUserId, botId: context.botId }));
  });
  app.command(SLASH_COMMAND, async ({ body, ack }) => {
    await deliver(parseCommandBody(body, clock.now()), ack);
  });
  app.action(new RegExp(`^${ACTION_PREFIX}`), async ({ body, ack }) => {
    await deliver(parseActionBody(body, clock.now()), () => ack());
  });
  // Requests that are not duban's — another app's button in a shared message, a modal a
  // workspace admin wired to this app, a shortcut — are acknowledged and left alone.
  app.action(new RegExp(`^(?!${ACTION_PREFIX})`), async ({ ack }) => ack());
  app.view(/.*/, async ({ ack }) => ack());
  app.view({ type: "view_closed", callback_id: /.*/ }, async ({ ack }) => ack());
  app.shortcut(/.*/, async ({ ack }) => ack());
  app.options(/.*/, async ({ ack }) => ack());

  return {
    platform: "slack",
    caps: {
      // The app subscribes to message.channels / message.groups: every message of a channel it is in.
      groupMessages: () => "all",
      maxText: MAX_TEXT,
      // Every upload is already a file, and Slack strips EXIF from uploaded images (Slack to TechCrunch,
      // 2020-05-11, techcrunch.com/2020/05/11/slack-strips-location-data): no other way to send an original.
      originalPhoto: "none",
      buttons: true,
      editMessages: true,
      directMessages: true,
      // Slack documents chat.postMessage at about one message a second per channel, with a
      // workspace-wide limit it does not fix (https://api.slack.com/methods/chat.postMessage#rate_limiting,
      // https://api.slack.com/apis/rate-limits): the platform-wide figure here is only a
      // ceiling, and the real one is learnt from a 429's Retry-After (classify() says "platform").
      rate: { perChat: { count: 1, perMs: 1000 }, global: { count: 100, perMs: 1000 } },
    },

    async start(s) {
      sink = s;
      await app.init(); // auth.test: a wrong token stops the start here, and Bolt learns the bot's ids
      if (socketMode) {
        await app.start();
        socketOpen = true;
        log.info("slack adapter connected (Socket Mode)");
        return;
      }
      // Freshness is judged on this machine's real clock, like Slack's timestamps, even
      // when the bot runs on a test clock.
      const guard = guardRequests({ signingSecret: opts.signingSecret!, path: EVENTS_PATH, clock: systemClock, log, next: receiver!.requestListener });
      const srv = createServer(guard);
      await listen(srv, opts.port, opts.host);
      server = srv;
      log.info("slack adapter listening", { url: this.eventsUrl() });
    },

    async stop() {
      if (socketOpen) await app.stop();
      socketOpen = false;
      const srv = server;
      server = undefined;
      await closeListener(srv);
      await Promise.all([...inflight]);
      sink = undefined;
    },

    eventsUrl() {
      return listenerUrl(server, EVENTS_PATH);
    },

    send: (to, msg, tag) => sendMessage({ client: app.client, dataDir: opts.dataDir, log, partGapMs: opts.partGapMs ?? 1000 }, to, msg, tag),
    findDelivered: (to, msg, tag, since) => findDelivered(app.client, log, to, msg, tag, since),
    download: (media) => downloadFile(media, { botToken: opts.botToken, mayHaveToken }),
    classify,
  };
}
