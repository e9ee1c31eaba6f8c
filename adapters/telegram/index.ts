/**
 * The Telegram adapter (grammY). It turns updates into InboundEvents for the pipeline and
 * sends what the dispatcher hands it; it neither dedupes nor retries sends — the ledger's
 * event ids and the dispatcher do, for every platform alike.
 *
 * Long polling by default; with a webhook URL, an HTTP server that Telegram posts to.
 * TELEGRAM_API_ROOT points grammY at a self-hosted Bot API server.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { Bot } from "grammy";
import type { ChatAdapter, EventSink, MediaRef } from "../../src/core/chat";
import { systemClock, type Clock } from "../../src/core/clock";
import type { Logger } from "../../src/log";
import { parseUpdate, type BotIdentity } from "./parse";
import { ALLOWED_UPDATES, startPolling, type Receiver } from "./polling";
import { classifyError, sendMessage } from "./send";
import { SECRET_PATTERN } from "./verify";
import { startWebhookServer } from "./webhook";

export interface TelegramAdapterOptions {
  token: string;
  /** The public Bot API or a self-hosted one, e.g. http://127.0.0.1:8081. */
  apiRoot: string;
  /** Webhook mode instead of long polling. The server listens on host:port behind the public https url. */
  webhook?: { url: string; secret: string; port: number; host: string };
  /** Where evidence files are stored (photos are sent from there). */
  dataDir: string;
  log: Logger;
  clock?: Clock;
  /** First pause after a failed getUpdates or a sink that threw; doubles up to a minute. */
  retryDelayMs?: number;
  /** How long one getUpdates call waits for updates. */
  pollTimeoutSec?: number;
}

export interface TelegramAdapter extends ChatAdapter {
  /** The bot's @username (without @), once started. */
  botUsername(): string | undefined;
}

const DOWNLOAD_TIMEOUT_MS = 120_000;

export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  if (opts.webhook && !SECRET_PATTERN.test(opts.webhook.secret)) {
    throw new Error("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -");
  }
  const apiRoot = opts.apiRoot.replace(/\/+$/, "");
  const pollTimeoutSec = opts.pollTimeoutSec ?? 30;
  const clock = opts.clock ?? systemClock;
  // The client timeout must outlast a long poll; sends that hang longer fail and are retried.
  const bot = new Bot(opts.token, { client: { apiRoot, timeoutSeconds: pollTimeoutSec + 30 } });
  let receiver: Receiver | undefined;

  const identity = (): BotIdentity => ({ id: bot.botInfo.id, username: bot.botInfo.username });

  /** One update to the sink; answers a button press once the sink has taken it. */
  const handleWith = (sink: EventSink) => async (raw: unknown): Promise<boolean> => {
    const parsed = parseUpdate(raw, identity(), clock.now());
    if (!parsed) return false;
    if (parsed.event) await sink(parsed.event);
    if (parsed.callbackQueryId) {
      // Only stops the spinner on the user's button; the real answer comes through the outbox.
      await bot.api.answerCallbackQuery(parsed.callbackQueryId).catch((err: unknown) => {
        opts.log.warn("telegram: answerCallbackQuery failed", { err });
      });
    }
    return true;
  };

  return {
    platform: "telegram",
    caps: {
      // Privacy mode on (the default): the bot sees commands and replies to itself, not photos,
      // unless it is an admin of the group.
      groupMessages: () => (!bot.isInited() ? "unknown" : bot.botInfo.can_read_all_group_messages ? "all" : "addressed"),
      maxText: 4096,
      // A photo is re-encoded without its EXIF; one sent "as file" (以文件形式发送) arrives as taken (parse.ts).
      originalPhoto: "as_file",
      buttons: true,
      editMessages: true,
      directMessages: true,
      // Telegram's documented ceilings: about 30 messages a second in all, 20 a minute into one group.
      rate: { perChat: { count: 20, perMs: 60_000 }, global: { count: 30, perMs: 1000 } },
    },

    async start(sink) {
      // getMe, retried by grammY through network errors, 5xx and 429; a wrong token throws.
      await bot.init();
      const handle = handleWith(sink);
      if (!opts.webhook) {
        receiver = await startPolling({
          api: bot.api,
          handle: async (u) => void (await handle(u)),
          log: opts.log,
          timeoutSec: pollTimeoutSec,
          retryDelayMs: opts.retryDelayMs ?? 1000,
        });
        return;
      }
      const { url, secret, port, host } = opts.webhook;
      receiver = await startWebhookServer({ host, port, path: new URL(url).pathname, secret, handle, log: opts.log });
      await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }).catch(async (err: unknown) => {
        await receiver?.stop();
        receiver = undefined;
        throw err;
      });
    },

    async stop() {
      // The webhook stays set: during a deploy the next process keeps receiving on it.
      await receiver?.stop();
      receiver = undefined;
    },

    send: (to, msg) => sendMessage({ api: bot.api, dataDir: opts.dataDir, log: opts.log }, to, msg),

    async download(media: MediaRef): Promise<Uint8Array> {
      const file = await bot.api.getFile(media.fileId);
      if (!file.file_path) throw new Error(`Telegram gave no file path for ${media.fileId}`);
      // A self-hosted Bot API server in --local mode answers with a path on its own disk.
      if (isAbsolute(file.file_path)) return new Uint8Array(await readFile(file.file_path));
      const res = await fetch(`${apiRoot}/file/bot${opts.token}/${file.file_path}`, {
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
      // The URL holds the token: only the file path goes into the error.
      if (!res.ok) throw new Error(`Telegram file download failed: HTTP ${res.status} for ${file.file_path}`);
      return new Uint8Array(await res.arrayBuffer());
    },

    classify: classifyError,

    botUsername: () => (bot.isInited() ? bot.botInfo.username : undefined),
  };
}
