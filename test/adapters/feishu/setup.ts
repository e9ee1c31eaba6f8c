/** Shared setup for the Feishu tests: the real SDK (Client, WSClient, EventDispatcher) wired to a fake Feishu. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFeishuAdapter, type FeishuAdapterOptions } from "../../../adapters/feishu/index";
import { createLogger } from "../../../src/log";
import type { FakeFeishu } from "../../support/fake-feishu";

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
