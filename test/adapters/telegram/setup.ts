/** Shared setup for the Telegram tests: an adapter wired to a fake Bot API, in either mode. */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from "../../../adapters/telegram/index";
import { silentLogger } from "../../../src/log";
import { readTelegramHtml, startFakeTelegram, type FakeTelegram, type TgChat, type TgUser } from "../../support/fake-telegram";
import { startTestDuban, type TestDuban } from "../../support/harness";

export type Mode = "polling" | "webhook";
export const MODES: Mode[] = ["polling", "webhook"];

export const WEBHOOK_SECRET = "duban-webhook-secret_1";

export const waterGroup: TgChat = { id: -1001500001, type: "supergroup", title: "水利局整改工作群" };
export const zhangSan: TgUser = { id: 4242001, first_name: "三", username: "zhangsan" };
export const dmWith = (u: TgUser): TgChat => ({ id: u.id, type: "private" });

/** A port nobody listens on now: the webhook URL must be known before the server starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as { port: number };
  await new Promise((r) => probe.close(r));
  return port;
}

export interface Wired {
  adapter: TelegramAdapter;
  dataDir: string;
  /** The webhook URL the adapter registered (webhook mode). */
  webhookUrl?: string;
  cleanup(): void;
}

export async function wireAdapter(fake: FakeTelegram, mode: Mode, extra: Partial<TelegramAdapterOptions> = {}): Promise<Wired> {
  const dataDir = mkdtempSync(join(tmpdir(), "duban-tg-"));
  const port = mode === "webhook" ? await freePort() : 0;
  const webhookUrl = mode === "webhook" ? `http://127.0.0.1:${port}/telegram/webhook` : undefined;
  const adapter = createTelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    dataDir,
    log: silentLogger,
    retryDelayMs: 20,
    ...(webhookUrl ? { webhook: { url: webhookUrl, secret: WEBHOOK_SECRET, port, host: "127.0.0.1" } } : {}),
    ...extra,
  });
  return { adapter, dataDir, ...(webhookUrl ? { webhookUrl } : {}), cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The whole bot behind the real adapter and a fake Telegram, as the scenario tests run it. */
export interface TelegramDuban {
  fake: FakeTelegram;
  wired: Wired;
  t: TestDuban;
}

export async function startTelegramDuban(mode: Mode = "polling"): Promise<TelegramDuban> {
  const fake = await startFakeTelegram();
  const wired = await wireAdapter(fake, mode);
  const t = await startTestDuban({ adapters: [wired.adapter], env: { DUBAN_DATA_DIR: wired.dataDir } });
  return { fake, wired, t };
}

export async function stopTelegramDuban(p: Partial<TelegramDuban>): Promise<void> {
  await p.t?.close();
  await p.fake?.close();
  p.wired?.cleanup();
}

/** What people read in a Telegram chat, message by message. */
export const shownIn = (fake: FakeTelegram, chat: TgChat): string[] =>
  fake.sentTexts().filter((s) => s.chatId === String(chat.id)).map((s) => readTelegramHtml(s.text));
