/** Shared setup for the DingTalk tests: the real adapter (and dingtalk-stream client) wired to a fake DingTalk. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDingTalkAdapter, type DingTalkAdapterOptions } from "../../../adapters/dingtalk/index";
import { createLogger } from "../../../src/log";
import { startFakeDingTalk, type FakeDingTalk, type Json } from "../../support/fake-dingtalk";
import { startTestDuban, type TestDuban } from "../../support/harness";

export function makeDingTalkAdapter(fake: FakeDingTalk, extra: Partial<DingTalkAdapterOptions> = {}) {
  const logs: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), "duban-dingtalk-"));
  const adapter = createDingTalkAdapter({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    robotCode: fake.clientId,
    apiUrl: fake.apiUrl(),
    oapiUrl: fake.apiUrl(),
    gatewayUrl: fake.gatewayUrl(),
    mode: "stream",
    port: 0,
    host: "127.0.0.1",
    dataDir,
    log: createLogger("debug", (line) => logs.push(line)),
    ...extra,
  });
  return { adapter, logs, dataDir };
}

export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The whole bot behind the real adapter, on the test clock, talking to a fresh fake DingTalk. */
export interface DingTalkBot {
  fake: FakeDingTalk;
  adapter: ReturnType<typeof makeDingTalkAdapter>["adapter"];
  t: TestDuban;
  /** Pushes a robot message frame, as DingTalk's gateway does, and waits for its acknowledgement. */
  say(data: Json): Promise<void>;
  close(): Promise<void>;
}

export async function startDingTalkBot(): Promise<DingTalkBot> {
  const fake = await startFakeDingTalk();
  let t: TestDuban | undefined;
  const { adapter, dataDir } = makeDingTalkAdapter(fake, { clock: { now: () => t!.clock.now() } });
  const close = async () => {
    await t?.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    t = await startTestDuban({ adapters: [adapter], env: { DUBAN_DATA_DIR: dataDir } });
  } catch (err) {
    await close();
    throw err;
  }
  const say = async (data: Json) => {
    if ((await fake.push(fake.robotFrame(data))) === null) throw new Error("the frame was not acknowledged");
  };
  return { fake, adapter, t, say, close };
}
