/**
 * The web chat's HTTP routes: the page itself, sign-in, photo upload and signed media
 * links. Every route that acts for a person checks the session token first; the page is
 * served with a policy that lets it load nothing from anywhere but this server.
 */
import { createReadStream, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join } from "node:path";
import { projectPath } from "../../src/paths";
import type { Duplex } from "node:stream";
import { z } from "zod";
import type { Clock } from "../../src/core/clock";
import type { Lang } from "../../src/core/types";
import { bindWithCode, findPersonByIdentity, issueBindCode } from "../../src/ledger/people";
import { earliestIdentityOf } from "../../src/ledger/web-identity";
import { langOf, messagesFor, type Catalogue } from "../../src/i18n/index";
import type { Ledger } from "../../src/ledger/db";
import { evidencePath } from "../../src/ledger/evidence";
import type { Logger } from "../../src/log";
import { createAttempts } from "../../src/bot/attempts";
import { guesserKey, type ClientAddressOf } from "./client-address";
import { acceptUpload, readBody, rejectionText } from "./upload";
import { cookieToken, dashboardCookie, mediaCookie, newWebUserId, type Session, type Signer } from "./session";
import { createDashboard } from "./dashboard";
import type { Config } from "../../src/config";

export interface DemoPerson {
  label: string;
  personId: number;
}

export interface ServerDeps {
  ledger: Ledger;
  signer: Signer;
  clock: Clock;
  log: Logger;
  dataDir: string;
  tz: string;
  maxPhotoBytes: number;
  /** Files that are not photos (documents, ledger files for /导入) up to this size. */
  maxFileBytes: number;
  defaultLang: Lang;
  /** The client behind the request, X-Forwarded-For believed only from trusted proxies. */
  clientAddressOf: ClientAddressOf;
  /** Demo mode: these people sign in with one click. Never set on a real ledger. */
  demo?: { people: DemoPerson[] };
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** For the dashboard: thresholds, time zone, language. */
  config: Config;
}

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/state.js": { file: "state.js", type: "text/javascript; charset=utf-8" },
  "/render.js": { file: "render.js", type: "text/javascript; charset=utf-8" },
  "/photos.js": { file: "photos.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
};

const MIME: Record<string, string> = {
  ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", ".gif": "image/gif", ".heic": "image/heic", ".avif": "image/avif",
};

// No script, style, font or image from anywhere but here: it must work on an offline intranet.
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

// Bind codes are short enough to be typed: a client that keeps guessing waits longer and
// longer (2 s, 4 s, … up to 10 minutes); everyone else signs in as usual.
const SIGN_IN_LIMIT = { free: 5, firstDelayMs: 2000, maxDelayMs: 10 * 60_000, forgetAfterMs: 15 * 60_000 };

const signInBody = z.object({ code: z.string().max(64) });
const demoBody = z.object({ personId: z.number().int().positive() });

