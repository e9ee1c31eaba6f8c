/**
 * The web socket protocol between the page and the server.
 *
 * The session token rides in the upgrade (as a sub-protocol, since a browser cannot set
 * headers on a WebSocket); a forged or expired one, or one whose person is no longer
 * bound, is answered 401 before any socket exists. After that the socket speaks for the
 * token's user only: nothing the page sends names a sender.
 *
 *   page → server   open   { chatId, after? }      show a chat: its history after `after`, then live
 *                   send   { chatId, clientId, text, media[], replyTo? }
 *                   action { chatId, clientId, messageId, data }   a button of the bot's
 *                   edit   { chatId, clientId, messageId, text }   a correction of one's own message
 *   server → page   welcome { person, chats, token }   (a refreshed token)
 *                   chats { chats }   the list again, when a room was created (/建群)
 *                   history { chatId, messages }   message { message }
 *                   ack { clientId, id }   nack { clientId, error, retry }
 *                   error { error, clientId? }   a frame that was not understood
 *
 * A session may hold a few sockets at once (tabs, devices); one more is told why and
 * closed with TOO_MANY_CONNECTIONS.
 *
 * A message's clientId is the page's own id for it: the page resends unacknowledged
 * messages after a reconnect with the same id, the row and the event id are the same,
 * and the core's processed-event row makes the second delivery a no-op.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { ChatRef, EventSink, InboundEvent, MediaRef } from "../../src/core/chat";
import { uploadPath } from "./upload";
import type { Clock } from "../../src/core/clock";
import { splitCommand } from "../../src/core/commands";
import type { ChatPurpose, Lang } from "../../src/core/types";
import type { PersonRecord } from "../../src/bot/context";
import { findPersonByIdentity } from "../../src/ledger/people";
import { langOf, messagesFor } from "../../src/i18n/index";
import { evidencePath } from "../../src/ledger/evidence";
import type { Ledger } from "../../src/ledger/db";
import { lastWebMessageId } from "../../src/ledger/web-history";
import type { Logger } from "../../src/log";
import { pageMessage, type Linker } from "./format";
import { MAX_PAYLOAD, MAX_TEXT_IN, parseFrame, type Incoming } from "./frames";
import type { WebHistory, WebRow } from "./history";
import { mediaCookie, type Session, type Signer } from "./session";

export const PROTOCOL = "duban";
const HISTORY_LIMIT = 200;
const HEARTBEAT_MS = 30_000;
/** The close code of a socket over its session's limit; the page does not reconnect after it. */
export const TOO_MANY_CONNECTIONS = 4429;

export interface ChatInfo {
  chatId: string;
  title: string;
  purpose: ChatPurpose;
  direct: boolean;
}

export interface SocketDeps {
  ledger: Ledger;
  history: WebHistory;
  signer: Signer;
  clock: Clock;
  log: Logger;
  dataDir: string;
  defaultLang: Lang;
  /** Sockets one session may hold open at once. */
  maxConnections: number;
  /** The chats a person may open: their own conversation with the bot and the rooms they belong to. */
  chatsOf(person: PersonRecord, userId: string, lang: Lang): Promise<ChatInfo[]>;
  linker(userId: string): Linker;
  /** The pipeline, once started; undefined when stopped. */
  sink(): EventSink | undefined;
  /** Keep a sink call so that stop() can wait for it. */
  track<T>(work: Promise<T>): Promise<T>;
}

interface Client {
  ws: WebSocket;
  session: Session;
  person: PersonRecord;
  lang: Lang;
  chats: Map<string, ChatInfo>;
  open: Set<string>;
  alive: boolean;
}

export interface SocketHub {
  /** Handles an HTTP upgrade on the socket path: authenticated, or refused with 401. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** A new row of a chat: shown on every page that has the chat open. */
  publish(row: WebRow): void;
  /** Rows written by other processes on the same database. */
  poll(): Promise<void>;
  /** A room was created: every page that may open it gets its chat list again. */
  refreshChats(chatId: string): Promise<void>;
  close(): Promise<void>;
}

