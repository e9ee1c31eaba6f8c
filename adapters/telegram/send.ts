/**
 * Sending one OutboundMessage: its text parts, then its photos. Each Bot API call is made
 * once; a failure is thrown for the dispatcher, which owns retries and rate limits and
 * asks `classifyError` whether and when to try again.
 */
import { stat } from "node:fs/promises";
import { GrammyError, HttpError, InputFile, InputMediaBuilder, type Api } from "grammy";
import type { InlineKeyboardMarkup, ReplyParameters } from "grammy/types";
import type { Button, ChatRef, OutboundMessage, SendFailure } from "../../src/core/chat";
import { evidencePath } from "../../src/ledger/evidence";
import type { Logger } from "../../src/log";
import { renderCaption, renderHtml } from "./format";

/** sendPhoto refuses larger files; they go as documents, which also keeps them unrecompressed. */
const MAX_PHOTO_UPLOAD = 10 * 1024 * 1024;

export interface SendDeps {
  api: Api;
  dataDir: string;
  log: Logger;
}

export async function sendMessage(deps: SendDeps, to: ChatRef, msg: OutboundMessage): Promise<{ messageId: string }> {
  const { api } = deps;
  const chatId = to.chatId;
  const parts = renderHtml(msg.blocks);
  const photos = await photoFiles(deps, msg.images ?? []);
  if (parts.length === 0 && photos.length === 0) throw new Error("nothing to send: the message has no text and no stored photo");

  const keyboard = msg.buttons && msg.buttons.length > 0 ? inlineKeyboard(msg.buttons) : undefined;
  const lastText = parts.length - 1;
  const ids: number[] = [];
  const replyFirst = () => (ids.length === 0 && msg.replyTo ? replyTo(msg.replyTo) : undefined);
  // Into the chat's topic; without it a forum's messages land in General.
  const thread = to.threadId === undefined ? {} : { message_thread_id: Number(to.threadId) };

  for (const [i, html] of parts.entries()) {
    const markup = i === lastText ? keyboard : undefined;
    if (i === 0 && msg.edit) {
      ids.push(await editOrSend(api, to, Number(msg.edit), html, markup));
      continue;
    }
    const sent = await api.sendMessage(chatId, html, {
      ...thread,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      reply_markup: markup,
      reply_parameters: replyFirst(),
    });
    ids.push(sent.message_id);
  }
  // Several photos go as albums (up to ten each), one call per album; a photo too large for
  // sendPhoto goes alone as a document, and the keyboard, with no text to carry it, rides
  // on the last photo sent alone, since an album cannot carry one.
  const keyboardOnPhoto = lastText < 0 ? keyboard : undefined;
  const single = async (photo: PhotoFile, markup?: InlineKeyboardMarkup) => {
    const other = { ...thread, ...captionOf(photo), reply_markup: markup, reply_parameters: replyFirst() };
    const file = new InputFile(photo.path);
    const sent = photo.size > MAX_PHOTO_UPLOAD ? await api.sendDocument(chatId, file, other) : await api.sendPhoto(chatId, file, other);
    ids.push(sent.message_id);
  };
  const last = keyboardOnPhoto ? photos.at(-1) : undefined;
  for (const run of albumsOf(last ? photos.slice(0, -1) : photos)) {
    if (run.length === 1) {
      await single(run[0]!);
      continue;
    }
    const media = run.map((photo) => InputMediaBuilder.photo(new InputFile(photo.path), captionOf(photo)));
    const sent = await api.sendMediaGroup(chatId, media, { ...thread, reply_parameters: replyFirst() });
    ids.push(...sent.map((m) => m.message_id));
  }
  if (last) await single(last, keyboardOnPhoto);
  // Attached files (an exported ledger) follow the text as documents.
  for (const f of msg.files ?? []) {
    const sent = await api.sendDocument(chatId, new InputFile(f.path, f.name), { ...thread, reply_parameters: replyFirst() });
    ids.push(sent.message_id);
  }
  return { messageId: String(ids[0]) };
}

