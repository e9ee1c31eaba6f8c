/**
 * A fake DingTalk on 127.0.0.1 for driving the real `dingtalk-stream` client and the
 * adapter's OpenAPI calls: the stream gateway (`POST /v1.0/gateway/connections/open` and
 * the web socket it points to, speaking the SDK's frame protocol: CALLBACK frames out,
 * `{ code, headers: { messageId }, data }` acknowledgements back; shapes from
 * node_modules/dingtalk-stream/dist/client.mjs), the access token, the robot message APIs
 * (group, one-to-one, session webhooks), file download codes, media upload and interactive
 * cards, with failures on demand and every call logged. Plus what DingTalk itself sends:
 * robot messages (shapes from open.dingtalk.com/document/orgapp/receive-message) over the
 * stream, or posted and signed to an adapter in HTTP mode.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export type Json = Record<string, unknown>;

export interface SentMessage {
  chatId: string;
  via: "group" | "direct" | "hook" | "card";
  msgKey: string;
  /** The Markdown text shown (markdown and ActionCard messages), "" for pictures and files. */
  text: string;
  param: Json;
}

export interface Frame {
  specVersion: string;
  type: "CALLBACK" | "EVENT" | "SYSTEM";
  headers: Json & { messageId: string; topic: string };
  data: string;
}

export const ROBOT_TOPIC = "/v1.0/im/bot/messages/get";
export const CARD_TOPIC = "/v1.0/card/instances/callback";

