/**
 * A fake WeCom on 127.0.0.1 for driving the real WeCom adapter: the server API duban calls
 * (gettoken, message/send, appchat/send, appchat/create, media/upload, media/get), access
 * tokens that can be made to expire (42001), errcode 45009 and HTTP 429 on demand, and every
 * call logged. Plus what WeCom itself sends: callbacks as encrypted XML, signed with the
 * app's Token and encrypted with its EncodingAESKey through @wecom/crypto, the library
 * WeCom publishes for this.
 *
 * Shapes: 回调配置 / 加解密方案 (https://developer.work.weixin.qq.com/document/path/90968,
 * the outer `<xml><ToUserName/><Encrypt/><AgentID/></xml>` and the msg_signature query),
 * 接收消息 (path/90239), 模板卡片事件 (path/90240), 发送应用消息 (path/90236), 应用推送消息
 * (appchat, path/90248), 素材管理 (path/90253), 获取 access_token (path/91039). The received
 * messages' field names agree with those SDKs record: xen0n/go-workwx docs/rx_msg.md (text Content,
 * image PicUrl + MediaId, MsgId, AgentID) and binarywang/WxJava's WxCpXmlMessageTest (template card
 * events, string MsgIds).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { encrypt, getSignature } from "@wecom/crypto";
import { readWecomMarkdown } from "./wecom-markdown";

export type Json = Record<string, unknown>;

export interface WecomCall {
  path: string;
  body: Json;
  errcode: number;
}

export interface WecomPosted {
  /** userid for message/send, chatid for appchat/send. */
  chatId: string;
  direct: boolean;
  msgtype: string;
  body: Json;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, body: Json, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

const cdata = (v: string | number) => (typeof v === "number" ? String(v) : `<![CDATA[${v}]]>`);
export const xmlOf = (fields: Record<string, string | number>) =>
  `<xml>${Object.entries(fields).map(([k, v]) => `<${k}>${cdata(v)}</${k}>`).join("")}</xml>`;

export interface FakeWecom {
  apiUrl: string;
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  aesKey: string;
  calls: WecomCall[];
  posted: WecomPosted[];
  /** Texts and markdown posted, in order, as the person reads them (markdown through readWecomMarkdown). */
  texts(): { chatId: string; direct: boolean; text: string; msgtype: "text" | "markdown" }[];
  /** Bytes the adapter uploaded, by media_id. */
  uploads: Map<string, { type: string; name: string; bytes: Uint8Array }>;
  /** Put a file on WeCom's side (what a person sent); returns its media_id. */
  addMedia(bytes: Uint8Array, contentType: string): string;
  /** Tokens WeCom handed out. */
  tokensIssued(): number;
  /**
   * The current token stops working: 42001 (access_token 已过期) as when it outlived expires_in,
   * or 40014 (不合法的 access_token) as when the secret was reset or another process fetched a
   * new one (全局错误码, https://developer.work.weixin.qq.com/document/path/90313).
   */
  expireToken(errcode?: 42001 | 40014): void;
  /** The next n message sends answer errcode 45009 (api freq out of limit, path/90313), after `after` that go through. */
  fail45009Next(n?: number, after?: number): void;
  /** The next call of this API answers this errcode (e.g. appchat/create refused for want of privilege). */
  refuseNext(path: string, errcode: number, errmsg: string): void;
  /**
   * From now on every send of this msgtype answers 40008 (不合法的消息类型, path/90313), as a
   * deployment that does not take it would (an older 政务微信 and markdown).
   */
  refuseMsgtype(msgtype: string): void;
  /** The next message send answers HTTP 429 with Retry-After (a gateway in front of WeCom). */
  fail429Next(retryAfterSec: number): void;
  /**
   * WeCom posts a callback to the app; resolves with the HTTP status and body it got. `fields` are
   * the message's flat fields, or its whole plaintext XML when it nests elements. With
   * `giveUpMs`, WeCom stops waiting then, as it does after 5 seconds: status 0, "no answer".
   */
  callback(url: string, fields: Record<string, string | number> | string, opts?: { signWith?: string; nowSec?: number; giveUpMs?: number }): Promise<{ status: number; body: string }>;
  /** The admin console's URL check (GET with echostr); resolves with status and body. */
  verifyUrl(url: string, echo: string): Promise<{ status: number; body: string }>;
  /** appchat/create: the group chats the app made. */
  chats: Map<string, { name: string; owner: string; userlist: string[] }>;
  close(): Promise<void>;
}

