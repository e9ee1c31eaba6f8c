/**
 * The web chat: a channel like Telegram or Slack, for people without either. An HTTP
 * server serves the page, signs people in with the bind codes a coordinator issues,
 * takes photo uploads and speaks to the page over a web socket.
 *
 * A person's own conversation with the bot is the direct chat whose id is their web user
 * id (so reminders addressed to a bound identity land there); rooms are the Chat rows of
 * platform "web" bound to a purpose — the leaders' room gets the digest like any group.
 * What the bot sends is written to WebMessage first and then pushed to open pages, so a
 * page that was closed or offline is shown it when it comes back.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { basename, join, sep } from "node:path";
import type { AdapterCaps, ChatAdapter, EventSink } from "../../src/core/chat";
import { systemClock, type Clock } from "../../src/core/clock";
import type { Lang } from "../../src/core/types";
import type { PersonRecord } from "../../src/bot/context";
import type { Config } from "../../src/config";
import { messagesFor } from "../../src/i18n/index";
import type { Ledger } from "../../src/ledger/db";
import { evidencePath } from "../../src/ledger/evidence";
import { webRoomsOf } from "../../src/ledger/web-rooms";
import type { Logger } from "../../src/log";
import { botPayloads, type Linker } from "./format";
import { createHistory, type WebHistory } from "./history";
import { clientAddressResolver } from "./client-address";
import { createWebServer, type DemoPerson } from "./server";
import { createSigner, type MediaRef } from "./session";
import { loadSecret } from "../../src/secret";
import { createSocketHub, type ChatInfo } from "./socket";
import { uploadPath } from "./upload";

export type { DemoPerson } from "./server";

export interface WebAdapterOptions {
  port: number;
  host: string;
  ledger: Ledger;
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Demo mode: one-click sign-in for these people. */
  demo?: { people: DemoPerson[] };
  /** Where the conversation is kept; the ledger's WebMessage table unless given. */
  history?: WebHistory;
  /** How often to look for messages other processes wrote for pages open here. */
  pollMs?: number;
}

export interface WebAdapter extends ChatAdapter {
  /** The page's address once started, e.g. http://127.0.0.1:3000/. */
  url(): string;
}

export const WEB_CAPS: AdapterCaps = {
  // A room's page hands the bot everything said in it.
  groupMessages: () => "all",
  // Longer messages become several bubbles: a digest stays readable on a phone.
  maxText: 8000,
  // An upload is stored byte for byte (upload.ts): the camera's own file keeps its capture time.
  originalPhoto: "upload",
  buttons: true,
  editMessages: true,
  directMessages: true,
  // Nothing but our own server in between: generous, only to keep a runaway loop polite.
  rate: { perChat: { count: 20, perMs: 1000 }, global: { count: 200, perMs: 1000 } },
};

/** Media links stay valid this long, and only with their session; a reloaded page gets fresh ones. */
const LINK_TTL_MS = 12 * 3600_000;

