/** Starting with the WeCom robot configured, alone or beside the app: checked at start, one "wecom" channel. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createWecomRobotAdapter } from "../../../adapters/wecom/robot";
import type { ChatAdapter } from "../../../src/core/chat";
import { loadConfig } from "../../../src/config";
import { openLedger, type Ledger } from "../../../src/ledger/db";
import { silentLogger } from "../../../src/log";
import { configuredAdapters } from "../../../src/main";
import { startFakeWecom, wecomAppEnv, type FakeWecom } from "../../support/fake-wecom";
import { robotText, startFakeWecomRobot, type FakeWecomRobot } from "../../support/fake-wecom-robot";
import { TEST_AUDIT_KEY } from "../../support/databases";

let dataDir = "";
let ledger: Ledger | undefined;
let adapter: ChatAdapter | undefined;
let app: FakeWecom | undefined;
let robot: FakeWecomRobot | undefined;
afterEach(async () => {
  await adapter?.stop();
  await app?.close();
  await robot?.close();
  await ledger?.close();
  adapter = app = robot = ledger = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("WeCom robot configuration", () => {
  it("refuses a robot id without its secret", () => {
    expect(() => loadConfig({ WECOM_BOT_ID: "aib1" })).toThrow(/WECOM_BOT_ID and WECOM_BOT_SECRET together/);
  });

  it("refuses a long-connection address that is not ws:// or wss://", () => {
    expect(() => loadConfig({ WECOM_BOT_ID: "aib1", WECOM_BOT_SECRET: "s", WECOM_BOT_WS_URL: "https://openws.work.weixin.qq.com" })).toThrow(/WECOM_BOT_WS_URL: a ws:\/\/ or wss:\/\/ address/);
  });

  it("connects to the SDK's own address unless told otherwise", () => {
    expect(loadConfig({ WECOM_BOT_ID: "aib1", WECOM_BOT_SECRET: "s" }).WECOM_BOT_WS_URL).toBe("wss://openws.work.weixin.qq.com");
  });

  it("does not start with a bot id and secret WeCom refuses, and says which values to check", async () => {
    robot = await startFakeWecomRobot();
    dataDir = mkdtempSync(join(tmpdir(), "duban-robot-cfg-"));
    adapter = createWecomRobotAdapter({ botId: robot.botId, secret: "wrong", wsUrl: robot.wsUrl, dataDir, log: silentLogger });
    await expect(adapter.start(async () => {})).rejects.toThrow(/WECOM_BOT_ID \/ WECOM_BOT_SECRET/);
  });

  it("with the app and the robot both configured, runs one WeCom channel: robot chats answered by the robot, a person's reminders by the app", async () => {
    [app, robot] = await Promise.all([startFakeWecom(), startFakeWecomRobot()]);
    dataDir = mkdtempSync(join(tmpdir(), "duban-robot-cfg-"));
    const config = loadConfig({
      DUBAN_DATA_DIR: dataDir,
      WEB_PORT: "0",
      ...wecomAppEnv(app),
      WECOM_BOT_ID: robot.botId,
      WECOM_BOT_SECRET: robot.secret,
      WECOM_BOT_WS_URL: robot.wsUrl,
    });
    ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: config.databaseUrl });
    const { adapters } = await configuredAdapters(config, ledger, silentLogger);
    const wecom = adapters.filter((a) => a.platform === "wecom");
    expect(wecom).toHaveLength(1);
    adapter = wecom[0]!;
    const events: { chatId: string; threadId?: string }[] = [];
    await adapter.start(async (e) => void events.push(e.chat));
    robot.push(robotText(robot.botId, { userId: "zhangsan", content: "你好" }));
    for (let i = 0; i < 300 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const fromRobot = events[0]!;
    await adapter.send({ platform: "wecom", direct: true, ...fromRobot }, { blocks: [{ type: "text", text: "经由机器人" }] });
    await adapter.send({ platform: "wecom", chatId: "zhangsan", direct: true }, { blocks: [{ type: "text", text: "个人提醒" }] });
    expect(robot.texts()).toEqual([{ chatId: "zhangsan", text: "经由机器人" }]);
    expect(app.texts().map((p) => [p.chatId, p.text])).toEqual([["zhangsan", "个人提醒"]]);
  });
});
