/**
 * Every environment variable duban reads, validated once at start. A wrong value stops
 * the start with a message naming the variable.
 */
import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import type { RateLimit } from "./core/chat";
import type { Thresholds } from "./core/lights";

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const port = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(fallback));
/** On or off: 1/0, true/false, on/off, yes/no (any case); unset keeps the default. */
const flag = (fallback: boolean) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z
      .enum(["", "1", "0", "true", "false", "on", "off", "yes", "no"], { message: "expected 1 or 0 (also true/false, on/off, yes/no)" })
      .optional()
      .transform((v) => (v === undefined || v === "" ? fallback : ["1", "true", "on", "yes"].includes(v))),
  );
const positiveInt = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));
const HHMM = "([01]\\d|2[0-3]):[0-5]\\d";
const hhmm = z.string().regex(new RegExp(`^${HHMM}$`), "expected a time of day HH:MM from 00:00 to 23:59");
const hhmmRange = z
  .string()
  .regex(new RegExp(`^${HHMM}-${HHMM}$`), "expected HH:MM-HH:MM, two times of day from 00:00 to 23:59");

/** An address or a CIDR block, e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8. */
function isAddressOrBlock(entry: string): boolean {
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}
const entriesOf = (list: string) => list.split(",").map((a) => a.trim()).filter((a) => a !== "");
const addressList = z
  .preprocess(emptyAsUndefined, z.string().default(""))
  .refine((list) => entriesOf(list).every(isAddressOrBlock), "expected IP addresses or CIDR blocks separated by commas, e.g. 127.0.0.1,10.0.0.0/8")
  .transform(entriesOf);

/** A rate as `<count>/<seconds>s`, e.g. `1/1s` or `20/60s`; unset keeps the adapter's own, from its platform's documentation. */
const rateLimit = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(/^\d+\/\d+(\.\d+)?s$/, "expected <count>/<seconds>s, e.g. 1/1s or 20/60s")
    .transform((v) => {
      const [count, seconds] = v.slice(0, -1).split("/");
      return { count: Number(count), perMs: Math.round(Number(seconds) * 1000) };
    })
    .refine((r) => r.count > 0 && r.perMs > 0, "expected a count and a window above zero")
    .optional(),
);
/**
 * Feishu (and Lark). The SDK's long connection does nothing, silently, with an app id
 * that is not `cli_` and 16 hex digits, so such an id stops the start here instead.
 */
const feishuConfig = {
  FEISHU_APP_ID: optionalString.refine((v) => v === undefined || /^cli_[0-9a-fA-F]{16}$/.test(v), "expected cli_ followed by 16 hex digits, as the app's credentials page shows it"),
  FEISHU_APP_SECRET: optionalString,
  FEISHU_ENCRYPT_KEY: optionalString,
  FEISHU_VERIFICATION_TOKEN: optionalString,
  FEISHU_DOMAIN: z
    .preprocess(emptyAsUndefined, z.string().default("feishu"))
    .refine((v) => v === "feishu" || v === "lark" || /^https?:\/\/[^\s]+$/.test(v), "expected feishu, lark or a base URL such as https://open.feishu.cn"),
  FEISHU_MODE: z.preprocess(emptyAsUndefined, z.enum(["ws", "http"]).default("ws")),
  FEISHU_PORT: port(3003),
  FEISHU_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
};

/** What the Feishu variables need of each other; null when they are fine. */
function feishuProblem(e: { FEISHU_APP_ID?: string; FEISHU_APP_SECRET?: string; FEISHU_MODE: string; FEISHU_ENCRYPT_KEY?: string; FEISHU_VERIFICATION_TOKEN?: string }): string | null {
  if (!e.FEISHU_APP_ID) return e.FEISHU_APP_SECRET ? "FEISHU_APP_ID: required with FEISHU_APP_SECRET" : null;
  if (!e.FEISHU_APP_SECRET) return "FEISHU_APP_SECRET: required with FEISHU_APP_ID";
  if (e.FEISHU_MODE === "http" && (!e.FEISHU_ENCRYPT_KEY || !e.FEISHU_VERIFICATION_TOKEN)) {
    return "FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN: required with FEISHU_MODE=http, so that only Feishu can post events";
  }
  return null;
}

