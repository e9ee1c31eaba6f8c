/**
 * Posting through WeCom's API: a person's chat with the app by message/send
 * (https://developer.work.weixin.qq.com/document/path/90236), an app group chat by
 * appchat/send (https://developer.work.weixin.qq.com/document/path/90248), pictures and
 * files uploaded first by media/upload (path/90253). classify() reads WeCom's errcodes
 * (https://developer.work.weixin.qq.com/document/path/90313).
 *
 * A send makes one attempt (beyond the token refresh in api.ts): the dispatcher owns
 * retries. Once a first part is shown, sending the whole message again would show it
 * twice, so later parts wait out a frequency limit themselves.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { ChatRef, OutboundMessage, SendFailure } from "../../src/core/chat";
import { evidencePath } from "../../src/ledger/evidence";
import type { Logger } from "../../src/log";
import { TOKEN_ERRORS, WecomApiError, WecomHttpError, type WecomApi } from "./api";
import { cardsOf, hasFormatting, markdownParts, textParts } from "./format";
import { messagesFor } from "../../src/i18n/index";
import type { Lang } from "../../src/core/types";

/** 45009: API frequency limit; 45033: too many concurrent calls. WeCom counts per minute. */
const FREQUENCY_ERRORS = new Set([45009, 45033]);
const FREQUENCY_WAIT_MS = 60_000;
/** -1: 系统繁忙 (system busy), worth another try. */
const BUSY = -1;
const GETTOKEN = "/cgi-bin/gettoken";
const PART_TRIES = 3;
/**
 * 40008 不合法的消息类型 / invalid message type (全局错误码, path/90313): what WeCom answers a msgtype it
 * does not take; an older 政务微信 deployment may answer a markdown send so.
 */
export const MSGTYPE_REFUSED = 40008;

/**
 * WeCom takes a picture only as JPG or PNG of at most 10 MB (上传临时素材, path/90253: 图片（image）：10MB，
 * 支持JPG,PNG格式; the robot's the same, node_modules/@wecom/aibot-node-sdk/dist/types/api.d.ts), while
 * evidence photos may be WebP, GIF, HEIC or AVIF from other channels and up to MAX_PHOTO_BYTES. Those go
 * as a file (20 MB), which the person opens as the photo it is, instead of a refused upload losing it.
 */
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const photoUpload = (path: string, size: number): "image" | "file" =>
  /\.(jpe?g|png)$/i.test(path) && size <= IMAGE_MAX_BYTES ? "image" : "file";

export class MissingEvidence extends Error {
  override name = "MissingEvidence";
}

export interface SendDeps {
  api: WecomApi;
  agentId: number;
  dataDir: string;
  log: Logger;
  /** Wait inside a split message after a frequency limit (a test makes it short). */
  partWaitMs: number;
  lang: Lang;
  /** Send messages with formatting as markdown (WECOM_APP_MARKDOWN). */
  markdown: boolean;
  /** Chats that refused a markdown message (40008): they get text from then on, until the process restarts. */
  textOnly: Set<string>;
}

const chatKey = (to: ChatRef) => `${to.direct ? "user" : "chat"}:${to.chatId}`;

type Body = { msgtype: string } & Record<string, unknown>;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function post(deps: SendDeps, to: ChatRef, body: Body): Promise<string> {
  if (to.direct) {
    const res = await deps.api.call("/cgi-bin/message/send", { touser: to.chatId, agentid: deps.agentId, ...body });
    // WeCom answers 0 but lists the userids it could not reach (left the corp, not in the app's range).
    if (typeof res.invaliduser === "string" && res.invaliduser !== "") throw new WecomApiError("/cgi-bin/message/send", 81013, `invaliduser ${res.invaliduser}`);
    return typeof res.msgid === "string" ? res.msgid : randomUUID();
  }
  await deps.api.call("/cgi-bin/appchat/send", { chatid: to.chatId, ...body });
  // appchat/send answers no message id: the bot's own one stands in.
  return `appchat-${randomUUID()}`;
}

async function uploaded(deps: SendDeps, type: "image" | "file", bytes: Buffer, name: string): Promise<string> {
  const form = new FormData();
  form.append("media", new Blob([new Uint8Array(bytes)]), name);
  const res = await deps.api.upload("/cgi-bin/media/upload", form, { type });
  if (typeof res.media_id !== "string") throw new WecomApiError("/cgi-bin/media/upload", BUSY, "no media_id");
  return res.media_id;
}

