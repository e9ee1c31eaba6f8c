import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DingTalkAdapter } from "../../../adapters/dingtalk/index";
import { startFakeDingTalk } from "../../support/fake-dingtalk";
import { ConfigError, loadConfig } from "../../../src/config";
import { configuredAdapters } from "../../../src/main";
import { silentLogger } from "../../../src/log";
import type { Ledger } from "../../../src/ledger/db";

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("the configuration was accepted");
}

describe("DingTalk configuration", () => {
  it("points at DingTalk's own addresses and Stream mode unless told otherwise", () => {
    const c = loadConfig({ DINGTALK_CLIENT_ID: "dingkey", DINGTALK_CLIENT_SECRET: "secret" });
    expect(c.DINGTALK_API_URL).toBe("https://api.dingtalk.com");
    expect(c.DINGTALK_OAPI_URL).toBe("https://oapi.dingtalk.com");
    expect(c.DINGTALK_GATEWAY_URL).toBe("https://api.dingtalk.com/v1.0/gateway/connections/open");
    expect(c.DINGTALK_MODE).toBe("stream");
    expect(c.DINGTALK_HOST).toBe("127.0.0.1");
  });

  it("refuses an AppKey without its AppSecret, and the other way round", () => {
    expect(refusal({ DINGTALK_CLIENT_ID: "dingkey" })).toMatch(/DINGTALK_CLIENT_SECRET/);
    expect(refusal({ DINGTALK_CLIENT_SECRET: "secret" })).toMatch(/DINGTALK_CLIENT_SECRET/);
  });

  it("refuses a mode it does not know, an address that is not a URL, and cards over HTTP", () => {
    expect(refusal({ DINGTALK_MODE: "webhook" })).toMatch(/DINGTALK_MODE/);
    expect(refusal({ DINGTALK_API_URL: "api.dingtalk.com" })).toMatch(/DINGTALK_API_URL/);
    expect(refusal({ DINGTALK_CLIENT_ID: "k", DINGTALK_CLIENT_SECRET: "s", DINGTALK_MODE: "http", DINGTALK_CARD_TEMPLATE_ID: "tpl" })).toMatch(/DINGTALK_CARD_TEMPLATE_ID/);
  });

  it("takes the event subscription's token and 43-character aes_key together, in HTTP mode only", () => {
    const app = { DINGTALK_CLIENT_ID: "k", DINGTALK_CLIENT_SECRET: "s", DINGTALK_MODE: "http" };
    const aesKey = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
    const c = loadConfig({ ...app, DINGTALK_EVENT_TOKEN: "tok", DINGTALK_EVENT_AES_KEY: aesKey });
    expect([c.DINGTALK_EVENT_TOKEN, c.DINGTALK_EVENT_AES_KEY]).toEqual(["tok", aesKey]);
    expect(refusal({ ...app, DINGTALK_EVENT_TOKEN: "tok", DINGTALK_EVENT_AES_KEY: aesKey.slice(1) })).toMatch(/DINGTALK_EVENT_AES_KEY: 43 letters and digits/);
    expect(refusal({ ...app, DINGTALK_EVENT_TOKEN: "tok" })).toMatch(/DINGTALK_EVENT_AES_KEY/);
    expect(refusal({ ...app, DINGTALK_EVENT_AES_KEY: aesKey })).toMatch(/DINGTALK_EVENT_AES_KEY/);
    expect(refusal({ ...app, DINGTALK_MODE: "stream", DINGTALK_EVENT_TOKEN: "tok", DINGTALK_EVENT_AES_KEY: aesKey })).toMatch(/DINGTALK_EVENT_TOKEN: .*DINGTALK_MODE=http/);
  });

  it("starts the DingTalk channel only when the app's credentials are set", async () => {
    const ledger = {} as Ledger; // only the web chat reads the ledger at construction, and it is off
    const without = await configuredAdapters(loadConfig({ WEB_PORT: "0" }), ledger, silentLogger);
    expect(without.adapters.map((a) => a.platform)).toEqual([]);
    const withApp = await configuredAdapters(loadConfig({ WEB_PORT: "0", DINGTALK_CLIENT_ID: "k", DINGTALK_CLIENT_SECRET: "s" }), ledger, silentLogger);
    expect(withApp.adapters.map((a) => a.platform)).toEqual(["dingtalk"]);
  });

  it("the channel built at start reaches the configured addresses as the app's robot: the robot code is the client id unless set", async () => {
    const fake = await startFakeDingTalk();
    const dir = mkdtempSync(join(tmpdir(), "duban-dingtalk-config-"));
    const ledger = {} as Ledger;
    const app = { WEB_PORT: "0", DUBAN_DATA_DIR: dir, DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_API_URL: fake.apiUrl(), DINGTALK_OAPI_URL: fake.apiUrl(), DINGTALK_GATEWAY_URL: fake.gatewayUrl() };
    const adapters: DingTalkAdapter[] = [];
    try {
      const stream = (await configuredAdapters(loadConfig(app), ledger, silentLogger)).adapters[0] as DingTalkAdapter;
      adapters.push(stream);
      await stream.start(async () => {});
      expect(fake.connections()).toBe(1);
      // DingTalk gives a file's bytes only to the robot the message was sent to (the fake checks the robot code).
      fake.addFile("dc-1", new Uint8Array([1, 2, 3]));
      expect(await stream.download({ fileId: "dc-1", kind: "document" })).toEqual(new Uint8Array([1, 2, 3]));
      const other = (await configuredAdapters(loadConfig({ ...app, DINGTALK_ROBOT_CODE: "another-robot" }), ledger, silentLogger)).adapters[0]!;
      await expect(other.download({ fileId: "dc-1", kind: "document" })).rejects.toThrow(/file download/);

      // HTTP mode with the event subscription's keys listens for its pushes too.
      const aesKey = "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij";
      const http = (await configuredAdapters(loadConfig({ ...app, DINGTALK_MODE: "http", DINGTALK_PORT: "0", DINGTALK_EVENT_TOKEN: "tok", DINGTALK_EVENT_AES_KEY: aesKey }), ledger, silentLogger)).adapters[0] as DingTalkAdapter;
      adapters.push(http);
      await http.start(async () => {});
      expect(http.eventUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dingtalk\/events$/);
    } finally {
      for (const a of adapters) await a.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
