/**
 * Posting to DingTalk. A reply goes through the conversation's session webhook while it is
 * valid (it needs no permission and answers at once); otherwise, and for whatever the
 * session webhook cannot carry (pictures, files), through the OpenAPI: groupMessages/send
 * for a group, oToMessages/batchSend one-to-one (personal reminders). Request shapes from
 * open.dingtalk.com/document/orgapp/the-robot-sends-a-group-message,
 * .../chatbots-send-one-on-one-chat-messages-in-batches and the message keys in
 * .../robot-message-types-and-data-format; pictures and files are uploaded first through the
 * old API's media/upload (open.dingtalk.com/document/orgapp/upload-media-files).
 *
 * A send makes one attempt; the dispatcher owns retries and rate limits. The exception is
 * a refused access token: it is fetched anew and the call made once more, since DingTalk
 * did nothing with the refused one.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { ChatRef, OutboundMessage, SendFailure } from "../../src/core/chat";
import type { Clock } from "../../src/core/clock";
import { evidencePath } from "../../src/ledger/evidence";
import { apiUrl, CALL_TIMEOUT_MS, DingTalkApiError, postJson, readAnswer } from "./api";
import type { Lang } from "../../src/core/types";
import { messagesFor } from "../../src/i18n/index";
import { mentionHint, renderMessage, type DingMessage } from "./format";
import { outTrackIdFor, type SessionHook } from "./parse";
import type { TokenSource } from "./token";

/** A session webhook this close to its expiry is not used: the send could arrive after it. */
const HOOK_MARGIN_MS = 60_000;

export class MissingEvidence extends Error {
  override name = "MissingEvidence";
}

export interface SendDeps {
  apiUrl: string;
  oapiUrl: string;
  robotCode: string;
  tokens: TokenSource;
  /** Session webhooks by chat id, from the latest message in each chat. */
  hooks: Map<string, SessionHook>;
  clock: Clock;
  dataDir: string;
  /** An interactive card template with callbacks for buttons (DINGTALK_CARD_TEMPLATE_ID). */
  cardTemplateId?: string;
  /** The language of what the adapter adds itself (how to answer a button in a group). */
  lang: Lang;
}

/** A call with the access token; a refused token is replaced once. */
async function withToken<T>(deps: SendDeps, call: (token: string) => Promise<T>): Promise<T> {
  const token = await deps.tokens.get();
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof DingTalkApiError) || !isTokenRefused(err)) throw err;
    deps.tokens.invalidate(token);
    return call(await deps.tokens.get());
  }
}

function isTokenRefused(err: DingTalkApiError): boolean {
  // 401 from the OpenAPI; errcode 40014 / 42001 (invalid / expired token) from the old API.
  return err.status === 401 || err.code === "InvalidAuthentication" || err.code === "40014" || err.code === "42001";
}

async function openApi(deps: SendDeps, path: string, body: unknown, what: string): Promise<unknown> {
  return withToken(deps, async (token) => readAnswer(await postJson(apiUrl(deps.apiUrl, path), body, { "x-acs-dingtalk-access-token": token }), what));
}

/** The OpenAPI's message key and parameters for one rendered message. */
function openApiMessage(m: DingMessage): { msgKey: string; msgParam: Record<string, string> } {
  if (m.kind === "markdown") return { msgKey: "sampleMarkdown", msgParam: { title: m.title, text: m.text } };
  if (m.buttons.length === 1) {
    const [b] = m.buttons;
    return { msgKey: "sampleActionCard", msgParam: { title: m.title, text: m.text, singleTitle: b!.title, singleURL: b!.url } };
  }
  const msgParam: Record<string, string> = { title: m.title, text: m.text };
  m.buttons.forEach((b, i) => {
    msgParam[`actionTitle${i + 1}`] = b.title;
    msgParam[`actionURL${i + 1}`] = b.url;
  });
  return { msgKey: `sampleActionCard${m.buttons.length}`, msgParam };
}