export async function sendMessage(deps: SendDeps, to: ChatRef, msg: OutboundMessage): Promise<{ messageId: string }> {
  const attachments: { type: "image" | "file"; bytes: Buffer; name: string }[] = [];
  for (const img of msg.images ?? []) {
    const path = await evidencePath(deps.dataDir, img.sha256);
    if (!path) throw new MissingEvidence(`no evidence file for ${img.sha256}`);
    const bytes = await readFile(path);
    attachments.push({ type: photoUpload(path, bytes.length), bytes, name: basename(path) });
  }
  for (const f of msg.files ?? []) attachments.push({ type: "file", bytes: await readFile(f.path), name: f.name });

  let first: string | undefined;
  const step = async (call: () => Promise<string>) => {
    if (first === undefined) return (first = await call());
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof WecomApiError && FREQUENCY_ERRORS.has(err.errcode)) || attempt >= PART_TRIES) throw err;
        deps.log.warn("wecom frequency limit inside a split message; waiting", { errcode: err.errcode });
        await sleep(deps.partWaitMs);
      }
    }
  };

  let asText = !(deps.markdown && hasFormatting(msg) && !deps.textOnly.has(chatKey(to)));
  if (!asText) {
    try {
      for (const content of markdownParts(msg)) await step(() => post(deps, to, { msgtype: "markdown", markdown: { content } }));
    } catch (err) {
      // Refused before anything was shown: this chat takes no markdown, so the message goes again as text.
      if (!(first === undefined && err instanceof WecomApiError && err.errcode === MSGTYPE_REFUSED)) throw err;
      deps.log.warn("wecom refused a markdown message (40008); sending text to this chat from now on", { chat: chatKey(to) });
      deps.textOnly.add(chatKey(to));
      asText = true;
    }
  }
  if (asText) for (const content of textParts(msg)) await step(() => post(deps, to, { msgtype: "text", text: { content } }));
  if (to.direct) for (const card of cardsOf(msg)) await step(() => post(deps, to, { msgtype: "template_card", template_card: card }));
  else {
    // appchat/send documents text, image, voice, video, file, textcard, news, mpnews and markdown, no
    // template_card (developer.work.weixin.qq.com/document/path/90248), and members' messages in an app
    // group chat never reach the callback: a dead card would mislead, so the choices are listed as text.
    const choices = (msg.buttons ?? []).flat().map((b, i) => `${i + 1}. ${b.label}`);
    const content = choices.length > 0 ? messagesFor(deps.lang).wecom.choicesElsewhere({ choices: choices.join("  ") }) : "";
    if (content !== "") await step(() => post(deps, to, { msgtype: "text", text: { content } }));
  }
  for (const a of attachments) {
    await step(async () => post(deps, to, { msgtype: a.type, [a.type]: { media_id: await uploaded(deps, a.type, a.bytes, a.name) } }));
  }
  if (first === undefined) throw new Error("nothing to send: the message has no text, buttons or files");
  return { messageId: first };
}

/** Whether and when a failed send is worth another attempt. */
export function classify(err: unknown): SendFailure {
  if (err instanceof WecomApiError) {
    if (FREQUENCY_ERRORS.has(err.errcode)) {
      return { retry: true, afterMs: FREQUENCY_WAIT_MS, scope: "platform", reason: `errcode ${err.errcode}: frequency limit` };
    }
    if (err.errcode === BUSY) return { retry: true, reason: "errcode -1: WeCom busy" };
    // gettoken refusing the corp id or secret (40013, 40001; the secret reset in the console) stays so until an admin fixes them.
    if (err.path === GETTOKEN) return { retry: false, reason: `WeCom refused WECOM_CORP_ID / WECOM_SECRET: errcode ${err.errcode} ${err.errmsg}`.trim() };
    // api.ts already fetched a fresh token and tried again: a token still refused is a moment's trouble on WeCom's side.
    if (TOKEN_ERRORS.has(err.errcode)) return { retry: true, reason: `errcode ${err.errcode}: access token refused` };
    return { retry: false, reason: err.message };
  }
  if (err instanceof WecomHttpError) {
    if (err.retryAfterSec !== undefined) return { retry: true, afterMs: err.retryAfterSec * 1000, reason: `HTTP ${err.status}, retry after ${err.retryAfterSec}s` };
    return { retry: err.status >= 500 || err.status === 429, reason: `HTTP ${err.status}` };
  }
  if (err instanceof MissingEvidence) return { retry: false, reason: err.message };
  // Network errors and timeouts (AbortSignal.timeout) end up here.
  return { retry: true, reason: err instanceof Error ? err.message : String(err) };
}