const envSchema = z.object({
  DUBAN_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./data")),
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || /^(file:|postgres(ql)?:\/\/)/.test(v),
    "expected file:<path> or postgres://…",
  ),
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), "expected redis://…"),
  REDIS_PREFIX: z.preprocess(emptyAsUndefined, z.string().default("duban:")),
  DUBAN_LANG: z.preprocess(emptyAsUndefined, z.enum(["zh-CN", "en"]).default("zh-CN")),
  DUBAN_TZ: z.preprocess(emptyAsUndefined, z.string().default("Asia/Shanghai")).refine((tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "unknown time zone"),
  DUBAN_SECRET: optionalString,
  STALE_DAYS: positiveInt(14),
  /** Days from a sign-off to its look-back when the closure shows no risk; risks make it sooner (core/lookback-risk.ts). */
  LOOKBACK_BASE_DAYS: positiveInt(180),
  DUE_SOON_DAYS: positiveInt(7),
  RED_AFTER_RETURNS: positiveInt(2),
  PHOTO_WINDOW_MINUTES: positiveInt(10),
  /** Tries of an event that fails by itself (not the database's fault) before it is recorded as failed. */
  INBOUND_MAX_TRIES: positiveInt(3),
  /** A received event's lease: a process that died leaves its unprocessed events to the others this long. */
  INBOX_LEASE_MS: positiveInt(30_000),
  /** How often each process looks for events whose lease ran out. */
  INBOX_SWEEP_MS: positiveInt(1_000),
  RECEIPT_QUIET_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(1500)),
  MAX_PHOTO_BYTES: positiveInt(20 * 1024 * 1024),
  /** Documents sent as evidence (PDF, Word, Excel, scans) up to this many megabytes. */
  DOCUMENT_MAX_MB: positiveInt(20),
  /** A photo taken this many days before it was sent is flagged "old". */
  PHOTO_OLD_DAYS: positiveInt(30),
  /** A photo whose GPS puts it farther than this many metres from its item's coordinates is flagged "far_from_place". */
  PHOTO_FAR_METERS: positiveInt(1000),
  /** A sign-off whose newest evidence photo is older than this many days is warned about. */
  SIGNOFF_PHOTO_DAYS: positiveInt(14),
  /** Perceptual hashes (256 bits) this close are the same picture: flagged "reused". */
  PHASH_MAX_DISTANCE: positiveInt(12),
  DIGEST_TIME: z.preprocess(emptyAsUndefined, hhmm.default("08:30")),
  REMINDER_TIME: z.preprocess(emptyAsUndefined, hhmm.default("09:00")),
  QUIET_HOURS: z.preprocess(emptyAsUndefined, hhmmRange.default("21:00-08:00")),
  WEB_PORT: port(3000),
  WEB_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  /** Web chat sockets one signed-in session may hold at once (tabs, devices). */
  WEB_MAX_CONNECTIONS: positiveInt(10),
  /** The reverse proxies whose X-Forwarded-For the web chat believes. */
  TRUST_PROXY: addressList,
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.preprocess(emptyAsUndefined, z.string().url().default("https://api.telegram.org")),
  TELEGRAM_WEBHOOK_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "expected a URL"),
  TELEGRAM_WEBHOOK_SECRET: optionalString.refine(
    (v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v),
    "1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)",
  ),
  // Listeners sit behind a reverse proxy on the same machine (README): loopback unless told.
  TELEGRAM_WEBHOOK_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  TELEGRAM_WEBHOOK_PORT: port(8443),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: z.preprocess(emptyAsUndefined, z.string().url().default("https://slack.com/api/")),
  SLACK_PORT: port(3001),
  SLACK_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  SLACK_RATE_PER_CHAT: rateLimit,
  SLACK_RATE_GLOBAL: rateLimit,
  TELEGRAM_RATE_PER_CHAT: rateLimit,
  TELEGRAM_RATE_GLOBAL: rateLimit,
  /** /healthz, /readyz and /metrics; 0 turns them off. */
  METRICS_PORT: port(9464),
  METRICS_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  // DingTalk (钉钉): the app's AppKey and AppSecret; the addresses move for government editions and tests.
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_API_URL: z.preprocess(emptyAsUndefined, z.string().url().default("https://api.dingtalk.com")),
  DINGTALK_OAPI_URL: z.preprocess(emptyAsUndefined, z.string().url().default("https://oapi.dingtalk.com")),
  DINGTALK_GATEWAY_URL: z.preprocess(emptyAsUndefined, z.string().url().default("https://api.dingtalk.com/v1.0/gateway/connections/open")),
  DINGTALK_MODE: z.preprocess(emptyAsUndefined, z.enum(["stream", "http"]).default("stream")),
  DINGTALK_PORT: port(3002),
  DINGTALK_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  DINGTALK_CARD_TEMPLATE_ID: optionalString,
  // HTTP mode's event subscription (事件订阅): the Token and aes_key the console's 加密 aes_key / 签名 token fields show.
  DINGTALK_EVENT_TOKEN: optionalString,
  DINGTALK_EVENT_AES_KEY: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v), "43 letters and digits (the event subscription's aes_key)"),
  ...feishuConfig,
  // WeCom (企业微信 / 政务微信) self-built app: the five values from the admin console (README).
  WECOM_CORP_ID: optionalString,
  WECOM_AGENT_ID: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().optional()),
  WECOM_SECRET: optionalString,
  WECOM_TOKEN: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{1,32}$/.test(v), "1-32 letters and digits (WeCom's rule)"),
  WECOM_AES_KEY: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v), "43 letters and digits (WeCom's EncodingAESKey)"),
  WECOM_API_URL: z.preprocess(emptyAsUndefined, z.string().url().default("https://qyapi.weixin.qq.com")),
  WECOM_PORT: port(3004),
  WECOM_HOST: z.preprocess(emptyAsUndefined, z.string().default("127.0.0.1")),
  // Messages with formatting go as WeCom markdown; 0 sends everything as text, for deployments read in WeChat (微信插件).
  WECOM_APP_MARKDOWN: flag(true),
  // WeCom intelligent robot (智能机器人), long-connection mode: the robot's Bot ID and Secret (README).
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_BOT_WS_URL: z.preprocess(
    emptyAsUndefined,
    z.string().url().refine((v) => /^wss?:\/\//.test(v), "a ws:// or wss:// address").default("wss://openws.work.weixin.qq.com"),
  ),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error", "silent"]).default("info")),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** Resolved absolute data directory. */
  dataDir: string;
  /** The database actually used: the default SQLite file when DATABASE_URL is unset. */
  databaseUrl: string;
  dbKind: "sqlite" | "postgres";
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    throw new ConfigError("Invalid configuration:\n  SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set");
  }
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError("Invalid configuration:\n  TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL, so that only Telegram can post updates");
  }
  dingtalkConfig(e);
  const feishu = feishuProblem(e);
  if (feishu) throw new ConfigError(`Invalid configuration:\n  ${feishu}`);
  const wecomApp = [e.WECOM_CORP_ID, e.WECOM_AGENT_ID, e.WECOM_SECRET, e.WECOM_TOKEN, e.WECOM_AES_KEY];
  if (wecomApp.some((v) => v !== undefined) && wecomApp.some((v) => v === undefined)) {
    throw new ConfigError("Invalid configuration:\n  WECOM_*: the WeCom app needs all of WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY");
  }
  if (Boolean(e.WECOM_BOT_ID) !== Boolean(e.WECOM_BOT_SECRET)) {
    throw new ConfigError("Invalid configuration:\n  WECOM_BOT_SECRET: the WeCom robot needs WECOM_BOT_ID and WECOM_BOT_SECRET together (the robot's Bot ID and Secret)");
  }
  const dataDir = resolve(e.DUBAN_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${resolve(dataDir, "duban.db")}`;
  return { ...e, dataDir, databaseUrl, dbKind: databaseUrl.startsWith("file:") ? "sqlite" : "postgres" };
}

/** DingTalk's variables that only make sense together. */
function dingtalkConfig(e: Env): void {
  if (Boolean(e.DINGTALK_CLIENT_ID) !== Boolean(e.DINGTALK_CLIENT_SECRET)) {
    throw new ConfigError("Invalid configuration:\n  DINGTALK_CLIENT_SECRET: DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are set together (the app's AppKey and AppSecret)");
  }
  // Card button presses come back over the stream; HTTP mode has no route for them.
  if (e.DINGTALK_CARD_TEMPLATE_ID && e.DINGTALK_MODE === "http") {
    throw new ConfigError("Invalid configuration:\n  DINGTALK_CARD_TEMPLATE_ID: interactive cards need DINGTALK_MODE=stream");
  }
  if (Boolean(e.DINGTALK_EVENT_TOKEN) !== Boolean(e.DINGTALK_EVENT_AES_KEY)) {
    throw new ConfigError("Invalid configuration:\n  DINGTALK_EVENT_AES_KEY: DINGTALK_EVENT_TOKEN and DINGTALK_EVENT_AES_KEY are set together (the event subscription's token and aes_key)");
  }
  // Stream mode receives events over the stream; the keys would be read by nothing.
  if (e.DINGTALK_EVENT_TOKEN && e.DINGTALK_MODE !== "http") {
    throw new ConfigError("Invalid configuration:\n  DINGTALK_EVENT_TOKEN: the event subscription's HTTP push is read only with DINGTALK_MODE=http");
  }
}

/** The traffic-light thresholds the configuration sets. */
export function thresholdsOf(config: Config): Thresholds {
  return { staleDays: config.STALE_DAYS, dueSoonDays: config.DUE_SOON_DAYS, redAfterReturns: config.RED_AFTER_RETURNS };
}

/** The configured rate limits that replace an adapter's own, by platform. */
export function ratesOf(config: Config): Partial<Record<"slack" | "telegram", Partial<{ perChat: RateLimit; global: RateLimit }>>> {
  const rates = (perChat: RateLimit | undefined, global: RateLimit | undefined) => ({ ...(perChat ? { perChat } : {}), ...(global ? { global } : {}) });
  return {
    slack: rates(config.SLACK_RATE_PER_CHAT, config.SLACK_RATE_GLOBAL),
    telegram: rates(config.TELEGRAM_RATE_PER_CHAT, config.TELEGRAM_RATE_GLOBAL),
  };
}
