import { describe, expect, it } from "vitest";
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
});
