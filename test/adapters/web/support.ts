/**
 * The whole bot with the web chat on a fresh database and the real clock, listening on a
 * free local port; and a web socket client that speaks the page's protocol.
 */
import { WebSocket } from "ws";
import { createWebAdapter, type WebAdapter } from "../../../adapters/web/index";
import { PROTOCOL } from "../../../adapters/web/socket";
import { createDuban, type Duban } from "../../../src/app";
import { loadConfig, type Config } from "../../../src/config";
import { issueBindCode } from "../../../src/ledger/people";
import { openLedger, type Ledger } from "../../../src/ledger/db";
import { silentLogger } from "../../../src/log";
import { createTestDatabase, type TestDatabase, TEST_AUDIT_KEY } from "../../support/databases";
import { seedCounty, type County, type PersonKey } from "../../support/county";

export const TEST_SECRET = "web-test-secret-0123456789abcdef0123456789";

export interface WebDuban {
  duban: Duban;
  web: WebAdapter;
  ledger: Ledger;
  config: Config;
  county: County;
  database: TestDatabase;
  url: string;
  /** A fresh bind code for one of the county's people, as a coordinator would issue. */
  bindCode(person: PersonKey): Promise<string>;
  /** Signs in over HTTP with a fresh bind code; returns the session token. */
  signIn(person: PersonKey): Promise<string>;
  close(): Promise<void>;
}

export async function startWebDuban(env: Record<string, string> = {}): Promise<WebDuban> {
  const database = await createTestDatabase("sqlite");
  const config = loadConfig({
    DATABASE_URL: database.url,
    DUBAN_DATA_DIR: database.dataDir,
    DUBAN_SECRET: TEST_SECRET,
    LOG_LEVEL: "silent",
    RECEIPT_QUIET_MS: "100",
    ...env,
  });
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  const county = await seedCounty(ledger, new Date(), config.DUBAN_TZ);
  const web = createWebAdapter({ port: 0, host: "127.0.0.1", ledger, config, log: silentLogger, pollMs: 200 });
  const duban = await createDuban({ config, adapters: [web], ledger });
  await duban.start();
  const url = web.url();
  const bindCode = (person: PersonKey) =>
    ledger.tx((session) => issueBindCode(session, { personId: county.people[person].id, createdById: county.people.coordinator.id, now: new Date() }));
  return {
    duban,
    web,
    ledger,
    config,
    county,
    database,
    url,
    bindCode,
    async signIn(person) {
      const res = await fetch(new URL("/api/session", url), { method: "POST", body: JSON.stringify({ code: await bindCode(person) }) });
      const body = (await res.json()) as { token: string };
      return body.token;
    },
    async close() {
      await duban.stop();
      await ledger.close();
      await database.drop();
    },
  };
}

export interface Frame {
  type: string;
  [key: string]: unknown;
}

export interface PageClient {
  frames: Frame[];
  send(frame: object): void;
  /** Sends raw text or bytes, as a broken or hostile page might. */
  sendRaw(data: string | Buffer): void;
  /** How the server closed the socket, once it has. */
  closed: Promise<{ code: number; reason: string }>;
  /** Waits for a frame (already received or still to come) that passes the check. */
  next(check: (f: Frame) => boolean, what?: string): Promise<Frame>;
  close(): Promise<void>;
}

export function wsUrl(httpUrl: string, lang?: string): string {
  return httpUrl.replace(/^http/, "ws") + "ws" + (lang ? `?lang=${lang}` : "");
}

/** Opens the page's socket with a token; rejects with the HTTP status when it is refused. */
export function connectPage(httpUrl: string, token: string, lang?: string): Promise<PageClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl(httpUrl, lang), [PROTOCOL, token]);
    const frames: Frame[] = [];
    const waiters: { check: (f: Frame) => boolean; done: (f: Frame) => void }[] = [];
    ws.on("message", (data) => {
      const f = JSON.parse(data.toString()) as Frame;
      frames.push(f);
      for (const w of [...waiters]) {
        if (w.check(f)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done(f);
        }
      }
    });
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.once("close", (code, reason) => done({ code, reason: reason.toString() })));
    ws.on("unexpected-response", (_req, res) => reject(new RefusedError(res.statusCode ?? 0)));
    ws.on("error", reject);
    ws.on("open", () =>
      resolve({
        frames,
        send: (frame) => ws.send(JSON.stringify(frame)),
        sendRaw: (data) => ws.send(data),
        closed,
        next(check, what = "a frame") {
          const seen = frames.find(check);
          if (seen) return Promise.resolve(seen);
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`timed out waiting for ${what}`)), 10_000);
            waiters.push({ check, done: (f) => (clearTimeout(timer), done(f)) });
          });
        },
        close: () =>
          new Promise<void>((done) => {
            if (ws.readyState === ws.CLOSED) return done();
            ws.once("close", () => done());
            ws.close();
          }),
      }),
    );
  });
}

export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`refused with HTTP ${status}`);
  }
}

/** The plain text of a bot message frame, as a person reads it. */
export function botText(message: { bot?: { blocks: { type: string; text?: string; items?: string[] }[] } }): string {
  return (message.bot?.blocks ?? [])
    .map((b) => (b.type === "list" ? (b.items ?? []).map((i) => `• ${i}`).join("\n") : b.text ?? "—"))
    .join("\n");
}
