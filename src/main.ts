/**
 * `npm start`: the bot with every channel that is configured — the web chat always (unless
 * WEB_PORT=0), Telegram, Slack, DingTalk, Feishu and WeCom when their credentials are set — until SIGINT or SIGTERM,
 * when it stops taking messages, finishes what is in flight and closes the database.
 * `npm run demo` runs the same through serve() on the demo's own database.
 */
import { configuredAuditKey } from "./secret";
import { pathToFileURL } from "node:url";
import { createWebAdapter, type DemoPerson, type WebAdapter } from "../adapters/web/index";
import { createDuban, type Duban } from "./app";
import type { ChatAdapter } from "./core/chat";
import { chineseFonts } from "./charts/font";
import { ConfigError, loadConfig, type Config } from "./config";
import { messagesFor } from "./i18n/index";
import { openLedger, type Ledger } from "./ledger/db";
import { claimSqliteForServer, SqliteInUse, type ServerClaim } from "./ledger/server-lock";
import { createLogger, type Logger } from "./log";
import { startObservability, type ObservabilityServer } from "./observe/server";
import { openRedis } from "./redis";

export interface ServeOptions {
  config: Config;
  log: Logger;
  /** An open ledger (the demo's, already seeded); otherwise opened from the configuration. */
  ledger?: Ledger;
  /** Demo mode: the web chat offers these people with one click. */
  demo?: { people: DemoPerson[] };
}

export interface Running {
  duban: Duban;
  web?: WebAdapter;
  /** Where /healthz, /readyz and /metrics answer, unless METRICS_PORT=0. */
  observabilityUrl?: string;
  /** Stop receiving, finish in-flight work, close the database and Redis. */
  stop(): Promise<void>;
}

/** The SDKs of channels that are not configured are not even loaded: start-up stays quick. */
/** Charts (the dashboard's, the digest's picture) need a CJK font, or their Chinese labels are boxes. */
async function warnWithoutChineseFont(log: Logger): Promise<void> {
  const fonts = await chineseFonts();
  if (fonts === null) log.warn("could not ask fontconfig (fc-list) for a Chinese font: charts may show boxes instead of Chinese; install fonts-noto-cjk");
  else if (fonts.length === 0) log.warn("no Chinese font is installed: charts would show boxes instead of Chinese; install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk)");
  else log.info("charts draw Chinese with", { fonts: fonts.slice(0, 3) });
}

export async function configuredAdapters(
  config: Config,
  ledger: Ledger,
  log: Logger,
  demo?: ServeOptions["demo"],
): Promise<{ adapters: ChatAdapter[]; web?: WebAdapter }> {
  const adapters: ChatAdapter[] = [];
  const web = config.WEB_PORT === 0 ? undefined : createWebAdapter({ port: config.WEB_PORT, host: config.WEB_HOST, ledger, config, log, demo });
  if (web) adapters.push(web);
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter } = await import("../adapters/telegram/index");
    adapters.push(
      createTelegramAdapter({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        webhook: config.TELEGRAM_WEBHOOK_URL
          ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET ?? "", port: config.TELEGRAM_WEBHOOK_PORT, host: config.TELEGRAM_WEBHOOK_HOST }
          : undefined,
        dataDir: config.dataDir,
        log,
      }),
    );
  }
  if (config.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import("../adapters/slack/index");
    adapters.push(
      createSlackAdapter({
        botToken: config.SLACK_BOT_TOKEN,
        signingSecret: config.SLACK_SIGNING_SECRET,
        appToken: config.SLACK_APP_TOKEN,
        apiUrl: config.SLACK_API_URL,
        port: config.SLACK_PORT,
        host: config.SLACK_HOST,
        dataDir: config.dataDir,
        log,
        lang: config.DUBAN_LANG,
      }),
    );
  }
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET) {
    const { createDingTalkAdapter } = await import("../adapters/dingtalk/index");
    adapters.push(
      createDingTalkAdapter({
        clientId: config.DINGTALK_CLIENT_ID,
        clientSecret: config.DINGTALK_CLIENT_SECRET,
        robotCode: config.DINGTALK_ROBOT_CODE ?? config.DINGTALK_CLIENT_ID,
        apiUrl: config.DINGTALK_API_URL,
        oapiUrl: config.DINGTALK_OAPI_URL,
        gatewayUrl: config.DINGTALK_GATEWAY_URL,
        mode: config.DINGTALK_MODE,
        port: config.DINGTALK_PORT,
        host: config.DINGTALK_HOST,
        ...(config.DINGTALK_CARD_TEMPLATE_ID ? { cardTemplateId: config.DINGTALK_CARD_TEMPLATE_ID } : {}),
        ...(config.DINGTALK_EVENT_TOKEN && config.DINGTALK_EVENT_AES_KEY ? { eventKeys: { token: config.DINGTALK_EVENT_TOKEN, aesKey: config.DINGTALK_EVENT_AES_KEY } } : {}),
        lang: config.DUBAN_LANG,
        dataDir: config.dataDir,
        log,
      }),
    );
  }
  if (config.FEISHU_APP_ID && config.FEISHU_APP_SECRET) {
    const { createFeishuAdapter } = await import("../adapters/feishu/index");
    adapters.push(
      createFeishuAdapter({
        appId: config.FEISHU_APP_ID,
        appSecret: config.FEISHU_APP_SECRET,
        domain: config.FEISHU_DOMAIN,
        mode: config.FEISHU_MODE,
        encryptKey: config.FEISHU_ENCRYPT_KEY,
        verificationToken: config.FEISHU_VERIFICATION_TOKEN,
        port: config.FEISHU_PORT,
        host: config.FEISHU_HOST,
        dataDir: config.dataDir,
        log,
      }),
    );
  }
  const wecom = await wecomAdapter(config, log);
  if (wecom) adapters.push(wecom);
  return { adapters, web };
}

