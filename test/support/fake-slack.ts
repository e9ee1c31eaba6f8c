/**
 * A fake Slack on 127.0.0.1 for driving the real Bolt app and web client: the Web API
 * methods duban calls (auth.test, chat.postMessage, chat.update, users.info,
 * conversations.info, the files.uploadV2 flow), private file downloads that want the bot
 * token, 429 with Retry-After on demand, Socket Mode (apps.connections.open and a web
 * socket that pushes envelopes), and every call logged. Plus what Slack itself sends:
 * signed requests, posted to the adapter like Slack posts them (bodies: test/adapters/slack/requests.ts).
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export type Json = Record<string, unknown>;

export interface ApiCall {
  method: string;
  params: Json;
  status: number;
  /** When it was answered (this machine's clock). */
  at: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Json[];
  thread_ts?: string;
  /** The app's metadata, kept with the message and returned by history with include_all_metadata. */
  metadata?: Json;
  /** When it was posted (this machine's clock), to measure a sending rate against perChannel. */
  at: number;
}

export interface Upload {
  channel_id: string;
  thread_ts?: string;
  files: { id: string; title: string; filename: string; bytes: Uint8Array }[];
}

/** A file as it appears in a message event's `files`. */
export interface SlackFile {
  id: string;
  name: string;
  mimetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
}

/** An HTTP body as Slack would post it to the app. */
export interface SlackRequest {
  contentType: "application/json" | "application/x-www-form-urlencoded";
  body: string;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  /**
   * chat.postMessage calls a channel takes per window, as Slack enforces (about one a
   * second per channel, api.slack.com/docs/rate-limits); one more answers 429, Retry-After 1.
   */
  perChannel?: { count: number; perMs: number };
}

const LOGIN_PAGE = "<!DOCTYPE html><html><body>Sign in to Slack</body></html>";

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** Arguments the web client sends JSON-encoded inside the form. */
const JSON_FIELDS = new Set(["blocks", "attachments", "files", "metadata"]);

/**
 * A message as conversations.history / .replies return it: metadata only when asked with
 * include_all_metadata (https://docs.slack.dev/reference/methods/conversations.history,
 * https://docs.slack.dev/messaging/message-metadata).
 */
function asHistory(m: PostedMessage, botUserId: string, botId: string, withMetadata: boolean): Json {
  return {
    type: "message",
    user: botUserId,
    bot_id: botId,
    text: m.text,
    ts: m.ts,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  };
}

/** One page of a timeline, oldest-bounded and cursor-paged as Slack pages it. */
function page(list: PostedMessage[], p: Json): { messages: PostedMessage[]; has_more: boolean; response_metadata: { next_cursor: string } } {
  const oldest = p.oldest === undefined ? 0 : Number(p.oldest);
  const within = list.filter((m) => Number(m.ts) > oldest);
  const limit = Number(p.limit ?? 100);
  const start = p.cursor ? Number(Buffer.from(String(p.cursor), "base64").toString()) : 0;
  const messages = within.slice(start, start + limit);
  const more = start + limit < within.length;
  return { messages, has_more: more, response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString("base64") : "" } };
}