type Failure = { status: number; body: Json; headers?: Record<string, string> };

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeDingTalk(opts: { clientId?: string; clientSecret?: string; tokenSeconds?: number } = {}) {
  const clientId = opts.clientId ?? "dingfakeappkey";
  const clientSecret = opts.clientSecret ?? "fake-app-secret";
  const robotUserId = "$:LWCP_v1:$robot";
  let tokenSeconds = opts.tokenSeconds ?? 7200;
  const validTokens = new Set<string>();
  const tokensIssued: string[] = [];
  const sent: SentMessage[] = [];
  const calls: { path: string; status: number }[] = [];
  const files = new Map<string, Uint8Array>();
  const uploads: { type: string; bytes: number }[] = [];
  /** The organisation's contacts: staff id → unionId. */
  const unionIds = new Map<string, string>();
  const failures: Failure[] = [];
  /** Pushes waiting for their acknowledgement, by frame id: a frame pushed twice is acknowledged twice. */
  const acks = new Map<string, ((data: string) => void)[]>();
  const sockets = new Set<WebSocket>();
  let connections = 0;
  let seq = 0;
  let base = "";

  const tokenOk = (req: IncomingMessage) => validTokens.has(String(req.headers["x-acs-dingtalk-access-token"] ?? ""));
  const textOf = (p: Json) => String((p.text as string | undefined) ?? "");

  function record(res: ServerResponse, path: string, m: SentMessage, answer: Json) {
    const failure = failures.shift();
    if (failure) {
      calls.push({ path, status: failure.status });
      return json(res, failure.status, failure.body, failure.headers);
    }
    sent.push(m);
    calls.push({ path, status: 200 });
    json(res, 200, answer);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    const raw = await readRaw(req);
    const body = (() => {
      try {
        return req.headers["content-type"]?.startsWith("application/json") ? (JSON.parse(raw.toString("utf8") || "{}") as Json) : {};
      } catch {
        return {};
      }
    })();
    const refused = () => {
      calls.push({ path: url.pathname, status: 401 });
      json(res, 401, { code: "InvalidAuthentication", message: "不合法的access_token" });
    };
    switch (url.pathname) {
      case "/v1.0/oauth2/accessToken": {
        if (body.appKey !== clientId || body.appSecret !== clientSecret) return json(res, 400, { code: "invalidClientIdOrSecret", message: "无效的clientId或者clientSecret" });
        const token = `tok-${++seq}`;
        validTokens.add(token);
        tokensIssued.push(token);
        return json(res, 200, { accessToken: token, expireIn: tokenSeconds });
      }
      case "/v1.0/gateway/connections/open": {
        if (body.clientId !== clientId || body.clientSecret !== clientSecret) return json(res, 401, { code: "InvalidAuthentication", message: "bad client" });
        return json(res, 200, { endpoint: `${base.replace(/^http/, "ws")}/connect`, ticket: `ticket-${++seq}` });
      }
      case "/v1.0/robot/groupMessages/send": {
        if (!tokenOk(req)) return refused();
        const param = JSON.parse(String(body.msgParam)) as Json;
        return record(res, url.pathname, { chatId: String(body.openConversationId), via: "group", msgKey: String(body.msgKey), text: textOf(param), param }, { processQueryKey: `pqk-${++seq}` });
      }
      case "/v1.0/robot/oToMessages/batchSend": {
        if (!tokenOk(req)) return refused();
        const param = JSON.parse(String(body.msgParam)) as Json;
        const userId = String((body.userIds as string[])[0]);
        return record(res, url.pathname, { chatId: userId, via: "direct", msgKey: String(body.msgKey), text: textOf(param), param }, { processQueryKey: `pqk-${++seq}`, invalidStaffIdList: [], flowControlledStaffIdList: [] });
      }
      case "/v1.0/card/instances/createAndDeliver": {
        if (!tokenOk(req)) return refused();
        const space = String(body.openSpaceId);
        const params = (body.cardData as { cardParamMap?: Json } | undefined)?.cardParamMap;
        // What DingTalk needs to put a card in a group or a one-to-one chat with the robot.
        const group = space.startsWith("dtv1.card//IM_GROUP.");
        const deliver = (group ? body.imGroupOpenDeliverModel : body.imRobotOpenDeliverModel) as Json | undefined;
        const complete =
          typeof body.cardTemplateId === "string" && typeof body.outTrackId === "string" && params && (group || space.startsWith("dtv1.card//IM_ROBOT.")) &&
          deliver?.robotCode === clientId && (group || deliver.spaceType === "IM_ROBOT") && body.callbackType === "STREAM";
        if (!complete) return json(res, 400, { code: "InvalidParameter", message: "card instance: missing or invalid parameters" });
        return record(res, url.pathname, { chatId: space.replace(/^dtv1\.card\/\/IM_(GROUP|ROBOT)\./, ""), via: "card", msgKey: String(body.outTrackId), text: String(params.markdown), param: params }, { success: true, result: {} });
      }
      case "/v1.0/robot/messageFiles/download": {
        if (!tokenOk(req)) return refused();
        const code = String(body.downloadCode);
        if (!files.has(code) || body.robotCode !== clientId) return json(res, 400, { code: "invalidParameter", message: "downloadCode有误或已过期" });
        return json(res, 200, { downloadUrl: `${base}/files/${encodeURIComponent(code)}?sig=${randomBytes(4).toString("hex")}` });
      }
      case "/topapi/v2/user/get": {
        // User details (open.dingtalk.com/document/orgapp/query-user-details): the old API answers HTTP 200 with an errcode.
        calls.push({ path: url.pathname, status: 200 });
        if (!validTokens.has(url.searchParams.get("access_token") ?? "")) return json(res, 200, { errcode: 40014, errmsg: "不合法的access_token" });
        const unionid = unionIds.get(String(body.userid));
        if (!unionid) return json(res, 200, { errcode: 60121, errmsg: "找不到该用户" });
        return json(res, 200, { errcode: 0, errmsg: "ok", result: { userid: body.userid, unionid, name: "张三", active: true }, request_id: `req-${++seq}` });
      }
      case "/media/upload": {
        if (!validTokens.has(url.searchParams.get("access_token") ?? "")) return json(res, 200, { errcode: 40014, errmsg: "不合法的access_token" });
        uploads.push({ type: url.searchParams.get("type") ?? "", bytes: raw.length });
        return json(res, 200, { errcode: 0, errmsg: "ok", media_id: `@media${++seq}`, type: url.searchParams.get("type") });
      }
    }
    if (url.pathname.startsWith("/files/")) {
      const bytes = files.get(decodeURIComponent(url.pathname.slice("/files/".length)));
      if (!bytes) return json(res, 404, {});
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return res.end(Buffer.from(bytes));
    }
    if (url.pathname.startsWith("/session/")) {
      // A session webhook: `session` names the chat it answers into (the fake's own choice).
      const chatId = decodeURIComponent(url.pathname.slice("/session/".length));
      const msgtype = String(body.msgtype);
      const param = (body[msgtype] ?? {}) as Json;
      return record(res, "/session", { chatId, via: "hook", msgKey: msgtype, text: textOf(param), param }, { errcode: 0, errmsg: "ok" });
    }
    json(res, 404, { code: "notFound", message: url.pathname });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/connect?ticket=ticket-")) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections++;
      sockets.add(ws);
      ws.on("close", () => sockets.delete(ws));
      ws.on("message", (data) => {
        const reply = JSON.parse(String(data)) as { headers?: { messageId?: string }; data?: string };
        const id = reply.headers?.messageId;
        if (id) acks.get(id)?.shift()?.(reply.data ?? "");
      });
    });
  });

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function socket(): Promise<WebSocket> {
    for (let i = 0; i < 300; i++) {
      const open = [...sockets].find((s) => s.readyState === s.OPEN);
      if (open) return open;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("the adapter never connected to the stream gateway");
  }

  /** Push a frame and resolve with the adapter's acknowledgement, or null after `waitMs`. */
  async function push(frame: Frame, waitMs = 3000): Promise<string | null> {
    const ws = await socket();
    const waiting = acks.get(frame.headers.messageId) ?? [];
    acks.set(frame.headers.messageId, waiting);
    const acked = new Promise<string | null>((resolve) => {
      const done = (d: string) => {
        clearTimeout(timer);
        resolve(d);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(done), 1);
        resolve(null);
      }, waitMs);
      waiting.push(done);
    });
    ws.send(JSON.stringify(frame));
    return acked;
  }

  function frameOf(type: Frame["type"], topic: string, data: unknown): Frame {
    return {
      specVersion: "1.0",
      type,
      headers: { appId: "fake-app", connectionId: "conn", contentType: "application/json", messageId: `frame-${++seq}`, time: String(Date.now()), topic },
      data: JSON.stringify(data),
    };
  }

  return {
    clientId,
    clientSecret,
    robotUserId,
    apiUrl: () => base,
    gatewayUrl: () => `${base}/v1.0/gateway/connections/open`,
    sent,
    calls,
    uploads,
    tokensIssued,
    connections: () => connections,
    /** A file DingTalk holds for a download code. */
    addFile(code: string, bytes: Uint8Array) {
      files.set(code, bytes);
    },
    /** A person in the organisation's contacts, with their unionId. */
    addUser(staffId: string, unionId: string) {
      unionIds.set(staffId, unionId);
    },
    /** Every token handed out so far stops working (DingTalk revoked or expired them). */
    expireTokens() {
      validTokens.clear();
    },
    setTokenSeconds(sec: number) {
      tokenSeconds = sec;
    },
    /** The next message send answers this instead. */
    failNext(f: Failure) {
      failures.push(f);
    },
    /** A robot message as DingTalk's callback carries it. */
    robotMessage(p: { conversationId: string; userId: string; direct?: boolean; msgtype?: string; text?: string; content?: unknown; replied?: Json; nick?: string; senderId?: string; hookChat?: string; hookExpiresAt?: number }): Json {
      const msgtype = p.msgtype ?? "text";
      const hookChat = p.hookChat ?? (p.direct ? p.userId : p.conversationId);
      return {
        conversationId: p.conversationId,
        atUsers: p.direct ? [] : [{ dingtalkId: robotUserId }],
        chatbotCorpId: "dingcorp",
        chatbotUserId: robotUserId,
        msgId: `msg${randomBytes(12).toString("hex")}`,
        senderNick: p.nick ?? "张三",
        isAdmin: false,
        senderStaffId: p.userId,
        sessionWebhookExpiredTime: p.hookExpiresAt ?? Date.now() + 90 * 60_000,
        createAt: Date.now(),
        senderCorpId: "dingcorp",
        conversationType: p.direct ? "1" : "2",
        senderId: p.senderId ?? `$:LWCP_v1:$${p.userId}`,
        ...(p.direct ? {} : { conversationTitle: "县水利局工作群", isInAtList: true }),
        sessionWebhook: `${base}/session/${encodeURIComponent(hookChat)}`,
        robotCode: clientId,
        msgtype,
        ...(msgtype === "text" ? { text: { content: p.text ?? "", ...(p.replied ? { isReplyMsg: true, repliedMsg: p.replied } : {}) } } : { content: p.content }),
      };
    },
    robotFrame: (data: Json) => frameOf("CALLBACK", ROBOT_TOPIC, data),
    cardFrame: (data: Json) => frameOf("CALLBACK", CARD_TOPIC, data),
    /** An event subscription frame duban has no use for (a contact changed). */
    eventFrame: () => frameOf("EVENT", "user_modify_org", { eventId: `ev-${++seq}` }),
    /**
     * The robot added to a group: the group installs the app's cool app. Headers and data as in
     * open.dingtalk.com/document/development/install-group-extension-event-in-the-group-stream.
     */
    joinedFrame(p: { conversationId: string; operator?: string; robotCode?: string }): Frame {
      const frame = frameOf("EVENT", "im_cool_app_install", {
        coolAppCode: "COOLAPP-1-fake",
        operateTime: String(Date.now()),
        openConversationCorpId: "dingcorp",
        robotCode: p.robotCode ?? clientId,
        openConversationId: p.conversationId,
        operator: p.operator ?? "staff-admin",
      });
      return { ...frame, headers: { ...frame.headers, eventType: "im_cool_app_install", eventId: `ev-${++seq}`, eventCorpId: "dingcorp", eventBornTime: String(Date.now()), eventUnifiedAppId: "fake-app" } };
    },
    push,
    /** Post a robot message to an adapter in HTTP mode, signed like DingTalk (or not). */
    async postCallback(url: string, data: Json, sign: { secret?: string; timestamp?: number } = {}): Promise<number> {
      const timestamp = String(sign.timestamp ?? Date.now());
      const secret = sign.secret ?? clientSecret;
      const signature = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", timestamp, sign: signature }, body: JSON.stringify(data) });
      await res.arrayBuffer();
      return res.status;
    },
    /** Drop every stream connection, as DingTalk does now and then. */
    dropConnections() {
      for (const s of sockets) s.terminate();
    },
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type FakeDingTalk = Awaited<ReturnType<typeof startFakeDingTalk>>;
