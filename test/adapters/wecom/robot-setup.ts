/** Shared setup for the WeCom robot tests: the real robot adapter (and the SDK inside) on a fake long-connection server. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWecomRobotAdapter, type WecomRobotOptions } from "../../../adapters/wecom/robot";
import type { ChatAdapter } from "../../../src/core/chat";
import { silentLogger } from "../../../src/log";
import { startFakeWecomRobot, type FakeWecomRobot } from "../../support/fake-wecom-robot";
import { startTestDuban, type TestDuban } from "../../support/harness";

/** A WeCom group the robot was added to. */
export const ROBOT_GROUP = "wrkSFfCgAAtMQKg4xqDatM5C9IDHFpTw";

export interface RobotWired {
  fake: FakeWecomRobot;
  adapter: ChatAdapter;
  dataDir: string;
  cleanup(): void;
}

export async function wireRobot(extra: Partial<WecomRobotOptions> = {}): Promise<RobotWired> {
  const fake = await startFakeWecomRobot();
  const dataDir = mkdtempSync(join(tmpdir(), "duban-wecom-robot-"));
  const adapter = createWecomRobotAdapter({ botId: fake.botId, secret: fake.secret, wsUrl: fake.wsUrl, dataDir, log: silentLogger, partWaitMs: 10, ...extra });
  return { fake, adapter, dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** The whole bot behind the real robot adapter and the fake. */
export async function startRobotDuban(): Promise<RobotWired & { t: TestDuban }> {
  const wired = await wireRobot();
  const t = await startTestDuban({ adapters: [wired.adapter], env: { DUBAN_DATA_DIR: wired.dataDir } });
  await wired.fake.authenticated();
  return { ...wired, t };
}

export async function stopRobotDuban(w: Partial<RobotWired & { t: TestDuban }>): Promise<void> {
  await w.t?.close();
  await w.fake?.close();
  w.cleanup?.();
}