let msgSeq = 7_000_000_000_000_000_000n;
/** A fresh MsgId, as WeCom gives each message (a 64-bit number). */
/** The app's WECOM_* environment for this fake, as an admin would set it (callback listener on any port). */
export function wecomAppEnv(fake: FakeWecom): Record<string, string> {
  return {
    WECOM_CORP_ID: fake.corpId,
    WECOM_AGENT_ID: String(fake.agentId),
    WECOM_SECRET: fake.secret,
    WECOM_TOKEN: fake.token,
    WECOM_AES_KEY: fake.aesKey,
    WECOM_API_URL: fake.apiUrl,
    WECOM_PORT: "0",
  };
}

export const nextMsgId = () => String(++msgSeq);

export async function startFakeWecom(): Promise<FakeWecom> {
  const corpId = "ww0duban0fake0corp";
  const agentId = 1000002;
  const secret = "fake-app-secret";
  const token = "duBanToken";
  // The admin console's EncodingAESKey: 43 letters and digits (base64 without + / =).
  const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const aesKey = Array.from(randomBytes(43), (b) => ALNUM[b % ALNUM.length]).join("");
  const calls: WecomCall[] = [];
  const posted: WecomPosted[] = [];
  const uploads = new Map<string, { type: string; name: string; bytes: Uint8Array }>();
  const media = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const chats = new Map<string, { name: string; owner: string; userlist: string[] }>();
  let issued = 0;
  let current = "";
  let staleCode: 42001 | 40014 = 42001;
  let fail45009 = 0;
  let passBefore45009 = 0;
  let fail429: number | undefined;
  const refusals = new Map<string, { errcode: number; errmsg: string }>();
  let mediaSeq = 0;
  const refusedTypes = new Set<string>();

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const raw = await readRaw(req);
      const path = url.pathname;
      if (path === "/cgi-bin/gettoken") {
        if (url.searchParams.get("corpid") !== corpId || url.searchParams.get("corpsecret") !== secret) {
          return json(res, { errcode: 40001, errmsg: "invalid credential" });
        }
        issued++;
        current = `tok-${issued}-${randomBytes(4).toString("hex")}`;
        return json(res, { errcode: 0, errmsg: "ok", access_token: current, expires_in: 7200 });
      }
      if (url.searchParams.get("access_token") !== current) {
        calls.push({ path, body: {}, errcode: staleCode });
        return json(res, staleCode === 42001 ? { errcode: 42001, errmsg: "access_token expired" } : { errcode: 40014, errmsg: "invalid access_token" });
      }
      if (path === "/cgi-bin/media/get") {
        const m = media.get(url.searchParams.get("media_id") ?? "");
        if (!m) return json(res, { errcode: 40007, errmsg: "invalid media_id" });
        res.writeHead(200, { "content-type": m.contentType });
        return res.end(Buffer.from(m.bytes));
      }
      if (path === "/cgi-bin/media/upload") {
        const form = await new Response(new Uint8Array(raw), { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
        const file = form.get("media");
        if (!(file instanceof File)) return json(res, { errcode: 41001, errmsg: "media missing" });
        const type = url.searchParams.get("type") ?? "";
        const bytes = new Uint8Array(await file.arrayBuffer());
        // 上传临时素材 (path/90253): 图片（image）：10MB，支持JPG,PNG格式. 40005 不合法的文件类型, 40006 不合法的文件大小 (path/90313).
        const jpgOrPng = (bytes[0] === 0xff && bytes[1] === 0xd8) || (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47);
        if (type === "image" && !jpgOrPng) return json(res, { errcode: 40005, errmsg: "invalid file type" });
        if (type === "image" && bytes.length > 10 * 1024 * 1024) return json(res, { errcode: 40006, errmsg: "invalid file size" });
        const id = `media-${++mediaSeq}`;
        uploads.set(id, { type, name: file.name, bytes });
        return json(res, { errcode: 0, errmsg: "ok", type: url.searchParams.get("type"), media_id: id, created_at: "1380000000" });
      }
      const body = (raw.length ? JSON.parse(raw.toString("utf8")) : {}) as Json;
      const refusal = refusals.get(path);
      if (refusal) {
        refusals.delete(path);
        calls.push({ path, body, errcode: refusal.errcode });
        return json(res, refusal);
      }
      if (path === "/cgi-bin/message/send" || path === "/cgi-bin/appchat/send") {
        if (fail429 !== undefined) {
          const sec = fail429;
          fail429 = undefined;
          calls.push({ path, body, errcode: 429 });
          return json(res, { errcode: -1, errmsg: "too many requests" }, 429, { "retry-after": String(sec) });
        }
        if (fail45009 > 0 && passBefore45009 > 0) passBefore45009--;
        else if (fail45009 > 0) {
          fail45009--;
          calls.push({ path, body, errcode: 45009 });
          return json(res, { errcode: 45009, errmsg: "api freq out of limit" });
        }
        if (refusedTypes.has(String(body.msgtype))) {
          calls.push({ path, body, errcode: 40008 });
          return json(res, { errcode: 40008, errmsg: "invalid message type" });
        }
        const direct = path === "/cgi-bin/message/send";
        if (direct && body.agentid !== agentId) return json(res, { errcode: 40056, errmsg: "invalid agentid" });
        const chatId = String(direct ? body.touser : body.chatid);
        if (!direct && !chats.has(chatId)) return json(res, { errcode: 86003, errmsg: "chat not exist" });
        calls.push({ path, body, errcode: 0 });
        posted.push({ chatId, direct, msgtype: String(body.msgtype), body });
        return json(res, direct ? { errcode: 0, errmsg: "ok", invaliduser: "", msgid: `msgid-${posted.length}` } : { errcode: 0, errmsg: "ok" });
      }
      if (path === "/cgi-bin/appchat/create") {
        const chatid = typeof body.chatid === "string" && body.chatid ? body.chatid : `wr${randomBytes(6).toString("hex")}`;
        if (chats.has(chatid)) {
          calls.push({ path, body, errcode: 86215 });
          return json(res, { errcode: 86215, errmsg: "chatid already exists" });
        }
        if (!Array.isArray(body.userlist) || body.userlist.length < 2) return json(res, { errcode: 86004, errmsg: "invalid userlist" });
        chats.set(chatid, { name: String(body.name ?? ""), owner: String(body.owner ?? ""), userlist: (body.userlist as string[]) ?? [] });
        calls.push({ path, body, errcode: 0 });
        return json(res, { errcode: 0, errmsg: "ok", chatid });
      }
      json(res, { errcode: 60011, errmsg: `no such api ${path}` }, 404);
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;

  function signed(url: string, encrypted: string, opts: { signWith?: string; nowSec?: number }, extra: Record<string, string> = {}) {
    const timestamp = String(opts.nowSec ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(5).toString("hex");
    const msg_signature = getSignature(opts.signWith ?? token, timestamp, nonce, encrypted);
    return `${url}?${new URLSearchParams({ msg_signature, timestamp, nonce, ...extra }).toString()}`;
  }

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    corpId,
    agentId,
    secret,
    token,
    aesKey,
    calls,
    posted,
    chats,
    texts: () =>
      posted.flatMap((p) => {
        if (p.msgtype !== "text" && p.msgtype !== "markdown") return [];
        const content = String((p.body[p.msgtype] as Json).content);
        return [{ chatId: p.chatId, direct: p.direct, msgtype: p.msgtype, text: p.msgtype === "markdown" ? readWecomMarkdown(content) : content }];
      }),
    uploads,
    addMedia(bytes, contentType) {
      const id = `in-media-${++mediaSeq}`;
      media.set(id, { bytes, contentType });
      return id;
    },
    tokensIssued: () => issued,
    expireToken(errcode = 42001) {
      staleCode = errcode;
      current = `expired-${current}`;
    },
    fail45009Next(n = 1, after = 0) {
      fail45009 = n;
      passBefore45009 = after;
    },
    fail429Next: (sec) => void (fail429 = sec),
    refuseMsgtype: (msgtype) => void refusedTypes.add(msgtype),
    refuseNext: (path, errcode, errmsg) => void refusals.set(path, { errcode, errmsg }),
    async callback(url, fields, opts = {}) {
      const plain = typeof fields === "string" ? fields : xmlOf({ ToUserName: corpId, AgentID: agentId, ...fields });
      const encrypted = encrypt(aesKey, plain, corpId);
      try {
        const res = await fetch(signed(url, encrypted, opts), {
          method: "POST",
          headers: { "content-type": "text/xml" },
          body: xmlOf({ ToUserName: corpId, Encrypt: encrypted, AgentID: String(agentId) }),
          ...(opts.giveUpMs !== undefined ? { signal: AbortSignal.timeout(opts.giveUpMs) } : {}),
        });
        return { status: res.status, body: await res.text() };
      } catch (err) {
        if (opts.giveUpMs !== undefined && err instanceof DOMException && err.name === "TimeoutError") return { status: 0, body: "no answer" };
        throw err;
      }
    },
    async verifyUrl(url, echo) {
      const echostr = encrypt(aesKey, echo, corpId);
      const res = await fetch(signed(url, echostr, {}, { echostr }));
      return { status: res.status, body: await res.text() };
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A person's text message to the app, as WeCom posts it (接收消息 · 文本消息). */
export function textMessage(p: { from: string; content: string; msgId?: string; at?: number }): Record<string, string | number> {
  return { FromUserName: p.from, CreateTime: p.at ?? Math.floor(Date.now() / 1000), MsgType: "text", Content: p.content, MsgId: p.msgId ?? nextMsgId() };
}

/** A picture sent to the app (接收消息 · 图片消息). */
export function imageMessage(p: { from: string; mediaId: string; msgId?: string }): Record<string, string | number> {
  return { FromUserName: p.from, CreateTime: Math.floor(Date.now() / 1000), MsgType: "image", PicUrl: "http://wework.qpic.cn/fake", MediaId: p.mediaId, MsgId: p.msgId ?? nextMsgId() };
}

/**
 * A file sent to the app, with the fields other WeCom integrations read from it (MediaId, FileName;
 * e.g. chenhg5/cc-connect pull request 330). WeCom's public list of app messages (接收消息,
 * path/90239, mirrored by xen0n/go-workwx docs/rx_msg.md: text, image, voice, video, location,
 * link) has no file, and people report a PDF sent to an app arriving as no file message at all
 * (BytePioneer-AI/openclaw-china issues 204 and 221): the README says so.
 */
export function fileMessage(p: { from: string; mediaId: string; fileName: string }): Record<string, string | number> {
  return { FromUserName: p.from, CreateTime: Math.floor(Date.now() / 1000), MsgType: "file", MediaId: p.mediaId, FileName: p.fileName, MsgId: nextMsgId() };
}

/**
 * A template-card button press (模板卡片事件推送, button_interaction). The fields are those WxJava's
 * own test records for this event (binarywang/WxJava, weixin-java-cp/src/test/java/me/chanjar/
 * weixin/cp/bean/message/WxCpXmlMessageTest.java, testTemplateCardEvent): EventKey, TaskId,
 * CardType, ResponseCode, AgentID; a vote or multiple-choice card adds a nested SelectedItems.
 */
export function cardPress(p: { from: string; key: string; taskId: string }): Record<string, string | number> {
  return {
    FromUserName: p.from,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: "event",
    Event: "template_card_event",
    EventKey: p.key,
    TaskId: p.taskId,
    CardType: "button_interaction",
    ResponseCode: randomBytes(8).toString("hex"),
  };
}

/** A person opened the app (进入应用): nothing duban answers. */
export function enterAgent(from: string): Record<string, string | number> {
  return { FromUserName: from, CreateTime: Math.floor(Date.now() / 1000), MsgType: "event", Event: "enter_agent", EventKey: "" };
}
