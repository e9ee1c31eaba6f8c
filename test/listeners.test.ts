/**
 * Every listener binds where the configuration says, loopback by default: the README
 * puts them behind a reverse proxy on the same machine.
 */
import { TEST_AUDIT_KEY } from "./support/databases";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackAdapter } from "../adapters/slack/index";
import type { ChatAdapter } from "../src/core/chat";
import { loadConfig } from "../src/config";
import { openLedger, type Ledger } from "../src/ledger/db";
import { silentLogger } from "../src/log";
import { configuredAdapters } from "../src/main";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack";
import { startFakeTelegram, type FakeTelegram } from "./support/fake-telegram";
import { freePort } from "./adapters/telegram/setup";

/** 127.0.0.2 is loopback too on Linux, but not where a server on 127.0.0.1 answers. */
const ELSEWHERE = "127.0.0.2";

let dataDir: string;
let ledger: Ledger | undefined;
let started: ChatAdapter[] = [];
const fakes: Array<FakeTelegram | FakeSlack> = [];
afterEach(async () => {
  for (const a of started) await a.stop();
  started = [];
  for (const f of fakes.splice(0)) await f.close();
  await ledger?.close();
  ledger = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function adaptersFor(env: NodeJS.ProcessEnv): Promise<ChatAdapter[]> {
  dataDir = mkdtempSync(join(tmpdir(), "duban-listen-"));
  const config = loadConfig({ DUBAN_DATA_DIR: dataDir, WEB_PORT: "0", ...env });
  ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  const { adapters } = await configuredAdapters(config, ledger, silentLogger);
  for (const a of adapters) {
    await a.start(async () => {});
    started.push(a);
  }
  return adapters;
}

/** The HTTP status a POST gets, or the connection error's code. */
function post(host: string, port: number, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: "POST" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
    req.end("{}");
  });
}

describe("where the listeners bind", () => {
  it("Telegram's webhook server and Slack's events server listen on loopback unless told", () => {
    const config = loadConfig({});
    expect([config.TELEGRAM_WEBHOOK_HOST, config.SLACK_HOST, config.WEB_HOST]).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
  });

  it("the Telegram webhook server listens on TELEGRAM_WEBHOOK_HOST", async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const port = await freePort();
    await adaptersFor({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: `https://duban.example.gov.cn/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: "listen-test-secret",
      TELEGRAM_WEBHOOK_HOST: ELSEWHERE,
      TELEGRAM_WEBHOOK_PORT: String(port),
    });
    // Without the secret header: refused by the server, which proves it is the one listening.
    expect(await post(ELSEWHERE, port, "/telegram/webhook")).toBe(401);
    expect(await post("127.0.0.1", port, "/telegram/webhook")).toBe("ECONNREFUSED");
  });

  it("the Slack events server listens on SLACK_HOST", async () => {
    const fake = await startFakeSlack();
    fakes.push(fake);
    const [slack] = (await adaptersFor({
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: fake.signingSecret,
      SLACK_API_URL: fake.apiUrl,
      SLACK_HOST: ELSEWHERE,
      SLACK_PORT: "0",
    })) as [SlackAdapter];
    const url = new URL(slack.eventsUrl()!);
    expect(url.hostname).toBe(ELSEWHERE);
    expect(await post("127.0.0.1", Number(url.port), url.pathname)).toBe("ECONNREFUSED");
  });
});