/** WeCom's app, its robot, or both as one channel (one userid, one binding). */
async function wecomAdapter(config: Config, log: Logger): Promise<ChatAdapter | undefined> {
  let app: ChatAdapter | undefined;
  let robot: ChatAdapter | undefined;
  if (config.WECOM_CORP_ID && config.WECOM_AGENT_ID && config.WECOM_SECRET && config.WECOM_TOKEN && config.WECOM_AES_KEY) {
    const { createWecomAdapter } = await import("../adapters/wecom/index");
    app = createWecomAdapter({
      corpId: config.WECOM_CORP_ID,
      agentId: config.WECOM_AGENT_ID,
      secret: config.WECOM_SECRET,
      token: config.WECOM_TOKEN,
      aesKey: config.WECOM_AES_KEY,
      apiUrl: config.WECOM_API_URL,
      port: config.WECOM_PORT,
      host: config.WECOM_HOST,
      dataDir: config.dataDir,
      log,
      lang: config.DUBAN_LANG,
      markdown: config.WECOM_APP_MARKDOWN,
    });
  }
  if (config.WECOM_BOT_ID && config.WECOM_BOT_SECRET) {
    const { createWecomRobotAdapter } = await import("../adapters/wecom/robot");
    robot = createWecomRobotAdapter({ botId: config.WECOM_BOT_ID, secret: config.WECOM_BOT_SECRET, wsUrl: config.WECOM_BOT_WS_URL, dataDir: config.dataDir, log });
  }
  if (app && robot) return (await import("../adapters/wecom/both")).combineWecom(app, robot);
  return app ?? robot;
}

export async function serve(opts: ServeOptions): Promise<Running> {
  const { config, log } = opts;
  // First, before anything else is opened: a second server on one SQLite file refuses to start.
  const claim: ServerClaim | undefined = config.dbKind === "sqlite" ? await claimSqliteForServer(config.databaseUrl) : undefined;
  const redis = openRedis(config.REDIS_URL, config.REDIS_PREFIX, log);
  let ledger: Ledger;
  try {
    ledger = opts.ledger ?? (await openLedger({ databaseUrl: config.databaseUrl, auditKey: configuredAuditKey(config) }));
  } catch (err) {
    claim?.release();
    redis?.disconnect();
    throw err;
  }
  const { adapters, web } = await configuredAdapters(config, ledger, log, opts.demo);
  const duban = await createDuban({ config, adapters, ledger, log, redis });
  // Up before the channels, so that /readyz says what is still starting.
  let observe: ObservabilityServer | undefined;
  const close = async () => {
    await observe?.close();
    await ledger.close();
    await redis?.quit().catch(() => undefined);
    claim?.release();
  };
  try {
    if (config.METRICS_PORT !== 0) {
      observe = await startObservability({ host: config.METRICS_HOST, port: config.METRICS_PORT, metrics: duban.metrics, checks: duban.readiness, log });
      log.info(`health and metrics: ${observe.url}/readyz, ${observe.url}/metrics`);
    }
    await duban.start();
  } catch (err) {
    await duban.stop().catch(() => undefined);
    await close();
    throw err;
  }
  log.info("duban started", { channels: adapters.map((a) => a.platform), database: config.dbKind });
  if (web) log.info(`web chat: open ${web.url()}, the dashboard at ${new URL("dashboard", web.url()).href}`);
  void warnWithoutChineseFont(log);
  if (adapters.length === 0) log.warn("no chat channel is configured: set WEB_PORT, TELEGRAM_BOT_TOKEN, SLACK_BOT_TOKEN, DINGTALK_CLIENT_ID, FEISHU_APP_ID, WECOM_CORP_ID or WECOM_BOT_ID");
  return {
    duban,
    web,
    observabilityUrl: observe?.url,
    async stop() {
      await duban.stop();
      await close();
    },
  };
}

/** Runs until a signal; a second signal while stopping gives up waiting. */
export function stopOnSignals(running: Running, log: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn("stopping now, without waiting", { signal });
      process.exit(1);
    }
    stopping = true;
    log.info("stopping: finishing in-flight work", { signal });
    running.stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (err: unknown) => {
        log.error("stop failed", { err });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Configuration errors are the operator's to fix: said plainly, without a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(err.message + "\n");
    process.exit(1);
  }
}

/** The server as `npm start` runs it (scripts/start.mjs calls this in the bundle). */
export async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const log = createLogger(config.LOG_LEVEL);
  try {
    stopOnSignals(await serve({ config, log }), log);
  } catch (err) {
    if (err instanceof SqliteInUse) log.error(messagesFor(config.DUBAN_LANG).server.sqliteInUse({ path: err.path }));
    else log.error("duban could not start", { err });
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
