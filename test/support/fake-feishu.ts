/**
 * A fake Feishu on 127.0.0.1 for driving the real @larksuiteoapi/node-sdk: the open API
 * methods duban calls (tenant access token, bot info, message create / reply / patch,
 * image and file upload, message resources), the long connection (the endpoint the
 * SDK's WSClient asks for at /callback/ws/endpoint, and a web socket speaking the SDK's
 * protobuf frames), rate-limit and expired-token answers on demand, and what Feishu
 * itself sends: event envelopes, pushed over the socket or posted encrypted and signed.
 * Envelope shapes: https://open.feishu.cn/document/server-docs/im-v1/message/events/receive,
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication;
 * endpoint and frames: WSClient.pullConnectConfig / handleEventData in the SDK's lib/index.js.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { signatureOf } from "../../adapters/feishu/verify";
import { decodeFrame, encodeFrame } from "./feishu-frames";

export type Json = Record<string, unknown>;

export interface PostedMessage {
  messageId: string;
  chatId: string;
  receiveIdType: string;
  msgType: string;
  content: Json;
  /** What a person reads: a card's plain texts, a post's text elements, one per line; [图片] for a picture. */
  text: string;
  replyTo?: string;
  replyInThread?: boolean;
}

export type Failure = { status: number; code: number; msg: string; resetSec?: number };

const APP_ID = "cli_a1b2c3d4e5f60718";
const APP_SECRET = "fake-app-secret";
const ENCRYPT_KEY = "fake-encrypt-key";
const VERIFICATION_TOKEN = "fake-verification-token";
const BOT_OPEN_ID = "ou_dubanbot0000";

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** The text a person reads in a card or a post duban sent. */
export function readableContent(msgType: string, content: Json): string {
  if (msgType === "interactive") {
    const texts: string[] = [];
    for (const el of (content.elements as Json[]) ?? []) {
      const t = (el.text as Json | undefined)?.content;
      if (typeof t === "string") texts.push(t);
    }
    return texts.join("\n");
  }
  if (msgType === "post") {
    const zh = content.zh_cn as { content: { tag: string; text?: string }[][] };
    return zh.content.map((line) => line.map((e) => (e.tag === "img" ? "[图片]" : (e.text ?? ""))).join("")).join("\n");
  }
  if (msgType === "text") return String(content.text ?? "");
  if (msgType === "image") return "[图片]";
  if (msgType === "file") return "[文件]";
  return "";
}

/** Feishu's encryption of a callback body: AES-256-CBC, key sha256(encrypt key), IV first. */
export function encryptBody(encryptKey: string, body: unknown): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(JSON.stringify(body), "utf8"), cipher.final()]).toString("base64");
}