export function createWebServer(deps: ServerDeps): Server {
  const pageDir = projectPath("adapters/web/page");
  const page = new Map(Object.entries(PAGE_FILES).map(([path, f]) => [path, { body: readFileSync(join(pageDir, f.file)), type: f.type }]));
  const signInAttempts = createAttempts(SIGN_IN_LIMIT);
  const dashboard = createDashboard({ ledger: deps.ledger, signer: deps.signer, clock: deps.clock, config: deps.config, securityHeaders: SECURITY_HEADERS, pageDir });

  const langOfReq = (req: IncomingMessage): Lang => langOf(String(req.headers["x-duban-lang"] ?? ""), deps.defaultLang);
  const msgOf = (req: IncomingMessage): Catalogue => messagesFor(langOfReq(req));

  function json(res: ServerResponse, status: number, body: unknown): void {
    const data = JSON.stringify(body);
    res.writeHead(status, { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(data);
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const body = await readBody(req, 16 * 1024);
    if (!body.ok) return undefined;
    try {
      return JSON.parse(body.bytes.toString("utf8"));
    } catch {
      return undefined;
    }
  }

  /** The session of a request that carries a valid token of a still-bound person. */
  async function requestSession(req: IncomingMessage, token = bearerToken(req)): Promise<Session | null> {
    const session = deps.signer.verifySession(token, deps.clock.now());
    if (!session) return null;
    const person = await findPersonByIdentity(deps.ledger.session, "web", session.userId);
    return person && person.id === session.personId ? session : null;
  }

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const msg = msgOf(req).web.signIn;
    const guesser = guesserKey(deps.clientAddressOf(req));
    const now = deps.clock.now();
    const verdict = signInAttempts.check(guesser, now);
    if (!verdict.ok) {
      req.resume();
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      res.setHeader("retry-after", String(seconds));
      return json(res, 429, { error: msg.tooManyAttempts({ seconds }) });
    }
    const body = signInBody.safeParse(await readJson(req));
    if (!body.success || !body.data.code.trim()) return json(res, 400, { error: msg.missingCode });
    const userId = newWebUserId();
    const result = await deps.ledger.tx((session) => bindWithCode(session, { platform: "web", userId, code: body.data.code, now, source: `web:signin:${userId}` }));
    if (!result.ok) {
      signInAttempts.failed(guesser, deps.clock.now());
      return json(res, 400, { error: msg[result.reason] });
    }
    signInAttempts.succeeded(guesser);
    deps.log.info("web sign-in", { personId: result.person.id, userId });
    const token = deps.signer.sessionToken({ userId, personId: result.person.id }, now);
    res.setHeader("set-cookie", [mediaCookie(token), dashboardCookie(token)]);
    json(res, 200, { token, name: result.person.name });
  }

  /** Demo only: the person's earlier web identity, or a fresh one bound with a code issued here. */
  async function demoSignIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = demoBody.safeParse(await readJson(req));
    const offered = body.success && deps.demo?.people.some((p) => p.personId === body.data.personId);
    if (!body.success || !offered) return json(res, 404, { error: msgOf(req).web.signIn.demoOnly });
    const personId = body.data.personId;
    const now = deps.clock.now();
    const userId = await deps.ledger.tx(async (session) => {
      const earlier = await earliestIdentityOf(session, "web", personId);
      if (earlier) return earlier;
      const fresh = newWebUserId();
      const code = await issueBindCode(session, { personId, createdById: null, now });
      const bound = await bindWithCode(session, { platform: "web", userId: fresh, code, now, source: `web:demo:${fresh}` });
      if (!bound.ok) throw new Error(`demo sign-in failed: ${bound.reason}`);
      return fresh;
    });
    const token = deps.signer.sessionToken({ userId, personId }, now);
    res.setHeader("set-cookie", [mediaCookie(token), dashboardCookie(token)]);
    json(res, 200, { token });
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const msg = msgOf(req);
    const session = await requestSession(req);
    if (!session) {
      req.resume();
      return json(res, 401, { error: msg.web.session.invalid });
    }
    const result = await acceptUpload(req, { dataDir: deps.dataDir, maxPhotoBytes: deps.maxPhotoBytes, maxFileBytes: deps.maxFileBytes, tz: deps.tz });
    if (!result.ok) return json(res, result.status, { error: rejectionText(msg, result.reason, result.limit ?? deps.maxPhotoBytes), reason: result.reason });
    if (result.kind === "file") {
      const name = fileNameOf(req);
      return json(res, 200, { fileId: deps.signer.uploadTicket(session.userId, result.sha256, name), kind: "file", name, size: result.size });
    }
    json(res, 200, {
      fileId: deps.signer.uploadTicket(session.userId, result.sha256),
      kind: "photo",
      width: result.width,
      height: result.height,
      size: result.size,
    });
  }

  /** A link is served only to the session it was issued to; to anyone else it does not exist. */
  async function media(req: IncomingMessage, token: string, res: ServerResponse): Promise<void> {
    const claims = deps.signer.verifyMedia(token, deps.clock.now());
    const session = claims ? await requestSession(req, cookieToken(req.headers.cookie) ?? bearerToken(req)) : null;
    if (!claims || session?.userId !== claims.userId) return json(res, 404, {});
    const ref = claims.media;
    const found = "e" in ref ? await evidencePath(deps.dataDir, ref.e) : "d" in ref ? evidenceFileOf(deps.dataDir, ref.d) : join(deps.dataDir, "exports", ref.x);
    const info = found ? await stat(found).catch(() => null) : null;
    if (!found || !info?.isFile()) return json(res, 404, {});
    const headers: Record<string, string | number> = {
      ...SECURITY_HEADERS,
      "content-length": info.size,
      "cache-control": "private, max-age=3600",
      "content-type": "e" in ref ? MIME[extname(found)] ?? "application/octet-stream" : "application/octet-stream",
    };
    if (!("e" in ref)) headers["content-disposition"] = `attachment; filename*=UTF-8''${encodeURIComponent(ref.n)}`;
    res.writeHead(200, headers);
    createReadStream(found).pipe(res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://web");
    const path = url.pathname === "/index.html" ? "/" : url.pathname;
    if (req.method === "GET" && page.has(path)) {
      const f = page.get(path)!;
      res.writeHead(200, { ...SECURITY_HEADERS, "content-type": f.type, "cache-control": "no-cache" });
      return void res.end(f.body);
    }
    if (req.method === "GET" && path === "/api/boot") {
      return json(res, 200, {
        lang: deps.defaultLang,
        strings: { "zh-CN": messagesFor("zh-CN").web.page, en: messagesFor("en").web.page },
        demo: deps.demo ? deps.demo.people : null,
      });
    }
    if (req.method === "GET" && path === "/api/me") {
      // The page asks when its socket was refused: a dead token, or only the network?
      const session = await requestSession(req);
      return session ? json(res, 200, { ok: true }) : json(res, 401, { error: msgOf(req).web.session.invalid });
    }
    if (req.method === "POST" && path === "/api/session") return signIn(req, res);
    if (req.method === "DELETE" && path === "/api/session") {
      // Signing out: this browser's media links stop working with it.
      res.setHeader("set-cookie", [mediaCookie(null), dashboardCookie(null)]);
      return json(res, 200, {});
    }
    if (req.method === "POST" && path === "/api/demo-session") return demoSignIn(req, res);
    if (req.method === "POST" && path === "/api/upload") return upload(req, res);
    if (req.method === "GET" && (path === "/dashboard" || path.startsWith("/dashboard/"))) return dashboard.route(req, res, url);
    if (req.method === "GET" && path.startsWith("/media/")) return media(req, decodeURIComponent(path.slice("/media/".length)), res);
    req.resume();
    json(res, 404, {});
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      deps.log.error("web request failed", { url: req.url, err });
      if (!res.headersSent) json(res, 500, { error: msgOf(req).web.page.networkError });
      else res.destroy();
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://web").pathname !== "/ws") return socket.destroy();
    deps.upgrade(req, socket, head);
  });
  return server;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = String(req.headers.authorization ?? "");
  return header.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
}

/** The file name the page sends beside the bytes (percent-encoded), for showing only. */
function fileNameOf(req: IncomingMessage): string {
  const raw = req.headers["x-file-name"];
  if (typeof raw !== "string") return "";
  try {
    return decodeURIComponent(raw).replace(/[\0-\x1f/\\]/g, "_").slice(0, 200);
  } catch {
    return "";
  }
}

/** A stored evidence document by its file name, <sha256>.<ext>, under the evidence directory. */
const evidenceFileOf = (dataDir: string, file: string) => join(dataDir, "evidence", file.slice(0, 2), file);
