/**
 * Calls to DingTalk's OpenAPI (api.dingtalk.com or a government edition's own address):
 * JSON in and out, the app's access token in `x-acs-dingtalk-access-token`, a timeout on
 * every call so that a DingTalk that hangs degrades the bot for seconds, never freezes it.
 *
 * Failures become DingTalkApiError with what classify() needs: the HTTP status, DingTalk's
 * own error code (`Forbidden.AccessDenied.QpsLimitForAppkeyAndApi`, `InvalidAuthentication`…)
 * and a Retry-After when one was sent. Error body shape `{ code, message, requestid }` as in
 * DingTalk's docs (open.dingtalk.com/document/orgapp/error-code-overview).
 */
import { z } from "zod";

/** Every DingTalk call gives up after this long. */
export const CALL_TIMEOUT_MS = 15_000;

export class DingTalkApiError extends Error {
  override name = "DingTalkApiError";
  constructor(
    message: string,
    readonly status: number,
    /** DingTalk's error code from the body, or its old API's numeric errcode. */
    readonly code: string | undefined,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

const errorBody = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});

function retryAfterOf(res: Response): number | undefined {
  const header = res.headers.get("retry-after");
  if (!header) return undefined;
  const sec = Number(header);
  return Number.isFinite(sec) && sec >= 0 ? sec * 1000 : undefined;
}

/** Read a DingTalk answer: the JSON body on success, a DingTalkApiError otherwise. */
export async function readAnswer(res: Response, what: string): Promise<unknown> {
  const raw = await res.text();
  let body: unknown = undefined;
  try {
    body = raw ? JSON.parse(raw) : {};
  } catch {
    body = undefined;
  }
  const parsed = errorBody.safeParse(body);
  const e = parsed.success ? parsed.data : {};
  // The old (oapi) API and session webhooks answer HTTP 200 with a non-zero errcode.
  if (!res.ok || (e.errcode !== undefined && e.errcode !== 0)) {
    const code = e.code !== undefined ? String(e.code) : e.errcode !== undefined ? String(e.errcode) : undefined;
    const message = e.message ?? e.errmsg ?? raw.slice(0, 200);
    throw new DingTalkApiError(`${what}: HTTP ${res.status} ${code ?? ""} ${message}`.trim(), res.status, code, retryAfterOf(res));
  }
  if (body === undefined) throw new DingTalkApiError(`${what}: answer is not JSON`, res.status, undefined, undefined);
  return body;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
}

/** The base URL with a path appended, whatever trailing slash the configuration has. */
export function apiUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
