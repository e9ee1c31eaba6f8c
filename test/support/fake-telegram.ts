/**
 * A fake Telegram Bot API on 127.0.0.1 for driving the real grammY client: getMe,
 * getUpdates (offset semantics, briefly held long polls), set/deleteWebhook (and posting
 * updates to the webhook like Telegram, retrying until it answers 2xx), sendMessage,
 * editMessageText, sendPhoto/sendDocument/sendMediaGroup (multipart uploads), getFile and file downloads,
 * answerCallbackQuery; forum topics (message_thread_id) and groups upgraded to supergroups. Any method can be told to answer 429, 5xx or drop the connection;
 * every call is logged. Bodies are checked the way Telegram checks them (HTML entities,
 * text length), so a formatting mistake fails here as it would in production.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { paramsOf, readBody, readTelegramHtml, TelegramHtmlError } from "./telegram-wire";

export { readTelegramHtml, TelegramHtmlError } from "./telegram-wire";

export type Json = Record<string, unknown>;
export interface TgUser { id: number; first_name: string; username?: string; is_bot?: boolean }
export interface TgChat { id: number; type: "private" | "group" | "supergroup"; title?: string; is_forum?: boolean }

/**
 * Telegram's placeholder sender for anonymous group admins and for the service message
 * in a new supergroup, as in real updates (e.g. teloxide's regression test for issue 427,
 * crates/teloxide-core/src/types/message.rs): `from` is this bot, `sender_chat` the group.
 */
export const groupAnonymousBot: TgUser = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };

/** Where a message comes from in a group beyond chat and user: a forum topic, or posted as the chat itself. */
export interface Posted { topic?: number; senderChat?: TgChat }
export interface Update { update_id: number; message?: Json; edited_message?: Json; callback_query?: Json; my_chat_member?: Json }

/** One request the fake answered: `files` are uploads by form field (attach:// resolved); status 0 = connection dropped. */
export interface ApiCall { method: string; params: Json; files: Record<string, Uint8Array>; status: number }

/** What to answer instead of the real result: an error status (429 with retryAfter), or a dropped connection. */
export type Failure = { status: number; retryAfter?: number; description?: string } | "network";

export interface FakeTelegramOptions { username?: string; canReadAllGroupMessages?: boolean }

/** Longest a getUpdates call is held open, whatever timeout the client asks for. */
const POLL_HOLD_MS = 500;

class ApiError extends Error {
  constructor(readonly code: number, readonly description: string, readonly parameters?: Json) { super(description); }
}

const DESCRIPTIONS: Record<number, string> = { 400: "Bad Request", 403: "Forbidden: bot was kicked from the group chat" };
function failed(f: Exclude<Failure, "network">): ApiError {
  if (f.status === 429) return new ApiError(429, f.description ?? `Too Many Requests: retry after ${f.retryAfter}`, { retry_after: f.retryAfter });
  return new ApiError(f.status, f.description ?? DESCRIPTIONS[f.status] ?? "Internal Server Error");
}

interface Pending { update: Update; served: boolean; confirmed(): void }
interface StoredFile { bytes: Uint8Array; path: string }