function decodeParams(raw: Buffer, contentType: string): Json {
  const text = raw.toString("utf8");
  if (contentType.startsWith("application/json")) return JSON.parse(text || "{}") as Json;
  const params: Json = {};
  for (const [k, v] of new URLSearchParams(text)) params[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  return params;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}) {
  const botToken = opts.botToken ?? "xoxb-fake-bot-token";
  const appToken = opts.appToken ?? "xapp-fake-app-token";
  const signingSecret = opts.signingSecret ?? "fake-signing-secret";
  const botUserId = "UDUBANBOT";
  const botId = "BDUBANBOT";
  const calls: ApiCall[] = [];
  const messages: PostedMessage[] = [];
  const updates: PostedMessage[] = [];
  const uploads: Upload[] = [];
  const downloads: { path: string; authorized: boolean }[] = [];
  const failures = new Map<string, { failure: { status: 429; retryAfter: number } | { error: string }; after: number }[]>();
  const users = new Map<string, { name: string; displayName: string }>();
  const channels = new Map<string, { name: string; im: boolean }>([
    ["C0DUBAN", { name: "shuili-ju", im: false }],
    ["D0DUBAN", { name: "", im: true }],
  ]);
  const files = new Map<string, { bytes: Uint8Array; mimetype: string; name: string }>();
  const pendingUploads = new Map<string, { filename: string; bytes?: Uint8Array }>();
  const sockets = new Set<WebSocket>();
  const socketAcks = new Map<string, (payload: unknown) => void>();
  // Answers to posts held back (a stalled network): the message is posted, the app does not know yet.
  let holding = false;
  const held: { port: number; release: () => void }[] = [];
  /** Envelope ids the app acknowledged, in the order the acks arrived. */
  const acks: string[] = [];
  let seq = 0;
  let base = "";

  // Like Slack's: the posting time in seconds (history's `oldest` filters on it), unique by its fraction.
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, "0")}`;

  function authorized(req: IncomingMessage, params: Json, token: string): boolean {
    return req.headers.authorization === `Bearer ${token}` || params.token === token;
  }

  const methods: Record<string, (p: Json) => Json | { error: string }> = {
    "auth.test": () => ({ url: "https://fake.slack.com/", team: "督办测试", user: "duban", team_id: "T0FAKE", user_id: botUserId, bot_id: botId }),
    "chat.postMessage": (p) => {
      const channel = String(p.channel);
      if (!channels.has(channel)) return { error: "channel_not_found" };
      const m: PostedMessage = { channel, ts: nextTs(), text: String(p.text ?? ""), blocks: (p.blocks as Json[]) ?? [], at: Date.now() };
      if (p.thread_ts) m.thread_ts = String(p.thread_ts);
      if (p.metadata) m.metadata = p.metadata as Json;
      messages.push(m);
      return { channel, ts: m.ts, message: { text: m.text, ts: m.ts } };
    },
    "chat.update": (p) => {
      const target = messages.find((m) => m.channel === p.channel && m.ts === p.ts);
      if (!target) return { error: "message_not_found" };
      target.text = String(p.text ?? "");
      target.blocks = (p.blocks as Json[]) ?? [];
      updates.push({ ...target });
      return { channel: target.channel, ts: target.ts, text: target.text };
    },
    // Newest first, top-level messages only; a thread's replies come from conversations.replies.
    "conversations.history": (p) => {
      if (!channels.has(String(p.channel))) return { error: "channel_not_found" };
      const timeline = messages.filter((m) => m.channel === p.channel && (!m.thread_ts || m.thread_ts === m.ts)).reverse();
      const { messages: got, ...rest } = page(timeline, p);
      return { messages: got.map((m) => asHistory(m, botUserId, botId, p.include_all_metadata === "true" || p.include_all_metadata === true)), ...rest };
    },
    // The parent first, then its replies, oldest first.
    "conversations.replies": (p) => {
      const thread = messages.filter((m) => m.channel === p.channel && (m.ts === p.ts || m.thread_ts === p.ts));
      if (thread.length === 0) return { error: "thread_not_found" };
      const { messages: got, ...rest } = page(thread, p);
      return { messages: got.map((m) => asHistory(m, botUserId, botId, p.include_all_metadata === "true" || p.include_all_metadata === true)), ...rest };
    },
    "users.info": (p) => {
      const u = users.get(String(p.user));
      if (!u) return { error: "user_not_found" };
      return { user: { id: p.user, name: u.name, real_name: u.name, profile: { display_name: u.displayName } } };
    },
    "conversations.info": (p) => {
      const c = channels.get(String(p.channel));
      if (!c) return { error: "channel_not_found" };
      return { channel: { id: p.channel, name: c.im ? undefined : c.name, is_im: c.im } };
    },
    "files.getUploadURLExternal": (p) => {
      const id = `F${++seq}`;
      pendingUploads.set(id, { filename: String(p.filename) });
      return { upload_url: `${base}/upload/${id}`, file_id: id };
    },
    "files.completeUploadExternal": (p) => {
      const channel = String(p.channel_id);
      if (!channels.has(channel)) return { error: "channel_not_found" };
      const list = p.files as { id: string; title?: string }[];
      const done: Upload["files"] = [];
      for (const f of list) {
        const pending = pendingUploads.get(f.id);
        if (!pending?.bytes) return { error: "file_not_found" };
        done.push({ id: f.id, title: f.title ?? pending.filename, filename: pending.filename, bytes: pending.bytes });
      }
      uploads.push({ channel_id: channel, ...(p.thread_ts ? { thread_ts: String(p.thread_ts) } : {}), files: done });
      return { files: done.map((f) => ({ id: f.id, title: f.title })) };
    },
  };

  /** The failure planned for this call of `method`, if its turn has come. */
  function nextFailure(method: string) {
    const queue = failures.get(method);
    const head = queue?.[0];
    if (!head) return undefined;
    if (head.after > 0) {
      head.after--;
      return undefined;
    }
    queue!.shift();
    return head.failure;
  }

  const plan = (method: string, failure: { status: 429; retryAfter: number } | { error: string }, after: number) =>
    failures.set(method, [...(failures.get(method) ?? []), { failure, after }]);

  const recentPosts = new Map<string, number[]>();
  /** A 429 when the channel has had its perChannel calls in the window already. */
  function overLimit(channel: string): { status: 429; retryAfter: number } | undefined {
    if (!opts.perChannel) return undefined;
    const now = Date.now();
    const recent = (recentPosts.get(channel) ?? []).filter((t) => now - t < opts.perChannel!.perMs);
    if (recent.length >= opts.perChannel.count) {
      recentPosts.set(channel, recent);
      return { status: 429, retryAfter: 1 };
    }
    recent.push(now);
    recentPosts.set(channel, recent);
    return undefined;
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string) {
    const params = decodeParams(await readRaw(req), req.headers["content-type"] ?? "");
    const token = method === "apps.connections.open" ? appToken : botToken;
    const record = (status: number) => calls.push({ method, params, status, at: Date.now() });
    const failure = nextFailure(method) ?? (method === "chat.postMessage" ? overLimit(String(params.channel)) : undefined);
    if (failure && "status" in failure) {
      record(429);
      return json(res, 429, { ok: false, error: "ratelimited" }, { "retry-after": String(failure.retryAfter) });
    }
    record(200);
    if (!authorized(req, params, token)) return json(res, 200, { ok: false, error: "invalid_auth" });
    if (failure) return json(res, 200, { ok: false, error: failure.error });
    if (method === "apps.connections.open") {
      return json(res, 200, { ok: true, url: `${base.replace(/^http/, "ws")}/socket` });
    }
    const handler = methods[method];
    if (!handler) return json(res, 200, { ok: false, error: "unknown_method" });
    const result = handler(params);
    if (method === "chat.postMessage" && holding && !("error" in result)) {
      await new Promise<void>((release) => held.push({ port: req.socket.remotePort ?? 0, release }));
    }
    return json(res, 200, "error" in result ? { ok: false, ...result } : { ok: true, ...result });
  }

  async function upload(req: IncomingMessage, res: ServerResponse, id: string) {
    const pending = pendingUploads.get(id);
    const raw = await readRaw(req);
    if (!pending) return json(res, 404, { ok: false });
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
    let part: File | undefined;
    form.forEach((v) => {
      if (typeof v !== "string") part ??= v;
    });
    pending.bytes = part ? new Uint8Array(await part.arrayBuffer()) : new Uint8Array(raw);
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`OK - ${pending.bytes.length}`);
  }

  function download(req: IncomingMessage, res: ServerResponse, path: string) {
    const id = path.split("/")[2] ?? "";
    const f = files.get(id);
    const ok = req.headers.authorization === `Bearer ${botToken}`;
    downloads.push({ path, authorized: ok });
    // Like Slack: without the token a private file URL answers with the sign-in page.
    if (!ok) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(LOGIN_PAGE);
    }
    if (!f) return json(res, 404, { ok: false });
    res.writeHead(200, { "content-type": f.mimetype, "content-length": String(f.bytes.length) });
    res.end(Buffer.from(f.bytes));
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = async () => {
      if (req.method === "POST" && path.startsWith("/api/")) return api(req, res, path.slice(5));
      if (req.method === "POST" && path.startsWith("/upload/")) return upload(req, res, path.slice(8));
      if (req.method === "GET" && path.startsWith("/files/")) return download(req, res, path);
      res.writeHead(404);
      res.end();
    };
    route().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  const wss = new WebSocketServer({ server, path: "/socket" });
  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (!ack.envelope_id) return;
      acks.push(ack.envelope_id);
      socketAcks.get(ack.envelope_id)?.(ack.payload);
    });
    ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0FAKE" } }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    signingSecret,
    botUserId,
    botId,
    calls,
    messages,
    updates,
    uploads,
    downloads,
    acks,
    /** From now on chat.postMessage posts at once but holds its answer until releasePostAnswers(). */
    holdPostAnswers() {
      holding = true;
    },
    /** The app's local ports of the posts whose answers are held. */
    heldAnswerPorts: () => held.map((h) => h.port),
    releasePostAnswers() {
      holding = false;
      for (const h of held.splice(0)) h.release();
    },
    /** Calls of one method, in order. */
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    addUser(id: string, name: string, displayName = name) {
      users.set(id, { name, displayName });
    },
    addChannel(id: string, name: string, im = false) {
      channels.set(id, { name, im });
    },
    /** A file someone shared; the result goes into a message event's `files`. */
    addFile(bytes: Uint8Array, mimetype: string, name: string): SlackFile {
      const id = `F${++seq}`;
      files.set(id, { bytes, mimetype, name });
      const url = `${base}/files/${id}/${encodeURIComponent(name)}`;
      return { id, name, mimetype, size: bytes.length, url_private: url, url_private_download: `${url}?download=1` };
    },
    /** A call of `method` (the next, or the one after `after` more) answers 429 with this Retry-After (seconds). */
    fail429Next(retryAfter: number, method = "chat.postMessage", after = 0) {
      plan(method, { status: 429, retryAfter }, after);
    },
    /** The next call of `method` answers `{ ok: false, error }`. */
    failNext(method: string, error: string) {
      plan(method, { error }, 0);
    },
    /** Socket Mode: push an envelope to the connected app; resolves with its ack's payload. */
    async pushEnvelope(type: "events_api" | "slash_commands" | "interactive", payload: Json, envelopeId: string, retryAttempt = 0) {
      for (let i = 0; i < 200 && sockets.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const [ws] = [...sockets];
      if (!ws) throw new Error("no Socket Mode connection");
      const acked = new Promise<unknown>((r) => socketAcks.set(envelopeId, r));
      ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api", retry_attempt: retryAttempt, retry_reason: retryAttempt ? "timeout" : "" }));
      return acked;
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

export interface PostOptions {
  secret: string;
  /** x-slack-retry-num: Slack's count of earlier deliveries of this body. */
  retryNum?: number;
  /** Seconds since the epoch for x-slack-request-timestamp; now by default. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  signWith?: string;
}

/** Post a body to the app the way Slack does: signed with the signing secret. */
export async function postToApp(url: string, req: SlackRequest, o: PostOptions): Promise<{ status: number; body: string }> {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", o.signWith ?? o.secret).update(`v0:${timestamp}:${req.body}`).digest("hex")}`;
  const headers: Record<string, string> = {
    "content-type": req.contentType,
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": signature,
  };
  if (o.retryNum) Object.assign(headers, { "x-slack-retry-num": String(o.retryNum), "x-slack-retry-reason": "http_timeout" });
  const res = await fetch(url, { method: "POST", headers, body: req.body });
  return { status: res.status, body: await res.text() };
}