export function createSocketHub(deps: SocketDeps): SocketHub {
  const { history, signer, clock, log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, handleProtocols: () => PROTOCOL });
  const clients = new Set<Client>();
  const perSession = new Map<string, number>();
  // The handshake renews the browser's media cookie, as the welcome renews its token.
  const renewed = new WeakMap<IncomingMessage, string>();
  wss.on("headers", (headers, req) => {
    const token = renewed.get(req);
    if (token) headers.push(`Set-Cookie: ${mediaCookie(token)}`);
  });
  // Rows this process has already pushed, so the poll for other processes' rows skips them.
  const pushed = new Set<number>();
  let cursor: number | undefined;

  const heartbeat = setInterval(() => {
    for (const c of clients) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const send = (c: Client, data: object) => {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(data));
  };
  const view = (c: Client, row: WebRow) => pageMessage(row, { personId: c.person.id }, deps.linker(c.session.userId));

  function deliver(row: WebRow): void {
    for (const c of clients) if (c.open.has(row.chatId)) send(c, { type: "message", message: view(c, row) });
  }

  async function authenticate(req: IncomingMessage): Promise<{ session: Session; person: PersonRecord } | null> {
    const offered = String(req.headers["sec-websocket-protocol"] ?? "").split(",").map((p) => p.trim());
    if (!offered.includes(PROTOCOL)) return null;
    const session = signer.verifySession(offered.find((p) => p !== PROTOCOL), clock.now());
    if (!session) return null;
    // A token outlives nothing: the person must still be bound to this browser's identity.
    const person = await findPersonByIdentity(deps.ledger.session, "web", session.userId);
    return person && person.id === session.personId ? { session, person } : null;
  }

  function refuse(socket: Duplex, status: number, reason: string): void {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  /** Listens at once (a page may speak before its chats are looked up); handles in order once set up. */
  function connected(ws: WebSocket, req: IncomingMessage, auth: { session: Session; person: PersonRecord }, token: string): void {
    ws.on("error", (err) => log.debug("web socket error", { err }));
    const lang = langOf(new URL(req.url ?? "/", "http://x").searchParams.get("lang"), deps.defaultLang);
    const userId = auth.session.userId;
    const open = perSession.get(userId) ?? 0;
    if (open >= deps.maxConnections) {
      // The newest is refused: the pages already open keep working, and no page pushes another out.
      ws.send(JSON.stringify({ type: "error", error: messagesFor(lang).web.protocol.tooManyConnections({ max: deps.maxConnections }) }));
      return ws.close(TOO_MANY_CONNECTIONS, "too many connections for this session");
    }
    perSession.set(userId, open + 1);
    ws.once("close", () => {
      const left = (perSession.get(userId) ?? 1) - 1;
      if (left > 0) perSession.set(userId, left);
      else perSession.delete(userId);
    });
    const setup = (async (): Promise<Client> => {
      const chats = await deps.chatsOf(auth.person, auth.session.userId, lang);
      const client: Client = { ws, ...auth, lang, chats: new Map(chats.map((c) => [c.chatId, c])), open: new Set(), alive: true };
      if (ws.readyState !== ws.OPEN) return client;
      clients.add(client);
      send(client, {
        type: "welcome",
        person: { name: auth.person.name, roles: auth.person.roles, lang: auth.person.lang },
        chats,
        token,
      });
      return client;
    })();
    setup.catch((err: unknown) => {
      log.error("web socket setup failed", { err });
      ws.close(1011);
    });
    // One page's messages are handled in the order it sent them: a report before the /申请销号 that needs it.
    let queue: Promise<unknown> = setup;
    ws.on("message", (data) => {
      queue = queue
        .then(() => setup)
        .then((c) => onMessage(c, data as Buffer))
        .catch((err: unknown) => log.error("web socket message failed", { err }));
    });
    ws.on("pong", () => void setup.then((c) => (c.alive = true), () => undefined));
    ws.on("close", () => void setup.then((c) => clients.delete(c), () => undefined));
  }

  async function onMessage(c: Client, raw: Buffer): Promise<void> {
    const parsed = parseFrame(raw, c.lang);
    if (!parsed.ok) return send(c, { type: "error", error: parsed.error, ...(parsed.clientId ? { clientId: parsed.clientId } : {}) });
    const m = parsed.frame;
    if (m.type === "open") return openChat(c, m.chatId, m.after);
    const chat = await chatOf(c, m.chatId);
    const msg = messagesFor(c.lang).web;
    if (!chat) return send(c, { type: "nack", clientId: m.clientId, error: msg.send.notMember, retry: false });
    if (m.type === "send") return onSend(c, chat, m);
    if (m.type === "edit") return onEdit(c, chat, m);
    return onAction(c, chat, m);
  }

  /** A room created after the page connected is found on its first use. */
  async function chatOf(c: Client, id: string): Promise<ChatInfo | null> {
    if (!c.chats.has(id)) {
      const chats = await deps.chatsOf(c.person, c.session.userId, c.lang);
      c.chats = new Map(chats.map((x) => [x.chatId, x]));
    }
    return c.chats.get(id) ?? null;
  }

  async function openChat(c: Client, id: string, after?: number): Promise<void> {
    const chat = await chatOf(c, id);
    if (!chat) return send(c, { type: "history", chatId: id, messages: [], denied: true });
    c.open.add(id);
    const rows = after ? await history.after([id], after, HISTORY_LIMIT) : await history.recent(id, HISTORY_LIMIT);
    send(c, { type: "history", chatId: id, messages: rows.map((r) => view(c, r)) });
  }

  async function onSend(c: Client, chat: ChatInfo, m: Extract<Incoming, { type: "send" }>): Promise<void> {
    const msg = messagesFor(c.lang).web;
    if (m.text.length > MAX_TEXT_IN) return send(c, { type: "nack", clientId: m.clientId, error: msg.send.tooLong, retry: false });
    const photos: string[] = [];
    const files: MediaRef[] = [];
    for (const ticket of m.media) {
      const upload = signer.verifyUpload(ticket, c.session.userId);
      const isFile = upload?.fileName !== undefined;
      const kept = upload && (isFile ? await uploadPath(deps.dataDir, upload.sha256) : await evidencePath(deps.dataDir, upload.sha256));
      if (!upload || !kept) return send(c, { type: "nack", clientId: m.clientId, error: msg.send.badPhoto, retry: false });
      if (isFile) files.push({ fileId: upload.sha256, kind: "document", fileName: upload.fileName });
      else photos.push(upload.sha256);
    }
    if (!m.text.trim() && photos.length === 0 && files.length === 0) return send(c, { type: "ack", clientId: m.clientId, id: null });
    const { row } = await record(c, chat, m.clientId, { text: m.text, photos, ...(m.replyTo ? { replyTo: m.replyTo } : {}) });
    const command = splitCommand(m.text);
    await handOver(c, m.clientId, row, {
      chat: chatRef(chat),
      text: command ? command.args : m.text,
      ...(command ? { command } : {}),
      media: [...photos.map((sha) => ({ fileId: sha, kind: "photo" as const })), ...files],
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    });
  }

  async function onAction(c: Client, chat: ChatInfo, m: Extract<Incoming, { type: "action" }>): Promise<void> {
    // Only a button the bot put on a message in this chat can be pressed.
    const carrier = await history.find(chat.chatId, m.messageId);
    const button = carrier?.payload.kind === "bot" ? carrier.payload.buttons?.flat().find((b) => b.data === m.data) : undefined;
    if (!carrier || !button) {
      return send(c, { type: "nack", clientId: m.clientId, error: messagesFor(c.lang).bot.staleButton, retry: false });
    }
    const original = carrier.payload.kind === "bot" && carrier.payload.edit !== undefined ? carrier.payload.edit : carrier.id;
    const { row } = await record(c, chat, m.clientId, { text: "", photos: [], pressed: button.label });
    await handOver(c, m.clientId, row, { chat: chatRef(chat), text: "", media: [], action: { data: m.data, messageId: String(original) } });
  }

  /** A correction is a new row naming the original, like the bot's edited receipts; the bot gets it as an edit. */
  async function onEdit(c: Client, chat: ChatInfo, m: Extract<Incoming, { type: "edit" }>): Promise<void> {
    const msg = messagesFor(c.lang).web;
    if (m.text.length > MAX_TEXT_IN) return send(c, { type: "nack", clientId: m.clientId, error: msg.send.tooLong, retry: false });
    const carrier = await history.find(chat.chatId, m.messageId);
    const own = carrier?.payload.kind === "person" && carrier.payload.personId === c.person.id && !carrier.payload.pressed ? carrier.payload : undefined;
    if (!carrier || !own) return send(c, { type: "nack", clientId: m.clientId, error: msg.send.notYours, retry: false });
    const original = own.edit ?? carrier.id;
    const { row } = await record(c, chat, m.clientId, { text: m.text, photos: own.photos, edit: original });
    const command = splitCommand(m.text);
    await handOver(c, m.clientId, row, {
      chat: chatRef(chat),
      text: command ? command.args : m.text,
      ...(command ? { command } : {}),
      media: [],
      edited: true,
    }, String(original));
  }

  async function record(c: Client, chat: ChatInfo, id: string, body: { text: string; photos: string[]; pressed?: string; replyTo?: string; edit?: number }) {
    const payload = { kind: "person" as const, personId: c.person.id, name: c.person.name, clientId: id, ...body };
    const result = await history.appendIn(chat.chatId, eventIdOf(c, id), payload, clock.now());
    if (result.fresh) publish(result.row);
    return result;
  }

  /** `messageId`: the message the event is about, when not this row (an edit names its original). */
  async function handOver(
    c: Client,
    id: string,
    row: WebRow,
    e: Pick<InboundEvent, "chat" | "text" | "command" | "media" | "replyTo" | "action" | "edited">,
    messageId = String(row.id),
  ) {
    const sink = deps.sink();
    if (!sink) return send(c, { type: "nack", clientId: id, error: messagesFor(c.lang).web.send.failed, retry: true });
    const event: InboundEvent = {
      ...e,
      eventId: eventIdOf(c, id),
      sender: { userId: c.session.userId, displayName: c.person.name },
      messageId,
      at: row.at,
    };
    try {
      await deps.track(sink(event));
      send(c, { type: "ack", clientId: id, id: row.id });
    } catch (err) {
      log.error("web message could not be handled", { eventId: event.eventId, err });
      send(c, { type: "nack", clientId: id, error: messagesFor(c.lang).web.send.failed, retry: true });
    }
  }

  function publish(row: WebRow): void {
    if (cursor !== undefined) pushed.add(row.id);
    deliver(row);
  }

  return {
    upgrade(req, socket, head) {
      authenticate(req).then(
        (auth) => {
          if (!auth) return refuse(socket, 401, "Unauthorized");
          const token = signer.sessionToken(auth.session, clock.now());
          renewed.set(req, token);
          wss.handleUpgrade(req, socket, head, (ws) => connected(ws, req, auth, token));
        },
        (err: unknown) => {
          log.error("web socket authentication failed", { err });
          refuse(socket, 503, "Service Unavailable");
        },
      );
    },
    publish,
    async refreshChats(chatId) {
      for (const c of clients) {
        if (c.chats.has(chatId)) continue;
        const chats = await deps.chatsOf(c.person, c.session.userId, c.lang);
        c.chats = new Map(chats.map((x) => [x.chatId, x]));
        if (c.chats.has(chatId)) send(c, { type: "chats", chats });
      }
    },
    async poll() {
      const open = new Set<string>();
      for (const c of clients) for (const id of c.open) open.add(id);
      if (open.size === 0) {
        // Nobody to tell: start again from the newest row when a page opens a chat.
        cursor = undefined;
        pushed.clear();
        return;
      }
      if (cursor === undefined) {
        cursor = await lastWebMessageId(deps.ledger.session);
        return;
      }
      const rows = await history.after([...open], cursor, 500);
      for (const row of rows) {
        cursor = Math.max(cursor, row.id);
        if (!pushed.has(row.id)) deliver(row);
      }
      for (const id of pushed) if (id <= cursor) pushed.delete(id);
    },
    async close() {
      clearInterval(heartbeat);
      for (const c of clients) c.ws.close(1001);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function eventIdOf(c: Client, clientId: string): string {
  return `${c.session.userId}:${clientId}`;
}

function chatRef(chat: ChatInfo): ChatRef {
  return { platform: "web", chatId: chat.chatId, direct: chat.direct, title: chat.title };
}