/** The same message as a session webhook takes it. */
function hookBody(m: DingMessage): unknown {
  if (m.kind === "markdown") return { msgtype: "markdown", markdown: { title: m.title, text: m.text } };
  return { msgtype: "actionCard", actionCard: { title: m.title, text: m.text, btnOrientation: "0", btns: m.buttons.map((b) => ({ title: b.title, actionURL: b.url })) } };
}

async function viaOpenApi(deps: SendDeps, to: ChatRef, message: { msgKey: string; msgParam: Record<string, string> }): Promise<string> {
  const common = { robotCode: deps.robotCode, msgKey: message.msgKey, msgParam: JSON.stringify(message.msgParam) };
  if (to.direct) {
    const answer = (await openApi(deps, "/v1.0/robot/oToMessages/batchSend", { ...common, userIds: [to.chatId] }, "one-to-one message")) as {
      processQueryKey?: string;
      invalidStaffIdList?: string[];
      flowControlledStaffIdList?: string[];
    };
    // DingTalk answers 200 and lists the people it did not send to.
    if (answer.flowControlledStaffIdList?.includes(to.chatId)) throw new DingTalkApiError("one-to-one message: flow controlled", 429, "flowControlled", undefined);
    if (answer.invalidStaffIdList?.includes(to.chatId)) throw new DingTalkApiError(`one-to-one message: ${to.chatId} is not a staff id DingTalk knows`, 400, "invalidStaffId", undefined);
    return answer.processQueryKey ?? randomId();
  }
  const answer = (await openApi(deps, "/v1.0/robot/groupMessages/send", { ...common, openConversationId: to.chatId }, "group message")) as { processQueryKey?: string };
  return answer.processQueryKey ?? randomId();
}

const randomId = () => `dt:${randomBytes(8).toString("hex")}`;

async function viaHook(hook: SessionHook, token: string, m: DingMessage): Promise<string> {
  await readAnswer(await postJson(hook.url, hookBody(m), { "x-acs-dingtalk-access-token": token }), "session webhook");
  // The session webhook answers without a message id.
  return randomId();
}

/**
 * An interactive card (a template with callbacks) carrying the text and the buttons, in
 * the card params the README names. The body's fields (cardTemplateId, outTrackId,
 * callbackType, cardData.cardParamMap, openSpaceId `dtv1.card//IM_GROUP.<openConversationId>`
 * or `dtv1.card//IM_ROBOT.<userId>`, im{Group,Robot}OpenSpaceModel and
 * im{Group,Robot}OpenDeliverModel with the robotCode) as DingTalk's own SDK sends them:
 * CreateAndDeliverRequest in github.com/aliyun/dingtalk-sdk,
 * dingtalk/python/alibabacloud_dingtalk/card_1_0/models.py
 * (open.dingtalk.com/document/orgapp/create-and-deliver-cards).
 */
async function viaCard(deps: SendDeps, to: ChatRef, m: Extract<DingMessage, { kind: "actionCard" }>): Promise<string> {
  const outTrackId = outTrackIdFor(to.chatId, to.direct, randomBytes(8).toString("hex"));
  const space = to.direct ? `dtv1.card//IM_ROBOT.${to.chatId}` : `dtv1.card//IM_GROUP.${to.chatId}`;
  await openApi(
    deps,
    "/v1.0/card/instances/createAndDeliver",
    {
      cardTemplateId: deps.cardTemplateId,
      outTrackId,
      callbackType: "STREAM",
      cardData: { cardParamMap: { title: m.title, markdown: m.text, buttons: JSON.stringify(m.buttons.map((b) => ({ label: b.title, data: b.data }))) } },
      openSpaceId: space,
      ...(to.direct
        ? { imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: "IM_ROBOT", robotCode: deps.robotCode } }
        : { imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode: deps.robotCode } }),
    },
    "interactive card",
  );
  return outTrackId;
}

