/** Starting with WeCom configured: every value checked at start, the adapter listening where told. */
import { TEST_AUDIT_KEY } from "../../support/databases";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { WecomAdapter } from "../../../adapters/wecom/index";
import { loadConfig } from "../../../src/config";
import { openLedger, type Ledger } from "../../../src/ledger/db";
import { createLogger, silentLogger } from "../../../src/log";
import { configuredAdapters } from "../../../src/main";
import { startFakeWecom, wecomAppEnv, type FakeWecom } from "../../support/fake-wecom";
import { wireWecom } from "./setup";

const AES = "a".repeat(43);
const app = { WECOM_CORP_ID: "ww1", WECOM_AGENT_ID: "1000002", WECOM_SECRET: "s", WECOM_TOKEN: "tok1", WECOM_AES_KEY: AES };

let dataDir = "";
let ledger: Ledger | undefined;
let adapter: WecomAdapter | undefined;
let fake: FakeWecom | undefined;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  await ledger?.close();
  adapter = fake = ledger = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("WeCom configuration", () => {
  it("refuses a WeCom app configured by halves, naming what it needs", () => {
    expect(() => loadConfig({ WECOM_CORP_ID: "ww1", WECOM_SECRET: "s" })).toThrow(/WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY/);
  });

  it("refuses an EncodingAESKey that is not 43 letters and digits", () => {
    expect(() => loadConfig({ ...app, WECOM_AES_KEY: "short" })).toThrow(/WECOM_AES_KEY: 43 letters and digits/);
  });

  it("refuses a Token that is not 1-32 letters and digits, as the admin console makes them", () => {
    expect(() => loadConfig({ ...app, WECOM_TOKEN: "has space" })).toThrow(/WECOM_TOKEN: 1-32 letters and digits/);
  });

  it("refuses a WECOM_AGENT_ID that is not the app's number", () => {
    expect(() => loadConfig({ ...app, WECOM_AGENT_ID: "督办" })).toThrow(/WECOM_AGENT_ID/);
    expect(() => loadConfig({ ...app, WECOM_AGENT_ID: "0" })).toThrow(/WECOM_AGENT_ID/);
  });

  it("refuses a WECOM_API_URL that is not an address, and a WECOM_PORT that is not a port", () => {
    expect(() => loadConfig({ ...app, WECOM_API_URL: "qyapi.weixin.qq.com" })).toThrow(/WECOM_API_URL/);
    expect(() => loadConfig({ ...app, WECOM_PORT: "70000" })).toThrow(/WECOM_PORT/);
  });

  it("calls WeCom's own API and listens on 127.0.0.1:3004 unless told otherwise (政务微信 sets WECOM_API_URL)", () => {
    expect(loadConfig(app)).toMatchObject({ WECOM_API_URL: "https://qyapi.weixin.qq.com", WECOM_HOST: "127.0.0.1", WECOM_PORT: 3004 });
    expect(loadConfig({ ...app, WECOM_API_URL: "https://zwwx.example.gov.cn" }).WECOM_API_URL).toBe("https://zwwx.example.gov.cn");
  });

  it("sends the app's formatted messages as markdown unless WECOM_APP_MARKDOWN is off, and refuses a value that is neither", () => {
    expect(loadConfig(app).WECOM_APP_MARKDOWN).toBe(true);
    expect(loadConfig({ ...app, WECOM_APP_MARKDOWN: "" }).WECOM_APP_MARKDOWN).toBe(true);
    for (const off of ["0", "false", "OFF", "no"]) expect(loadConfig({ ...app, WECOM_APP_MARKDOWN: off }).WECOM_APP_MARKDOWN).toBe(false);
    for (const on of ["1", "true", "On", "yes"]) expect(loadConfig({ ...app, WECOM_APP_MARKDOWN: on }).WECOM_APP_MARKDOWN).toBe(true);
    expect(() => loadConfig({ ...app, WECOM_APP_MARKDOWN: "markdown" })).toThrow(/WECOM_APP_MARKDOWN: expected 1 or 0/);
  });

  it("does not start with a corp id or secret WeCom refuses, says which values to check, and listens for nothing", async () => {
    const w = await wireWecom({ secret: "not-the-secret" });
    [adapter, fake, dataDir] = [w.adapter, w.fake, w.dataDir];
    // gettoken answers a wrong secret 40001 (全局错误码, developer.work.weixin.qq.com/document/path/90313).
    await expect(adapter.start(async () => {})).rejects.toThrow(/WECOM_CORP_ID \/ WECOM_SECRET \(gettoken errcode 40001/);
    expect(adapter.callbackUrl()).toBeNull();
  });

  it("starts while WeCom cannot be reached, listening for callbacks, and says so in the log", async () => {
    const lines: string[] = [];
    // Port 9 (discard) on the loopback refuses the connection: WeCom out of reach.
    const w = await wireWecom({ apiUrl: "http://127.0.0.1:9", log: createLogger("info", (l) => lines.push(l)) });
    [adapter, fake, dataDir] = [w.adapter, w.fake, w.dataDir];
    await adapter.start(async () => {});
    expect(await fake.verifyUrl(adapter.callbackUrl()!, "still-here")).toEqual({ status: 200, body: "still-here" });
    const warned = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40).map((l) => l.msg);
    expect(warned).toContain("wecom access token not fetched at start; the first send tries again");
  });

  it("starts the app adapter on WECOM_HOST and WECOM_PORT, answering on /wecom/callback", async () => {
    adapter = await configured();
    await adapter.start(async () => {});
    expect(adapter.callbackUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wecom\/callback$/);
    expect(await fake!.verifyUrl(adapter.callbackUrl()!, "hello")).toEqual({ status: 200, body: "hello" });
  });

  it("with WECOM_APP_MARKDOWN=0 the started adapter sends a message with a heading as text, and as markdown by default", async () => {
    const heading = { blocks: [{ type: "heading" as const, text: "今日督办" }] };
    adapter = await configured({ WECOM_APP_MARKDOWN: "0" });
    await adapter.send({ platform: "wecom", chatId: "zhangsan", direct: true }, heading);
    expect(fake!.posted.map((p) => p.msgtype)).toEqual(["text"]);
    await fake!.close();
    await ledger!.close();
    rmSync(dataDir, { recursive: true, force: true });
    adapter = await configured();
    await adapter.send({ platform: "wecom", chatId: "zhangsan", direct: true }, heading);
    expect(fake!.posted.map((p) => p.msgtype)).toEqual(["markdown"]);
  });
});

/** The app adapter as main.ts makes it from the environment, against a fresh fake WeCom. */
async function configured(env: Record<string, string> = {}): Promise<WecomAdapter> {
  fake = await startFakeWecom();
  dataDir = mkdtempSync(join(tmpdir(), "duban-wecom-cfg-"));
  const config = loadConfig({
    DUBAN_DATA_DIR: dataDir,
    WEB_PORT: "0",
    ...wecomAppEnv(fake),
    ...env,
  });
  ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
  const { adapters } = await configuredAdapters(config, ledger, silentLogger);
  return adapters.find((a) => a.platform === "wecom") as WecomAdapter;
}
