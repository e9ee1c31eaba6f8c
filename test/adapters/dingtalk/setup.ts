/** Shared setup for the DingTalk tests: the real adapter (and dingtalk-stream client) wired to a fake DingTalk. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDingTalkAdapter, type DingTalkAdapterOptions } from "../../../adapters/dingtalk/index";
import { createLogger } from "../../../src/log";
import type { FakeDingTalk } from "../../support/fake-dingtalk";

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