/** Upload a picture or file through the old API: its media id is what the robot message names. */
async function upload(deps: SendDeps, bytes: Uint8Array, name: string, type: "image" | "file"): Promise<string> {
  return withToken(deps, async (token) => {
    const form = new FormData();
    form.append("media", new Blob([new Uint8Array(bytes)]), name);
    const url = `${apiUrl(deps.oapiUrl, "/media/upload")}?access_token=${encodeURIComponent(token)}&type=${type}`;
    const res = await fetch(url, { method: "POST", body: form, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    const answer = (await readAnswer(res, "media upload")) as { media_id?: string };
    if (!answer.media_id) throw new DingTalkApiError("media upload: no media_id", res.status, undefined, undefined);
    return answer.media_id;
  });
}

export async function sendMessage(deps: SendDeps, to: ChatRef, msg: OutboundMessage): Promise<{ messageId: string }> {
  const parts = renderMessage(msg);
  // Without a card template a button's link does nothing in a group (see mentionHint).
  if (!to.direct && !deps.cardTemplateId) parts.push(...mentionHint(msg, (text) => messagesFor(deps.lang).dingtalk.buttonInGroup({ text })));
  const hook = deps.hooks.get(to.chatId);
  const hookValid = hook && hook.expiresAt - HOOK_MARGIN_MS > deps.clock.now().getTime();
  let first: string | undefined;
  for (const part of parts) {
    let id: string;
    if (part.kind === "actionCard" && deps.cardTemplateId) id = await viaCard(deps, to, part);
    else if (hookValid) id = await viaHook(hook, await deps.tokens.get(), part);
    else id = await viaOpenApi(deps, to, openApiMessage(part));
    first ??= id;
  }
  for (const img of msg.images ?? []) {
    const path = await evidencePath(deps.dataDir, img.sha256);
    if (!path) throw new MissingEvidence(`no evidence file for ${img.sha256}`);
    const mediaId = await upload(deps, await readFile(path), basename(path), "image");
    const id = await viaOpenApi(deps, to, { msgKey: "sampleImageMsg", msgParam: { photoURL: mediaId } });
    first ??= id;
  }
  for (const f of msg.files ?? []) {
    const mediaId = await upload(deps, await readFile(f.path), f.name, "file");
    const id = await viaOpenApi(deps, to, { msgKey: "sampleFile", msgParam: { mediaId, fileName: f.name, fileType: extname(f.name).slice(1) || "file" } });
    first ??= id;
  }
  if (first === undefined) throw new Error("nothing to send: the message has no text, buttons or images");
  return { messageId: first };
}

/**
 * DingTalk's throttling answers: HTTP 429, and 403 with a QPS code such as
 * `Forbidden.AccessDenied.QpsLimitForAppkeyAndApi` (the app over its per-API limit) or
 * `Forbidden.AccessDenied.QpsLimitForApi`; errcode 130101 / 660026 / 410100 from the old
 * API and session webhooks ("sending too fast"). See open.dingtalk.com/document/orgapp/error-code-overview.
 */
const THROTTLE_CODES = /QpsLimit|Throttl|FlowControl|flowControlled|^130101$|^660026$|^410100$/i;

/** Whether and when a failed send is worth another attempt. */
export function classify(err: unknown): SendFailure {
  if (err instanceof DingTalkApiError) {
    const throttled = err.status === 429 || (err.code !== undefined && THROTTLE_CODES.test(err.code));
    if (throttled) {
      const afterMs = err.retryAfterMs ?? 1000;
      // A per-app limit holds for every chat: the dispatcher pauses DingTalk as a whole.
      const app = err.code !== undefined && /Appkey/i.test(err.code);
      return { retry: true, afterMs, reason: `throttled (${err.code ?? err.status}), retry after ${afterMs / 1000}s`, scope: app ? "platform" : "chat" };
    }
    if (err.status >= 500) return { retry: true, reason: err.message };
    if (isTokenRefused(err)) return { retry: true, reason: err.message };
    return { retry: false, reason: err.message };
  }
  if (err instanceof MissingEvidence) return { retry: false, reason: err.message };
  const name = (err as { name?: string })?.name;
  if (name === "TimeoutError" || name === "AbortError") return { retry: true, reason: "DingTalk did not answer in time" };
  return { retry: true, reason: err instanceof Error ? err.message : String(err) };
}