export function createWebAdapter(opts: WebAdapterOptions): WebAdapter {
  const { ledger, config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const signer = createSigner(loadSecret(config.DUBAN_SECRET, config.dataDir));
  const history = opts.history ?? createHistory(ledger);
  let sink: EventSink | undefined;
  const inflight = new Set<Promise<unknown>>();
  let poller: NodeJS.Timeout | undefined;
  let address: AddressInfo | undefined;
  // Rooms made here by /建群 whose first message has not gone out: that message is when the
  // bot's change is committed, so it is when the members' pages may be told of the room.
  const created = new Set<string>();

  const linker = (userId: string): Linker => {
    const exp = new Date(clock.now().getTime() + LINK_TTL_MS);
    const link = (ref: MediaRef) => `/media/${encodeURIComponent(signer.mediaToken(userId, ref, exp))}`;
    // Exports live in <data dir>/exports, evidence documents in <data dir>/evidence: the link
    // names the file, the server knows the folder.
    const evidenceDir = join(config.dataDir, "evidence") + sep;
    return {
      evidence: (sha) => link({ e: sha }),
      file: (path, name) => (path.startsWith(evidenceDir) ? link({ d: basename(path), n: name }) : link({ x: basename(path), n: name })),
    };
  };

  async function chatsOf(person: PersonRecord, userId: string, lang: Lang): Promise<ChatInfo[]> {
    const msg = messagesFor(lang);
    const rooms = await webRoomsOf(ledger.session, person);
    return [
      { chatId: userId, title: msg.web.directTitle, purpose: "direct", direct: true },
      ...rooms.map((r) => ({ chatId: r.chatId, title: r.title ?? msg.common.purpose[r.purpose], purpose: r.purpose, direct: false })),
    ];
  }

  const hub = createSocketHub({
    ledger,
    history,
    signer,
    clock,
    log,
    dataDir: config.dataDir,
    defaultLang: config.DUBAN_LANG,
    maxConnections: config.WEB_MAX_CONNECTIONS,
    chatsOf,
    linker,
    sink: () => sink,
    track(work) {
      inflight.add(work);
      return work.finally(() => inflight.delete(work));
    },
  });

  const server = createWebServer({
    ledger,
    signer,
    clock,
    log,
    dataDir: config.dataDir,
    tz: config.DUBAN_TZ,
    maxPhotoBytes: config.MAX_PHOTO_BYTES,
    maxFileBytes: config.DOCUMENT_MAX_MB * 1024 * 1024,
    defaultLang: config.DUBAN_LANG,
    clientAddressOf: clientAddressResolver(config.TRUST_PROXY),
    config,
    demo: opts.demo,
    upgrade: hub.upgrade,
  });

  return {
    platform: "web",
    caps: WEB_CAPS,

    async start(s) {
      sink = s;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port, opts.host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      address = server.address() as AddressInfo;
      poller = setInterval(() => {
        hub.poll().catch((err: unknown) => log.warn("web poll failed", { err }));
      }, opts.pollMs ?? 2000);
      poller.unref();
    },

    async stop() {
      // New messages are refused (the page keeps and resends them); those being handled finish.
      sink = undefined;
      clearInterval(poller);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await hub.close();
      await Promise.allSettled(inflight);
      server.closeAllConnections();
      await closed;
    },

    async send(to, msg) {
      if (created.delete(to.chatId)) await hub.refreshChats(to.chatId);
      const target = msg.edit && /^\d+$/.test(msg.edit) ? await history.find(to.chatId, Number(msg.edit)) : null;
      let first: number | undefined;
      for (const payload of botPayloads(msg, WEB_CAPS.maxText, target?.id)) {
        const row = await history.appendOut(to.chatId, payload, clock.now());
        hub.publish(row);
        first ??= row.id;
      }
      return { messageId: String(target?.id ?? first) };
    },

    /**
     * A room is a Chat row of platform "web": the command binds it, and who may open it follows
     * from its purpose (src/core/rooms), so the members need no list of their own. The id comes
     * from the request's key, so a retried command names the same room.
     */
    async createGroup({ key }) {
      const chatId = `room-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
      created.add(chatId);
      return { chatId };
    },

    async download(media) {
      const path = media.kind === "document" ? await uploadPath(config.dataDir, media.fileId) : await evidencePath(config.dataDir, media.fileId);
      if (!path) throw new Error(`no uploaded photo ${media.fileId}`);
      return new Uint8Array(await readFile(path));
    },

    classify(err) {
      // Our own database is the only thing a send can fail on: always worth another try,
      // after the delay the error asks for when it says.
      const after = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
      return {
        retry: true,
        ...(typeof after === "number" && after >= 0 ? { afterMs: after } : {}),
        reason: err instanceof Error ? err.message : String(err),
      };
    },

    url() {
      if (!address) return "";
      const host = address.address === "0.0.0.0" || address.address === "::" ? "localhost" : address.address.includes(":") ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}/`;
    },
  };
}
