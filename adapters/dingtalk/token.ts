/**
 * The app's access token, from `POST {DINGTALK_API_URL}/v1.0/oauth2/accessToken` with the
 * AppKey and AppSecret (open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app:
 * answer `{ accessToken, expireIn }`, expireIn in seconds, 7200 today). Not through the
 * SDK's getAccessToken, whose address is fixed to oapi.dingtalk.com.
 *
 * The token is taken again REFRESH_MARGIN_MS before DingTalk says it expires, and at once
 * when DingTalk refuses it (invalidate()): a token revoked early, or a clock that drifted.
 * Concurrent callers share one request.
 */
import { z } from "zod";
import type { Clock } from "../../src/core/clock";
import { apiUrl, postJson, readAnswer } from "./api";

export const REFRESH_MARGIN_MS = 5 * 60_000;

const tokenAnswer = z.object({ accessToken: z.string().min(1), expireIn: z.number().positive() });

export interface TokenSource {
  get(): Promise<string>;
  /** DingTalk refused this token: the next get() fetches a new one. */
  invalidate(token: string): void;
}

export function createTokenSource(opts: { apiUrl: string; clientId: string; clientSecret: string; clock: Clock }): TokenSource {
  let current: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const res = await postJson(apiUrl(opts.apiUrl, "/v1.0/oauth2/accessToken"), { appKey: opts.clientId, appSecret: opts.clientSecret });
    const answer = tokenAnswer.parse(await readAnswer(res, "access token"));
    current = { token: answer.accessToken, refreshAt: opts.clock.now().getTime() + answer.expireIn * 1000 - REFRESH_MARGIN_MS };
    return answer.accessToken;
  }

  return {
    async get() {
      if (current && opts.clock.now().getTime() < current.refreshAt) return current.token;
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
  };
}
