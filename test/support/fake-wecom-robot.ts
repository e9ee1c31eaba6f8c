/**
 * A fake of WeCom's intelligent-robot long-connection server (wss://openws.work.weixin.qq.com)
 * on 127.0.0.1, for driving the real `@wecom/aibot-node-sdk` WSClient. The frames are those
 * the SDK speaks (node_modules/@wecom/aibot-node-sdk/dist/index.cjs.js, WsConnectionManager
 * and WSClient; types/api.d.ts WsCmd and WsFrame; github.com/WecomTeam/aibot-node-sdk):
 * `aibot_subscribe` { bot_id, secret } answered `{ headers: { req_id }, errcode }`, `ping`,
 * `aibot_send_msg`, the three `aibot_upload_media_*` steps; and pushed to the robot,
 * `aibot_msg_callback` / `aibot_event_callback` with message bodies as in types/message.d.ts.
 * Pictures and files are served over HTTP encrypted as the SDK's decryptFile() expects:
 * AES-256-CBC, key = base64 aeskey, IV = its first 16 bytes, PKCS#7 padded to 32 bytes.
 * The errcode for a refused secret is not published; 40001 (WeCom's invalid credential) stands in.
 */
import { createCipheriv, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export type Json = Record<string, unknown>;

export interface RobotSent {
  chatId: string;
  msgtype: string;
  body: Json;
}

export interface FakeWecomRobot {
  wsUrl: string;
  botId: string;
  secret: string;
  /** What the robot sent (aibot_send_msg), in order. */
  sent: RobotSent[];
  /** Markdown texts sent, in order. */
  texts(): { chatId: string; text: string }[];
  uploads: Map<string, { type: string; filename: string; bytes: Buffer }>;
  /** Resolves once a client has authenticated. */
  authenticated(): Promise<void>;
  /** Push a message or event to the connected robot, as WeCom does. */
  push(body: Json, cmd?: "aibot_msg_callback" | "aibot_event_callback"): void;
  /** Put a picture or file on WeCom's side; its encrypted url and aeskey, as a message carries them. */
  addMedia(bytes: Uint8Array): { url: string; aeskey: string };
  /** The next n sends answer this errcode. */
  failNext(errcode: number, n?: number): void;
  close(): Promise<void>;
}

let seq = 0;
const msgid = () => `fake-msg-${Date.now()}-${++seq}`;

function encryptMedia(bytes: Uint8Array, key: Buffer): Buffer {
  const pad = 32 - (bytes.length % 32);
  const padded = Buffer.concat([Buffer.from(bytes), Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}

export async function startFakeWecomRobot(): Promise<FakeWecomRobot> {
  const botId = "aib-duban-fake";
  const secret = "fake-robot-secret";
  const sent: RobotSent[] = [];
  const uploads = new Map<string, { type: string; filename: string; bytes: Buffer }>();
  const pendingUploads = new Map<string, { type: string; filename: string; chunks: Buffer[] }>();
  const media = new Map<string, Buffer>();
  let failing: { errcode: number; n: number } | undefined;
  let live: WebSocket | undefined;
  let onAuth: (() => void)[] = [];

  const server = createServer((req, res) => {
    const bytes = media.get(new URL(req.url ?? "/", "http://fake").pathname.slice(1));
    if (!bytes) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(bytes);
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => {
    const answer = (req_id: string, errcode = 0, body?: Json) => ws.send(JSON.stringify({ headers: { req_id }, errcode, errmsg: errcode ? "error" : "ok", ...(body ? { body } : {}) }));
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { cmd: string; headers: { req_id: string }; body?: Json };
      const id = frame.headers.req_id;
      const body = frame.body ?? {};
      switch (frame.cmd) {
        case "aibot_subscribe":
          if (body.bot_id !== botId || body.secret !== secret) return answer(id, 40001);
          live = ws;
          answer(id);
          for (const f of onAuth) f();
          onAuth = [];
          return;
        case "ping":
          return answer(id);
        case "aibot_send_msg": {
          if (failing && failing.n > 0) {
            failing.n--;
            return answer(id, failing.errcode);
          }
          sent.push({ chatId: String(body.chatid), msgtype: String(body.msgtype), body });
          return answer(id);
        }
        case "aibot_upload_media_init": {
          const upload_id = `up-${++seq}`;
          pendingUploads.set(upload_id, { type: String(body.type), filename: String(body.filename), chunks: [] });
          return answer(id, 0, { upload_id });
        }
        case "aibot_upload_media_chunk": {
          const up = pendingUploads.get(String(body.upload_id));
          if (!up) return answer(id, 40007);
          up.chunks[Number(body.chunk_index)] = Buffer.from(String(body.base64_data), "base64");
          return answer(id);
        }
        case "aibot_upload_media_finish": {
          const up = pendingUploads.get(String(body.upload_id));
          if (!up) return answer(id, 40007);
          const media_id = `robot-media-${++seq}`;
          uploads.set(media_id, { type: up.type, filename: up.filename, bytes: Buffer.concat(up.chunks) });
          return answer(id, 0, { type: up.type, media_id, created_at: String(Math.floor(Date.now() / 1000)) });
        }
        default:
          return answer(id, 40008);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;

  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    botId,
    secret,
    sent,
    uploads,
    texts: () => sent.filter((s) => s.msgtype === "markdown").map((s) => ({ chatId: s.chatId, text: String((s.body.markdown as Json).content) })),
    authenticated: () => (live ? Promise.resolve() : new Promise<void>((r) => onAuth.push(r))),
    push(body, cmd = "aibot_msg_callback") {
      if (!live) throw new Error("no robot is connected");
      live.send(JSON.stringify({ cmd, headers: { req_id: `${cmd}_${++seq}` }, body }));
    },
    addMedia(bytes) {
      const key = randomBytes(32);
      const id = `m${++seq}`;
      media.set(id, encryptMedia(bytes, key));
      return { url: `http://127.0.0.1:${port}/${id}`, aeskey: key.toString("base64") };
    },
    failNext: (errcode, n = 1) => void (failing = { errcode, n }),
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

type Where = { userId: string; chatId?: string; msgId?: string };
const head = (botId: string, w: Where) => ({
  msgid: w.msgId ?? msgid(),
  aibotid: botId,
  ...(w.chatId ? { chatid: w.chatId, chattype: "group" } : { chattype: "single" }),
  from: { userid: w.userId },
  create_time: Math.floor(Date.now() / 1000),
});

/** A text message (in a group it begins with the @mention that made WeCom push it). */
export const robotText = (botId: string, w: Where & { content: string }): Json => ({ ...head(botId, w), msgtype: "text", text: { content: w.content } });
/**
 * A picture sent alone: WeCom pushes one only from the one-to-one chat ("用户单聊中向智能机器人发送图片消息",
 * developer.work.weixin.qq.com/document/path/100719), so it takes no group.
 */
export const robotImage = (botId: string, w: Omit<Where, "chatId"> & { media: { url: string; aeskey: string } }): Json => ({ ...head(botId, w), msgtype: "image", image: w.media });
/** A file: likewise one-to-one only ("用户单聊中向智能机器人发送本地文件消息", path/100719). */
export const robotFile = (botId: string, w: Omit<Where, "chatId"> & { media: { url: string; aeskey: string } }): Json => ({ ...head(botId, w), msgtype: "file", file: w.media });
/** Text with pictures, written as one message (图文混排). */
export const robotMixed = (botId: string, w: Where & { content: string; images: { url: string; aeskey: string }[] }): Json => ({
  ...head(botId, w),
  msgtype: "mixed",
  mixed: { msg_item: [{ msgtype: "text", text: { content: w.content } }, ...w.images.map((image) => ({ msgtype: "image", image }))] },
});
/** A template-card button press (event.template_card_event). */
export const robotCardPress = (botId: string, w: Where & { key: string; taskId: string }): Json => ({
  ...head(botId, w),
  msgtype: "event",
  event: { eventtype: "template_card_event", event_key: w.key, task_id: w.taskId },
});
/**
 * WeCom tells a connection it is being dropped because a newer one opened for the same robot
 * (EventType.Disconnected, node_modules/@wecom/aibot-node-sdk/dist/types/event.d.ts:
 * "有新连接建立时，服务端向旧连接发送此事件并主动断开").
 */
export const robotDisplaced = (botId: string): Json => ({ msgid: msgid(), aibotid: botId, create_time: Math.floor(Date.now() / 1000), msgtype: "event", event: { eventtype: "disconnected_event" } });
/** The person opened the one-to-one chat (enter_chat): nothing duban answers. */
export const robotEnterChat = (botId: string, userId: string): Json => ({ ...head(botId, { userId }), msgtype: "event", event: { eventtype: "enter_chat" } });