/**
 * An edit that cannot apply still gets the text out: an unchanged text is already there,
 * and a message that is gone or too old to edit is replaced by a new one.
 */
async function editOrSend(api: Api, to: ChatRef, messageId: number, html: string, markup?: InlineKeyboardMarkup): Promise<number> {
  const { chatId } = to;
  try {
    await api.editMessageText(chatId, messageId, html, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      reply_markup: markup,
    });
    return messageId;
  } catch (err) {
    if (!(err instanceof GrammyError) || err.error_code !== 400) throw err;
    if (/message is not modified/i.test(err.description)) return messageId;
    if (!/message to edit not found|message can't be edited/i.test(err.description)) throw err;
    const sent = await api.sendMessage(chatId, html, {
      ...(to.threadId === undefined ? {} : { message_thread_id: Number(to.threadId) }),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      reply_markup: markup,
    });
    return sent.message_id;
  }
}

/** Telegram's album holds two to ten photos. */
const ALBUM_MAX = 10;

/** Runs of photos that fit sendPhoto, at most ALBUM_MAX long; a larger photo stands alone. */
function albumsOf(photos: PhotoFile[]): PhotoFile[][] {
  const runs: PhotoFile[][] = [];
  let run: PhotoFile[] = [];
  for (const photo of photos) {
    if (photo.size > MAX_PHOTO_UPLOAD) {
      if (run.length) runs.push(run);
      runs.push([photo]);
      run = [];
      continue;
    }
    run.push(photo);
    if (run.length === ALBUM_MAX) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

const captionOf = (photo: PhotoFile) =>
  photo.caption === undefined ? {} : { caption: renderCaption(photo.caption), parse_mode: "HTML" as const };

interface PhotoFile {
  path: string;
  size: number;
  caption?: string;
}

/** Stored evidence for each image; one that is missing is left out rather than holding back the rest. */
async function photoFiles(deps: SendDeps, images: NonNullable<OutboundMessage["images"]>): Promise<PhotoFile[]> {
  const out: PhotoFile[] = [];
  for (const image of images) {
    const path = await evidencePath(deps.dataDir, image.sha256);
    if (!path) {
      deps.log.warn("telegram: evidence file missing, photo not sent", { sha256: image.sha256 });
      continue;
    }
    out.push({ path, size: (await stat(path)).size, ...(image.caption === undefined ? {} : { caption: image.caption }) });
  }
  return out;
}

function inlineKeyboard(rows: Button[][]): InlineKeyboardMarkup {
  return { inline_keyboard: rows.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) };
}

function replyTo(messageId: string): ReplyParameters {
  // The message replied to may have been deleted meanwhile; the answer still matters.
  return { message_id: Number(messageId), allow_sending_without_reply: true };
}

/**
 * 429 → wait Telegram's retry_after; 5xx and network failures → retry with backoff;
 * a group upgraded to a supergroup (400 "group chat was upgraded to a supergroup chat"
 * with parameters.migrate_to_chat_id) → the same message at the new id; anything else
 * (400 bad request, 403 blocked or kicked, 401 bad token) will fail the same way again.
 */
export function classifyError(err: unknown): SendFailure {
  if (err instanceof GrammyError) {
    const reason = `${err.error_code} ${err.description}`;
    const movedTo = err.parameters.migrate_to_chat_id;
    if (movedTo !== undefined) return { retry: true, movedTo: String(movedTo), reason };
    if (err.error_code === 429) {
      const after = err.parameters.retry_after;
      return { retry: true, ...(after === undefined ? {} : { afterMs: after * 1000 }), reason };
    }
    return { retry: err.error_code >= 500, reason };
  }
  if (err instanceof HttpError) return { retry: true, reason: err.message };
  return { retry: false, reason: err instanceof Error ? err.message : String(err) };
}
