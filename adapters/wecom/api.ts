/**
 * Calls to WeCom's server API (https://developer.work.weixin.qq.com/document/path/90664):
 * every call carries an access token, answers HTTP 200 with `errcode` (0 = ok) and is cut
 * off after a timeout, so that a slow WeCom degrades a send for seconds, never freezes it.
 *
 * The token (GET /cgi-bin/gettoken, valid `expires_in` seconds, 7200 by default) is cached
 * and fetched again shortly before it runs out. WeCom may still invalidate it early (the
 * secret was reset, another process fetched a new one): a call answered with a token error
 * drops the cached token and is made once more with a fresh one.
 */
import { z } from "zod";

/** errcodes meaning the token is bad or expired: 40001 invalid credential, 40014 invalid token, 42001 expired. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Fetch a new token this long before WeCom says the old one expires. */
const EARLY_MS = 5 * 60_000;
export const CALL_TIMEOUT_MS = 10_000;

/** WeCom answered, with an errcode other than 0. */
export class WecomApiError extends Error {
  override name = "WecomApiError";
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${path}: errcode ${errcode} ${errmsg}`);
  }
}

/** WeCom (or a gateway in front of it, as 政务微信 deployments have) answered with an HTTP error. */
export class WecomHttpError extends Error {
  override name = "WecomHttpError";
  constructor(
    readonly path: string,
    readonly status: number,
    readonly retryAfterSec: number | undefined,
  ) {
    super(`${path}: HTTP ${status}`);
  }
}

const answerSchema = z.looseObject({ errcode: z.number().int().optional(), errmsg: z.string().optional() });
const tokenSchema = z.object({ errcode: z.number().int().optional(), access_token: z.string().min(1), expires_in: z.number().int().positive() });

export interface WecomApiOptions {
  apiUrl: string;
  corpId: string;
  secret: string;
  now?: () => number;
  timeoutMs?: number;
}

export interface WecomApi {
  /** The access token, fetched when none is cached: gettoken is where WeCom judges WECOM_CORP_ID and WECOM_SECRET. */
  token(): Promise<string>;
  /** POST a JSON body (or GET when body is undefined); resolves with the answer once errcode is 0. */
  call(path: string, body?: unknown, query?: Record<string, string>): Promise<Record<string, unknown>>;
  /** POST multipart/form-data (media/upload). */
  upload(path: string, form: FormData, query: Record<string, string>): Promise<Record<string, unknown>>;
  /** GET raw bytes (media/get); an errcode answer (JSON) throws. */
  bytes(path: string, query: Record<string, string>): Promise<{ bytes: Uint8Array; contentType: string }>;
}

function retryAfterOf(res: Response): number | undefined {
  const v = Number(res.headers.get("retry-after"));
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

export function createWecomApi(opts: WecomApiOptions): WecomApi {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? CALL_TIMEOUT_MS;
  const base = opts.apiUrl.replace(/\/+$/, "");
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;

  const url = (path: string, query: Record<string, string>) => `${base}${path}?${new URLSearchParams(query).toString()}`;

  async function request(path: string, query: Record<string, string>, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url(path, query), { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new WecomHttpError(path, res.status, retryAfterOf(res));
    return res;
  }

  async function checked(path: string, res: Response): Promise<Record<string, unknown>> {
    const answer = answerSchema.parse(await res.json());
    if (answer.errcode !== undefined && answer.errcode !== 0) throw new WecomApiError(path, answer.errcode, answer.errmsg ?? "");
    return answer;
  }

  async function fetchToken(): Promise<string> {
    const path = "/cgi-bin/gettoken";
    const res = await request(path, { corpid: opts.corpId, corpsecret: opts.secret });
    const raw = (await res.json()) as { errcode?: number; errmsg?: string };
    if (raw.errcode) throw new WecomApiError(path, raw.errcode, raw.errmsg ?? "");
    const t = tokenSchema.parse(raw);
    cached = { token: t.access_token, until: now() + t.expires_in * 1000 - EARLY_MS };
    return t.access_token;
  }

  function token(): Promise<string> {
    if (cached && now() < cached.until) return Promise.resolve(cached.token);
    // One fetch at a time: concurrent sends share it instead of invalidating each other's token.
    pending ??= fetchToken().finally(() => (pending = undefined));
    return pending;
  }

  async function withToken<T>(run: (token: string) => Promise<T>): Promise<T> {
    const first = await token();
    try {
      return await run(first);
    } catch (err) {
      if (!(err instanceof WecomApiError) || !TOKEN_ERRORS.has(err.errcode)) throw err;
      if (cached?.token === first) cached = undefined;
      return run(await token());
    }
  }

  return {
    token,
    call: (path, body, query = {}) =>
      withToken(async (access_token) => {
        const init: RequestInit =
          body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
        return checked(path, await request(path, { ...query, access_token }, init));
      }),
    upload: (path, form, query) =>
      withToken(async (access_token) => checked(path, await request(path, { ...query, access_token }, { method: "POST", body: form }))),
    bytes: (path, query) =>
      withToken(async (access_token) => {
        const res = await request(path, { ...query, access_token });
        const contentType = res.headers.get("content-type") ?? "";
        // media/get answers an error as JSON (an expired media_id: 40007) with status 200.
        if (contentType.includes("application/json")) {
          await checked(path, res);
          throw new WecomApiError(path, -1, "media/get answered JSON without an error");
        }
        return { bytes: new Uint8Array(await res.arrayBuffer()), contentType };
      }),
  };
}
