/** Shared setup for the Feishu tests: the real SDK (Client, WSClient, EventDispatcher) wired to a fake Feishu. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFeishuAdapter, type FeishuAdapterOptions } from "../../../adapters/feishu/index";
import { createLogger } from "../../../src/log";
import { startFakeFeishu, type FakeFeishu } from "../../support/fake-feishu";
import { startTestDuban } from "../../support/harness";

export function makeAdapter(fake: FakeFeishu, extra: Partial<FeishuAdapterOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "duban-feishu-"));
  const logs: string[] = [];
  const adapter = createFeishuAdapter({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.domain,
    mode: "ws",
    encryptKey: fake.encryptKey,
    verificationToken: fake.verificationToken,
    port: 0,
    host: "127.0.0.1",
    dataDir,
    log: createLogger("debug", (line) => logs.push(line)),
    ...extra,
  });
  return { adapter, logs, dataDir };
}

/** The whole bot behind the real adapter and a fake Feishu, as the scenario tests run it. */
export async function startFeishuDuban(mode: "ws" | "http" = "ws") {
  const fake = await startFakeFeishu();
  const { adapter, dataDir, logs } = makeAdapter(fake, { mode });
  const t = await startTestDuban({ adapters: [adapter], env: { DUBAN_DATA_DIR: dataDir } });
  return { fake, adapter, dataDir, logs, t };
}

export type FeishuDuban = Awaited<ReturnType<typeof startFeishuDuban>>;

export async function stopFeishuDuban(d: FeishuDuban | undefined): Promise<void> {
  if (!d) return;
  await d.t.close();
  await d.fake.close();
  rmSync(d.dataDir, { recursive: true, force: true });
}

/** What people read in a Feishu chat, message by message. */
export const shownIn = (fake: FakeFeishu, chatId: string): string[] => fake.messages.filter((m) => m.chatId === chatId).map((m) => m.text);
