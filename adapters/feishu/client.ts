/**
 * The SDK's Client, built so that Feishu degrades for seconds rather than freezing the
 * bot: every HTTP call has a timeout, and the tenant access token lives in this
 * adapter's own cache (not the SDK's process-wide one), which send.ts empties when
 * Feishu says the token is no longer valid.
 */
import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../../src/log";

/** Every call to Feishu's open API gives up after this long. */
export const HTTP_TIMEOUT_MS = 15_000;

export interface TokenCache {
  // The SDK keys its token by a Symbol object type.
  set(key: string | Symbol, value: unknown, expire?: number, options?: { namespace?: string }): Promise<boolean>;
  get(key: string | Symbol, options?: { namespace?: string }): Promise<unknown>;
  clear(): void;
}

function tokenCache(): TokenCache {
  const entries = new Map<string, { value: unknown; expire?: number }>();
  const name = (key: string | Symbol, ns?: string) => `${ns ?? ""}:${String(key)}`;
  return {
    async set(key, value, expire, options) {
      entries.set(name(key, options?.namespace), { value, ...(expire !== undefined ? { expire } : {}) });
      return true;
    },
    async get(key, options) {
      const entry = entries.get(name(key, options?.namespace));
      if (!entry) return undefined;
      if (entry.expire !== undefined && entry.expire < Date.now()) return undefined;
      return entry.value;
    },
    clear: () => entries.clear(),
  };
}

/** The SDK's own axios instance, cloned with a timeout and with its response unwrapping. */
export function httpInstance(): lark.HttpInstance {
  const http = lark.defaultHttpInstance.create({ timeout: HTTP_TIMEOUT_MS });
  http.interceptors.response.use((resp) =>
    (resp.config as { $return_headers?: boolean }).$return_headers ? ({ data: resp.data, headers: resp.headers } as never) : resp.data,
  );
  return http as unknown as lark.HttpInstance;
}

export function sdkLogger(log: Logger) {
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  return {
    error: (...a: unknown[]) => log.warn(`feishu sdk: ${line(a)}`),
    warn: (...a: unknown[]) => log.warn(`feishu sdk: ${line(a)}`),
    info: (...a: unknown[]) => log.debug(`feishu sdk: ${line(a)}`),
    debug: (...a: unknown[]) => log.debug(`feishu sdk: ${line(a)}`),
    trace: (...a: unknown[]) => log.debug(`feishu sdk: ${line(a)}`),
  };
}

export function feishuDomain(domain: string): lark.Domain | string {
  if (domain === "feishu") return lark.Domain.Feishu;
  if (domain === "lark") return lark.Domain.Lark;
  return domain.replace(/\/+$/, "");
}

export function createClient(opts: { appId: string; appSecret: string; domain: string; log: Logger }) {
  const cache = tokenCache();
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: feishuDomain(opts.domain),
    appType: lark.AppType.SelfBuild,
    cache,
    httpInstance: httpInstance(),
    logger: sdkLogger(opts.log),
    loggerLevel: lark.LoggerLevel.debug,
  });
  return { client, cache };
}
