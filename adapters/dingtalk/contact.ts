/**
 * The person's unionId (their id across the organisation's DingTalk apps), looked up when
 * they bind so that it is recorded beside the staff id: robot messages carry the staff id
 * (`senderStaffId`) only. `POST {DINGTALK_OAPI_URL}/topapi/v2/user/get?access_token=…`
 * with `{ userid }` answers `{ errcode: 0, result: { userid, unionid, … } }`
 * (open.dingtalk.com/document/orgapp/query-user-details; needs the app permission
 * 通讯录个人信息读权限 / qyapi_get_member). The app's OpenAPI token is accepted by the old API.
 *
 * A failed lookup never stops the binding: the identity is bound by its staff id, which is
 * what every later message is matched on, and the lookup is logged.
 */
import { z } from "zod";
import type { EventSink, InboundEvent } from "../../src/core/chat";
import { splitCommand, parseCommand } from "../../src/core/commands";
import type { Logger } from "../../src/log";
import { apiUrl, DingTalkApiError, postJson, readAnswer } from "./api";
import type { TokenSource } from "./token";

const userAnswer = z.looseObject({ result: z.looseObject({ unionid: z.string().min(1) }) });

/** The old API's answers for a token it no longer takes (invalid, expired). */
const STALE_TOKEN = new Set(["40014", "42001"]);

export async function lookupUnionId(userId: string, deps: { oapiUrl: string; tokens: TokenSource }): Promise<string> {
  const call = async (token: string) =>
    userAnswer.parse(
      await readAnswer(await postJson(`${apiUrl(deps.oapiUrl, "/topapi/v2/user/get")}?access_token=${encodeURIComponent(token)}`, { userid: userId }), "user details"),
    ).result.unionid;
  const token = await deps.tokens.get();
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof DingTalkApiError) || !err.code || !STALE_TOKEN.has(err.code)) throw err;
    deps.tokens.invalidate(token);
    return call(await deps.tokens.get());
  }
}

function isBind(event: InboundEvent): boolean {
  const typed = event.command ?? splitCommand(event.text);
  if (!typed) return false;
  // The day only matters to date arguments, which /绑定 has none of.
  const parsed = parseCommand(typed.name, typed.args, "1970-01-01");
  return parsed.ok && parsed.command.name === "bind";
}

/** The sink, with the union id added to `/绑定` events before the bot sees them. */
export function withUnionIds(sink: EventSink, deps: { oapiUrl: string; tokens: TokenSource; log: Logger }): EventSink {
  return async (event) => {
    if (!isBind(event) || event.sender.unionId) return sink(event);
    let unionId: string | undefined;
    try {
      unionId = await lookupUnionId(event.sender.userId, deps);
    } catch (err) {
      deps.log.warn("dingtalk union id lookup failed; binding by staff id only", { userId: event.sender.userId, err });
    }
    return sink(unionId ? { ...event, sender: { ...event.sender, unionId } } : event);
  };
}