export async function startFakeFeishu() {
  const messages: PostedMessage[] = [];
  const patches: { messageId: string; content: Json }[] = [];
  const uploads: { kind: "image" | "file"; key: string; bytes: number }[] = [];
  const resources = new Map<string, { bytes: Uint8Array; type: string }>();
  const downloads: { messageId: string; key: string; type: string }[] = [];
  const failures: Failure[] = [];
  const validTokens = new Set<string>();
  const tokenRequests: string[] = [];
  const sockets = new Set<WebSocket>();
  const acks = new Map<string, (code: number) => void>();
  let seq = 0;
  let base = "";

  const nextId = (prefix: string) => `${prefix}_${String(++seq).padStart(8, "0")}`;

  function authorized(req: IncomingMessage): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return token !== undefined && validTokens.has(token);
  }

  function record(raw: Buffer, chatId: string, receiveIdType: string, extra: Partial<PostedMessage> = {}): PostedMessage {
    const body = JSON.parse(raw.toString("utf8")) as { msg_type: string; content: string; reply_in_thread?: boolean };
    const content = JSON.parse(body.content) as Json;
    const m: PostedMessage = { messageId: nextId("om"), chatId, receiveIdType, msgType: body.msg_type, content, text: readableContent(body.msg_type, content), ...extra };
    if (body.reply_in_thread !== undefined) m.replyInThread = body.reply_in_thread;
    messages.push(m);
    return m;
  }

  async function openApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const raw = await readRaw(req);
    if (path === "/open-apis/auth/v3/tenant_access_token/internal") {
      const body = JSON.parse(raw.toString("utf8")) as { app_id?: string; app_secret?: string };
      if (body.app_id !== APP_ID || body.app_secret !== APP_SECRET) return json(res, 200, { code: 10014, msg: "app secret invalid" });
      const token = `t-${randomBytes(8).toString("hex")}`;
      validTokens.add(token);
      tokenRequests.push(token);
      return json(res, 200, { code: 0, msg: "ok", tenant_access_token: token, expire: 7200 });
    }
    if (!authorized(req)) return json(res, 400, { code: 99991663, msg: "Invalid access token for authorization." });
    if (path === "/open-apis/bot/v3/info") return json(res, 200, { code: 0, msg: "ok", bot: { open_id: BOT_OPEN_ID, app_name: "督办" } });

    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(path);
    if (resource && req.method === "GET") {
      const [, messageId, key] = resource as unknown as [string, string, string];
      const type = url.searchParams.get("type") ?? "";
      downloads.push({ messageId, key, type });
      const found = resources.get(`${messageId}/${key}`);
      if (!found || found.type !== type) return json(res, 400, { code: 234003, msg: "File not in msg." });
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return void res.end(Buffer.from(found.bytes));
    }
    const sending = req.method === "POST" && (path === "/open-apis/im/v1/messages" || /\/reply$/.test(path));
    if (sending && failures.length > 0) {
      const f = failures.shift()!;
      return json(res, f.status, { code: f.code, msg: f.msg }, f.resetSec !== undefined ? { "x-ogw-ratelimit-reset": String(f.resetSec) } : {});
    }
    if (path === "/open-apis/im/v1/messages" && req.method === "POST") {
      const m = record(raw, url.searchParams.get("receive_id") ?? (JSON.parse(raw.toString("utf8")) as { receive_id: string }).receive_id, url.searchParams.get("receive_id_type") ?? "");
      return json(res, 200, { code: 0, msg: "success", data: { message_id: m.messageId, chat_id: m.chatId, msg_type: m.msgType } });
    }
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (reply && req.method === "POST") {
      const parent = reply[1]!;
      const chatId = messages.find((m) => m.messageId === parent)?.chatId ?? chatOfInbound.get(parent) ?? "";
      const m = record(raw, chatId, "reply", { replyTo: parent });
      return json(res, 200, { code: 0, msg: "success", data: { message_id: m.messageId, chat_id: chatId, parent_id: parent } });
    }
    const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
    if (patch && req.method === "PATCH") {
      const body = JSON.parse(raw.toString("utf8")) as { content: string };
      patches.push({ messageId: patch[1]!, content: JSON.parse(body.content) as Json });
      return json(res, 200, { code: 0, msg: "success", data: {} });
    }
    if ((path === "/open-apis/im/v1/images" || path === "/open-apis/im/v1/files") && req.method === "POST") {
      const kind = path.endsWith("images") ? "image" : "file";
      const key = nextId(kind === "image" ? "img_v3" : "file_v3");
      uploads.push({ kind, key, bytes: raw.length });
      return json(res, 200, { code: 0, msg: "success", data: kind === "image" ? { image_key: key } : { file_key: key } });
    }
    return json(res, 404, { code: 404, msg: `fake feishu has no ${req.method} ${path}` });
  }

  /** Chats of the messages people sent, for replies to them. */
  const chatOfInbound = new Map<string, string>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", base);
    const route = async () => {
      if (url.pathname === "/callback/ws/endpoint") {
        const body = JSON.parse((await readRaw(req)).toString("utf8")) as { AppID?: string; AppSecret?: string };
        if (body.AppID !== APP_ID || body.AppSecret !== APP_SECRET) return json(res, 200, { code: 403, msg: "forbidden", data: {} });
        const wsUrl = `${base.replace(/^http/, "ws")}/ws?device_id=fake-device&service_id=7`;
        // Feishu says ReconnectInterval 120 and ReconnectNonce 30 (seconds); the fake asks
        // the SDK to come back at once, so that a test can drop the connection.
        return json(res, 200, { code: 0, msg: "ok", data: { URL: wsUrl, ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } } });
      }
      return openApi(req, res, url);
    };
    route().catch((err: unknown) => json(res, 500, { code: 500, msg: String(err) }));
  });
  const wss = new WebSocketServer({ server, path: "/ws" });
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data) => {
      const frame = decodeFrame(new Uint8Array(data as Buffer));
      if (frame.method !== 1) return; // pings
      const id = frame.headers.message_id ?? "";
      const answer = JSON.parse(new TextDecoder().decode(frame.payload)) as { code: number };
      acks.get(id)?.(answer.code);
      acks.delete(id);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let eventSeq = 0;
  /** A v2 envelope of one event, as Feishu sends it. */
  function envelope(eventType: string, event: Json, eventId?: string): Json {
    return {
      schema: "2.0",
      header: { event_id: eventId ?? `ev_${randomBytes(8).toString("hex")}`, token: VERIFICATION_TOKEN, create_time: String(Date.now()), event_type: eventType, tenant_key: "fake-tenant", app_id: APP_ID },
      event,
    };
  }

  return {
    appId: APP_ID,
    appSecret: APP_SECRET,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    botOpenId: BOT_OPEN_ID,
    domain: base,
    messages,
    patches,
    uploads,
    downloads,
    tokenRequests,
    envelope,

    /** A message event (im.message.receive_v1) someone sent. */
    messageEnvelope(p: { chatId: string; userId: string; type: string; content: Json; chatType?: "group" | "p2p"; mentions?: Json[]; parentId?: string; senderType?: string }) {
      const messageId = nextId("om_in");
      chatOfInbound.set(messageId, p.chatId);
      const message: Json = {
        message_id: messageId, chat_id: p.chatId, chat_type: p.chatType ?? "group", message_type: p.type,
        content: JSON.stringify(p.content), create_time: String(Date.now()),
      };
      if (p.mentions) message.mentions = p.mentions;
      if (p.parentId) Object.assign(message, { parent_id: p.parentId, root_id: p.parentId });
      return envelope("im.message.receive_v1", {
        sender: { sender_id: { open_id: p.userId, union_id: `on_${p.userId}`, user_id: null }, sender_type: p.senderType ?? "user", tenant_key: "fake-tenant" },
        message,
      });
    },

    /** A button press on a card (card.action.trigger). */
    cardEnvelope(p: { chatId: string; userId: string; messageId: string; value: Json }) {
      return envelope("card.action.trigger", {
        operator: { open_id: p.userId, union_id: `on_${p.userId}` },
        token: "c-fake",
        action: { value: p.value, tag: "button" },
        host: "im_message",
        context: { open_message_id: p.messageId, open_chat_id: p.chatId },
      });
    },

    /** Bytes Feishu keeps for a message's picture or file. */
    addResource(messageId: string, key: string, bytes: Uint8Array, type: "image" | "file") {
      resources.set(`${messageId}/${key}`, { bytes, type });
    },

    /** Push an envelope over the long connection; resolves with the code the SDK answered. */
    async push(env: Json): Promise<number> {
      for (let i = 0; i < 300 && sockets.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const ws = [...sockets][0];
      if (!ws) throw new Error("no long connection is open");
      const id = `msg_${++eventSeq}`;
      const acked = new Promise<number>((r) => acks.set(id, r));
      ws.send(encodeFrame({
        seqId: eventSeq, logId: eventSeq, service: 7, method: 1,
        headers: { type: "event", message_id: id, sum: "1", seq: "0", trace_id: `trace-${eventSeq}` },
        payload: new TextEncoder().encode(JSON.stringify(env)),
      }));
      return acked;
    },

    /** Post an envelope to a callback URL as Feishu does: encrypted and signed (or signed with another key). */
    async post(url: string, env: Json, o: { signWith?: string } = {}): Promise<{ status: number; body: string }> {
      const raw = JSON.stringify({ encrypt: encryptBody(ENCRYPT_KEY, env) });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(8).toString("hex");
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-lark-request-timestamp": timestamp,
          "x-lark-request-nonce": nonce,
          "x-lark-signature": signatureOf(timestamp, nonce, o.signWith ?? ENCRYPT_KEY, raw),
        },
        body: raw,
      });
      return { status: res.status, body: await res.text() };
    },

    /** The next message post(s) fail like this. */
    failNext(f: Failure) {
      failures.push(f);
    },
    fail429Next(resetSec: number) {
      failures.push({ status: 429, code: 99991400, msg: "request trigger frequency limit", resetSec });
    },
    /** Every tenant access token handed out so far stops working, as after its expiry. */
    expireTokens() {
      validTokens.clear();
    },
    /** Drop the long connection, as Feishu does when it restarts a gateway. */
    dropConnections() {
      for (const ws of sockets) ws.terminate();
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type FakeFeishu = Awaited<ReturnType<typeof startFakeFeishu>>;