export async function startFakeTelegram(opts: FakeTelegramOptions = {}) {
  const token = "123456:TEST-token";
  const me: TgUser = { id: 777000111, first_name: "督办", username: opts.username ?? "DubanBot", is_bot: true };
  const calls: ApiCall[] = [];
  const failures = new Map<string, Failure[]>();
  const pending: Pending[] = [];
  let wake: (() => void)[] = [];
  const messages = new Map<string, Json>();
  const files = new Map<string, StoredFile>();
  const openCallbacks = new Set<string>();
  const chats = new Map<number, TgChat>();
  /** Old group id → its supergroup's id, once upgraded: the old id refuses every send. */
  const upgraded = new Map<number, number>();
  let webhook: { url: string; secret?: string } | undefined;
  let nextId = 1;
  let nextUpdateId = 500_000;
  const now = () => Math.floor(Date.now() / 1000);

  const chatOf = (chatId: string): TgChat =>
    chats.get(Number(chatId)) ?? (Number(chatId) > 0 ? { id: Number(chatId), type: "private" } : { id: Number(chatId), type: "supergroup" });
  /**
   * The chat a send goes to, refused like Telegram refuses it: an upgraded group answers
   * 400 naming the new id in parameters.migrate_to_chat_id (the description as quoted from
   * real responses, e.g. in abrechnomat_bot and python-telegram-bot's ChatMigrated), and a
   * thread id outside a forum is unknown.
   */
  function target(p: Json): { chat: TgChat; thread: Json } {
    const movedTo = upgraded.get(Number(p.chat_id));
    if (movedTo !== undefined) throw new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: movedTo });
    const chat = chatOf(String(p.chat_id));
    if (p.message_thread_id === undefined) return { chat, thread: {} };
    if (!chat.is_forum) throw new ApiError(400, "Bad Request: message thread not found");
    return { chat, thread: { message_thread_id: Number(p.message_thread_id), is_topic_message: true } };
  }
  const store = (chat: TgChat, from: TgUser, fields: Json): Json => {
    if (chat.type !== "private") chats.set(chat.id, chat);
    const msg = { message_id: nextId++, date: now(), chat, from, ...fields };
    messages.set(`${chat.id}:${msg.message_id}`, msg);
    return msg;
  };
  const addFile = (bytes: Uint8Array, path?: string) => {
    const id = `file-${nextId++}`;
    files.set(id, { bytes, path: path ?? `photos/${id}.jpg` });
    return { file_id: id, file_unique_id: `u${id}`, file_size: bytes.length };
  };

  function checkText(html: unknown, parseMode: unknown, limit: number, what: string): string {
    let shown: string;
    try {
      shown = parseMode === "HTML" ? readTelegramHtml(String(html ?? "")) : String(html ?? "");
    } catch (err) {
      throw err instanceof TelegramHtmlError ? new ApiError(400, `Bad Request: can't parse entities: ${err.message}`) : err;
    }
    if (shown.length > limit) throw new ApiError(400, `Bad Request: ${what} is too long`);
    return shown;
  }
  function checkMarkup(markup: unknown) {
    const rows = (markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
    for (const b of rows.flat()) {
      if (Buffer.byteLength(b.callback_data ?? "") > 64) throw new ApiError(400, "Bad Request: BUTTON_DATA_INVALID");
    }
  }

  async function getUpdates(p: Json, closed: () => boolean): Promise<Update[]> {
    if (webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(p.offset ?? 0);
    for (const entry of [...pending]) {
      if (entry.served && entry.update.update_id < offset) {
        pending.splice(pending.indexOf(entry), 1);
        entry.confirmed();
      }
    }
    const ready = () => pending.filter((e) => !e.served || e.update.update_id >= offset);
    if (ready().length === 0 && Number(p.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(Number(p.timeout) * 1000, POLL_HOLD_MS));
        wake.push(() => (clearTimeout(timer), resolve()));
      });
    }
    if (closed()) return [];
    const batch = ready().slice(0, Number(p.limit ?? 100));
    for (const e of batch) e.served = true;
    return batch.map((e) => e.update);
  }

  const methods: Record<string, (p: Json, files: Record<string, Uint8Array>, closed: () => boolean) => unknown> = {
    getMe: () => ({ ...me, can_join_groups: true, can_read_all_group_messages: opts.canReadAllGroupMessages ?? false, supports_inline_queries: false }),
    getUpdates: (p, _f, closed) => getUpdates(p, closed),
    setWebhook: (p) => {
      webhook = { url: String(p.url), ...(p.secret_token ? { secret: String(p.secret_token) } : {}) };
      return true;
    },
    deleteWebhook: () => {
      webhook = undefined;
      return true;
    },
    sendMessage: (p) => {
      const text = checkText(p.text, p.parse_mode, 4096, "message");
      if (text.trim() === "") throw new ApiError(400, "Bad Request: message text is empty");
      checkMarkup(p.reply_markup);
      const { chat, thread } = target(p);
      return store(chat, me, { ...thread, text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) });
    },
    editMessageText: (p) => {
      target(p);
      const msg = messages.get(`${p.chat_id}:${p.message_id}`);
      if (!msg) throw new ApiError(400, "Bad Request: message to edit not found");
      const text = checkText(p.text, p.parse_mode, 4096, "message");
      checkMarkup(p.reply_markup);
      if (msg.text === text && JSON.stringify(msg.reply_markup) === JSON.stringify(p.reply_markup)) {
        throw new ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same");
      }
      Object.assign(msg, { text, reply_markup: p.reply_markup, edit_date: now() });
      return msg;
    },
    sendPhoto: (p, up) => sendFile("photo", p, up),
    sendDocument: (p, up) => sendFile("document", p, up),
    sendMediaGroup: (p, up) => {
      const media = p.media as { type?: string; caption?: string; parse_mode?: string }[] | undefined;
      if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw new ApiError(400, "Bad Request: wrong number of media in the album");
      if (p.reply_markup !== undefined) throw new ApiError(400, "Bad Request: albums cannot have a reply markup");
      const { chat, thread } = target(p);
      const group = `g${nextId}`;
      return media.map((m, i) => {
        const bytes = up[`media.${i}`];
        if (m.type !== "photo" || !bytes) throw new ApiError(400, `Bad Request: there is no photo in the album's item ${i}`);
        if (bytes.length > 10 * 1024 * 1024) throw new ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS");
        const caption = m.caption === undefined ? undefined : checkText(m.caption, m.parse_mode, 1024, "message caption");
        const file = addFile(bytes);
        return store(chat, me, { ...thread, media_group_id: group, photo: [{ ...file, width: 1280, height: 960 }], ...(caption === undefined ? {} : { caption }) });
      });
    },
    getFile: (p) => {
      const file = files.get(String(p.file_id));
      if (!file) throw new ApiError(400, "Bad Request: invalid file_id");
      return { file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: file.bytes.length, file_path: file.path };
    },
    answerCallbackQuery: (p) => {
      if (!openCallbacks.delete(String(p.callback_query_id))) {
        throw new ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
      }
      return true;
    },
  };

  function sendFile(kind: "photo" | "document", p: Json, uploaded: Record<string, Uint8Array>) {
    const bytes = uploaded[kind];
    if (!bytes) throw new ApiError(400, `Bad Request: there is no ${kind} in the request`);
    if (kind === "photo" && bytes.length > 10 * 1024 * 1024) throw new ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS");
    const caption = p.caption === undefined ? undefined : checkText(p.caption, p.parse_mode, 1024, "message caption");
    checkMarkup(p.reply_markup);
    const { chat, thread } = target(p);
    const file = addFile(bytes);
    const media = kind === "photo" ? { photo: [{ ...file, width: 1280, height: 960 }] } : { document: file };
    return store(chat, me, { ...thread, ...media, ...(caption === undefined ? {} : { caption }) });
  }

  async function answer(req: IncomingMessage, res: ServerResponse, log: Omit<ApiCall, "status">, run: () => unknown) {
    const failure = failures.get(log.method)?.shift();
    if (failure === "network") {
      calls.push({ ...log, status: 0 });
      return req.socket.destroy();
    }
    let status = 200;
    let body: Json;
    try {
      if (failure) throw failed(failure);
      body = { ok: true, result: await run() };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      status = err.code;
      body = { ok: false, error_code: err.code, description: err.description, ...(err.parameters ? { parameters: err.parameters } : {}) };
    }
    calls.push({ ...log, status });
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => res.writeHead(500).end(`fake Telegram broke: ${String(err)}`));
  });
  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    const body = await readBody(req);
    const fileRoute = url.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (fileRoute) {
      const path = decodeURIComponent(fileRoute[2]!);
      const failure = failures.get("file")?.shift();
      const file = fileRoute[1] === token ? [...files.values()].find((f) => f.path === path) : undefined;
      const status = failure === "network" ? 0 : failure ? failure.status : file ? 200 : 404;
      calls.push({ method: "file", params: { path }, files: {}, status });
      if (status === 0) return req.socket.destroy();
      return res.writeHead(status, { "content-type": "application/octet-stream" }).end(status === 200 ? file!.bytes : undefined);
    }
    const apiRoute = url.pathname.match(/^\/bot([^/]+)\/(\w+)$/);
    if (!apiRoute) return res.writeHead(404).end();
    const [, given, method] = apiRoute as unknown as [string, string, string];
    const { params, files: uploaded } = await paramsOf(req, body, url);
    const log = { method, params, files: uploaded };
    const impl = methods[method];
    let closed = false;
    res.on("close", () => (closed = true));
    await answer(req, res, log, () => {
      if (given !== token) throw new ApiError(401, "Unauthorized");
      if (!impl) throw new ApiError(404, "Not Found");
      return impl(params, uploaded, () => closed);
    });
  }
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function enqueue(update: Update): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`update ${update.update_id} was not confirmed by the bot`)), 10_000);
      pending.push({ update, served: false, confirmed: () => (clearTimeout(timer), resolve()) });
      const waiting = wake;
      wake = [];
      for (const w of waiting) w();
    });
  }

  async function postWebhook(update: Update, secret: string | undefined): Promise<number> {
    if (!webhook) throw new Error("no webhook is set");
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (secret !== undefined) headers["x-telegram-bot-api-secret-token"] = secret;
    const res = await fetch(webhook.url, { method: "POST", headers, body: JSON.stringify(update) });
    await res.arrayBuffer();
    return res.status;
  }

  const fake = {
    apiRoot,
    token,
    /** The bot's own user, as getMe answers it. */
    bot: me,
    calls,
    webhookAttempts: [] as { updateId: number; status: number }[],
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** Messages the bot posted with sendMessage that Telegram accepted. */
    sentTexts: () => calls.filter((c) => c.method === "sendMessage" && c.status === 200).map((c) => ({ chatId: String(c.params.chat_id), text: String(c.params.text), params: c.params })),
    /** Every message the bot has in a chat now, edits applied, in order. */
    botMessages: (chatId: string | number) => [...messages.values()].filter((m) => (m.chat as TgChat).id === Number(chatId) && (m.from as TgUser).id === me.id),
    webhook: () => webhook,
    failNext(method: string, failure: Failure, times = 1) {
      failures.set(method, [...(failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]);
    },
    /** A file Telegram holds, e.g. one a user sent; `path` may be absolute like a --local Bot API server's. */
    addFile,

    text: (p: { chat: TgChat; from: TgUser; text: string; replyTo?: number } & Posted): Update =>
      messageUpdate(p.chat, p.from, { ...textFields("text", p.text), ...postedFields(p) }, p.replyTo ?? p.topic),
    /** A compressed photo in three sizes; `bytes` are the largest. */
    photo(p: { chat: TgChat; from: TgUser; bytes: Uint8Array; caption?: string; albumKey?: string; replyTo?: number } & Posted): Update {
      const small = (name: string) => addFile(new TextEncoder().encode(name));
      const sizes = [{ ...small("thumb"), width: 90, height: 68 }, { ...addFile(p.bytes), width: 1280, height: 960 }, { ...small("medium"), width: 320, height: 240 }];
      const fields: Json = { photo: sizes, ...(p.caption ? textFields("caption", p.caption) : {}), ...(p.albumKey ? { media_group_id: p.albumKey } : {}) };
      return messageUpdate(p.chat, p.from, { ...fields, ...postedFields(p) }, p.replyTo ?? p.topic);
    },
    /** A photo sent "as a file": a document with its original bytes. */
    document(p: { chat: TgChat; from: TgUser; bytes: Uint8Array; mime: string; fileName: string; caption?: string }): Update {
      const document = { ...addFile(p.bytes, `documents/${p.fileName}`), mime_type: p.mime, file_name: p.fileName };
      return messageUpdate(p.chat, p.from, { document, ...(p.caption ? textFields("caption", p.caption) : {}) });
    },
    buttonPress(p: { chat: TgChat; from: TgUser; data: string; messageId: number }): Update {
      const id = `cq-${nextId++}`;
      openCallbacks.add(id);
      const message = messages.get(`${p.chat.id}:${p.messageId}`) ?? { message_id: p.messageId, date: now(), chat: p.chat };
      return { update_id: nextUpdateId++, callback_query: { id, from: p.from, chat_instance: "ci", data: p.data, message } };
    },
    ownMessage: (chat: TgChat, text: string): Update => messageUpdate(chat, me, { text }),
    /**
     * The person edits a message they sent: a new update carrying the message as it is now,
     * with edit_date (Bot API "edited_message"; shape as in python-telegram-bot's and
     * grammY's test fixtures: same message_id and chat, new text, edit_date added).
     */
    edited(original: Update, text: string): Update {
      const before = original.message as Json;
      const message = { ...before, ...textFields("text", text), edit_date: now() };
      messages.set(`${(before.chat as TgChat).id}:${before.message_id}`, message);
      return { update_id: nextUpdateId++, edited_message: message };
    },
    /** An update of a kind the bot did not ask for and has nothing to do with (the bot was made an admin). */
    chatMemberUpdate(chat: TgChat, from: TgUser): Update {
      const member = (status: string) => ({ user: { id: me.id, is_bot: true, first_name: "督办", username: me.username }, status });
      return { update_id: nextUpdateId++, my_chat_member: { chat, from, date: now(), old_chat_member: member("member"), new_chat_member: { ...member("administrator"), can_manage_chat: true } } };
    },

    /**
     * Someone opens a topic in a forum supergroup: its opening service message's id is the
     * topic's message_thread_id, and every message in the topic that replies to nothing else
     * carries that message as reply_to_message (as in real getUpdates output).
     */
    openTopic(p: { chat: TgChat; by: TgUser; name: string }): number {
      const created = store(p.chat, p.by, { forum_topic_created: { name: p.name, icon_color: 7322096 }, is_topic_message: true });
      created.message_thread_id = created.message_id;
      return created.message_id as number;
    },
    /**
     * A group is upgraded to a supergroup: from now on sends to the old id are refused, and
     * the bot gets a service message in each chat (shapes from teloxide's issue 427 test).
     */
    upgrade(p: { group: TgChat; to: TgChat; by: TgUser }): [Update, Update] {
      upgraded.set(p.group.id, p.to.id);
      const inOld = messageUpdate(p.group, p.by, { migrate_to_chat_id: p.to.id });
      const inNew = messageUpdate(p.to, groupAnonymousBot, { sender_chat: p.to, migrate_from_chat_id: p.group.id });
      return [inOld, inNew];
    },

    /** Telegram delivers an update: resolves once the bot has confirmed it (next getUpdates offset, or a 2xx webhook answer). */
    async deliver(update: Update): Promise<void> {
      if (!webhook) return enqueue(update);
      for (let attempt = 0; attempt < 200; attempt++) {
        const status = await postWebhook(update, webhook.secret);
        fake.webhookAttempts.push({ updateId: update.update_id, status });
        if (status >= 200 && status < 300) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`webhook never accepted update ${update.update_id}`);
    },
    /** One webhook request with the given secret header (undefined: none); the status answered. */
    postWebhook,

    async close() {
      for (const w of wake) w();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };

  /** Text or caption, with the bot_command entity Telegram marks a leading command with. */
  function textFields(key: "text" | "caption", value: string): Json {
    const cmd = value.match(/^\/[\w@]+/);
    const entities = [{ type: "bot_command", offset: 0, length: cmd?.[0].length ?? 0 }];
    return { [key]: value, ...(cmd ? { [key === "text" ? "entities" : "caption_entities"]: entities } : {}) };
  }
  function postedFields(p: Posted): Json {
    return {
      ...(p.topic === undefined ? {} : { message_thread_id: p.topic, is_topic_message: true }),
      ...(p.senderChat ? { sender_chat: p.senderChat } : {}),
    };
  }
  function messageUpdate(chat: TgChat, from: TgUser, fields: Json, replyTo?: number): Update {
    const replied = replyTo === undefined ? undefined : messages.get(`${chat.id}:${replyTo}`);
    if (replyTo !== undefined && !replied) throw new Error(`no message ${replyTo} in chat ${chat.id} to reply to`);
    const message = store(chat, from, { ...fields, ...(replied ? { reply_to_message: replied } : {}) });
    return { update_id: nextUpdateId++, message };
  }

  return fake;
}

export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;
