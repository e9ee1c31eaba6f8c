import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config";

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error("the configuration was accepted");
}

const app = { FEISHU_APP_ID: "cli_a1b2c3d4e5f60718", FEISHU_APP_SECRET: "secret" };

describe("Feishu configuration", () => {
  it("takes the long connection and Feishu's own domain unless told otherwise", () => {
    const c = loadConfig(app);
    expect([c.FEISHU_MODE, c.FEISHU_DOMAIN, c.FEISHU_PORT, c.FEISHU_HOST]).toEqual(["ws", "feishu", 3003, "127.0.0.1"]);
  });

  it.each(["feishu", "lark", "http://127.0.0.1:9000"])("takes FEISHU_DOMAIN=%s", (domain) => {
    expect(loadConfig({ ...app, FEISHU_DOMAIN: domain }).FEISHU_DOMAIN).toBe(domain);
  });

  it("refuses a domain that is neither a name it knows nor a URL", () => {
    expect(refusal({ ...app, FEISHU_DOMAIN: "open.feishu.cn" })).toMatch(/FEISHU_DOMAIN: expected feishu, lark or a base URL/);
  });

  it.each(["a1b2c3d4e5f60718", "cli_a1b2c3", "cli_a1b2c3d4e5f6071z"])("refuses the app id %s, on which the SDK's long connection would silently do nothing", (id) => {
    expect(refusal({ ...app, FEISHU_APP_ID: id })).toMatch(/FEISHU_APP_ID: expected cli_ followed by 16 hex digits/);
  });

  it("wants the app secret with the app id", () => {
    expect(refusal({ FEISHU_APP_ID: app.FEISHU_APP_ID })).toMatch(/FEISHU_APP_SECRET: required/);
  });

  it("wants the encrypt key and verification token for the callback URL only", () => {
    expect(refusal({ ...app, FEISHU_MODE: "http", FEISHU_ENCRYPT_KEY: "k" })).toMatch(/FEISHU_VERIFICATION_TOKEN: required with FEISHU_MODE=http/);
    expect(loadConfig({ ...app, FEISHU_MODE: "http", FEISHU_ENCRYPT_KEY: "k", FEISHU_VERIFICATION_TOKEN: "v" }).FEISHU_MODE).toBe("http");
  });
});
