/** Shared setup for the WeCom tests: the app adapter wired to a fake WeCom. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWecomAdapter, type WecomAdapter, type WecomAdapterOptions } from "../../../adapters/wecom/index";
import { silentLogger } from "../../../src/log";
import { startFakeWecom, type FakeWecom } from "../../support/fake-wecom";
import { startTestDuban, type TestDuban } from "../../support/harness";

/** An app group chat the app created (appchat/create), for a unit's notices. */
export const WATER_CHAT = "wrDubanWater01";

export interface Wired {
  fake: FakeWecom;
  adapter: WecomAdapter;
  dataDir: string;
  cleanup(): void;
}

export async function wireWecom(extra: Partial<WecomAdapterOptions> = {}): Promise<Wired> {
  const fake = await startFakeWecom();
  fake.chats.set(WATER_CHAT, { name: "水利局整改工作群", owner: "zhangsan", userlist: ["zhangsan", "lisi"] });
  const dataDir = mkdtempSync(join(tmpdir(), "duban-wecom-"));
  const adapter = createWecomAdapter({
    corpId: fake.corpId,
    agentId: fake.agentId,
    secret: fake.secret,
    token: fake.token,
    aesKey: fake.aesKey,
    apiUrl: fake.apiUrl,
    port: 0,
    host: "127.0.0.1",
    dataDir,
    log: silentLogger,
    partWaitMs: 10,
    retryHoldMs: 0,
    ...extra,
  });
  return { fake, adapter, dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** The whole bot behind the real WeCom adapter and the fake. */
export async function startWecomDuban(extra: Partial<WecomAdapterOptions> = {}): Promise<Wired & { t: TestDuban; url: string }> {
  const wired = await wireWecom(extra);
  const t = await startTestDuban({ adapters: [wired.adapter], env: { DUBAN_DATA_DIR: wired.dataDir } });
  return { ...wired, t, url: wired.adapter.callbackUrl()! };
}

export async function stopWecomDuban(w: Partial<Wired & { t: TestDuban }>): Promise<void> {
  await w.t?.close();
  await w.fake?.close();
  w.cleanup?.();
}
