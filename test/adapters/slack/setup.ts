/** Shared setup for the Slack tests: the real Bolt app wired to a fake Slack. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from "../../../adapters/slack/index";
import type { InboundEvent } from "../../../src/core/chat";
import { createLogger } from "../../../src/log";
import { postToApp, type FakeSlack, type SlackRequest } from "../../support/fake-slack";

export interface Wired {
  adapter: SlackAdapter;
  events: InboundEvent[];
  /** Log lines the adapter wrote. */
  logs: string[];
  dataDir: string;
  /** Post a body to the adapter signed like Slack; `retryNum` marks a retry. */
  post(req: SlackRequest, retryNum?: number): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export function makeAdapter(fake: FakeSlack, extra: Partial<SlackAdapterOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "duban-slack-"));
  const logs: string[] = [];
  const adapter = createSlackAdapter({
    botToken: fake.botToken,
    signingSecret: fake.signingSecret,
    apiUrl: fake.apiUrl,
    port: 0,
    host: "127.0.0.1",
    dataDir,
    log: createLogger("debug", (line) => logs.push(line)),
    partGapMs: 10,
    ...extra,
  });
  return { adapter, logs, dataDir };
}

/** An adapter started with a sink that records events (or does what `sink` says). */
export async function wireAdapter(
  fake: FakeSlack,
  opts: { extra?: Partial<SlackAdapterOptions>; sink?: (e: InboundEvent) => Promise<void> } = {},
): Promise<Wired> {
  const { adapter, logs, dataDir } = makeAdapter(fake, opts.extra);
  const events: InboundEvent[] = [];
  await adapter.start(async (e) => {
    events.push(e);
    await opts.sink?.(e);
  });
  return {
    adapter,
    events,
    logs,
    dataDir,
    post: (req, retryNum) => postToApp(adapter.eventsUrl()!, req, { secret: fake.signingSecret, retryNum }),
    async close() {
      await adapter.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
