/**
 * 1,000 messages to 100 chats through the dispatcher, on a real clock, to a test
 * platform that enforces Telegram-like limits itself (30 a second overall, 20 a
 * minute per chat) and answers 429 to anything over them. Passes when the achieved
 * rate is within 5% of the limit and the platform never had to refuse a message.
 *
 *   npx tsx bench/delivery.ts
 */
import { TEST_AUDIT_KEY } from "../test/support/databases";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ChatRef, RateLimit } from "../src/core/chat";
import { systemClock } from "../src/core/clock";
import { createDispatcher } from "../src/delivery/dispatcher";
import { openLedger } from "../src/ledger/db";
import { silentLogger } from "../src/log";
import { createTestAdapter, PlatformError } from "../test/support/test-adapter";

const MESSAGES = 1_000;
const CHATS = 100;
const GLOBAL: RateLimit = { count: 30, perMs: 1_000 };
const PER_CHAT: RateLimit = { count: 20, perMs: 60_000 };

export async function benchDelivery(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "duban-bench-"));
  const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: `file:${join(dir, "duban.db")}` });
  try {
    const adapter = createTestAdapter({ caps: { rate: { perChat: PER_CHAT, global: GLOBAL } } });
    const platform = platformLimits();
    adapter.failWith(platform.check);

    // Rows written directly, as enqueue would write them: 1,000 enqueue transactions
    // would take longer here than the run they set up.
    const queuedAt = systemClock.now();
    await ledger.db.outbox.createMany({
      data: Array.from({ length: MESSAGES }, (_, i) => ({
        key: `bench:${i}`,
        platform: "test",
        chatId: `chat-${i % CHATS}`,
        payload: JSON.stringify({ blocks: [{ type: "text", text: `消息 ${i}` }] }),
        notBefore: queuedAt,
        createdAt: queuedAt,
      })),
    });

    let sent = 0;
    let allSent!: () => void;
    const done = new Promise<void>((resolve) => (allSent = resolve));
    const dispatcher = createDispatcher({
      ledger,
      adapters: [adapter],
      clock: systemClock,
      log: silentLogger,
      onSent: () => {
        if (++sent === MESSAGES) allSent();
      },
    });
    dispatcher.start();
    await done;
    await dispatcher.stop();

    report(platform.arrivals, platform.refused);
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the platform sees: arrival times, checked against its own limits. */
function platformLimits() {
  const arrivals: { chatId: string; at: number }[] = [];
  let refused = 0;
  const inWindow = (limit: RateLimit, now: number, chatId?: string) =>
    arrivals.filter((a) => a.at > now - limit.perMs && (chatId === undefined || a.chatId === chatId)).length;
  return {
    arrivals,
    get refused() {
      return refused;
    },
    check(to: ChatRef): unknown {
      const now = Date.now();
      if (inWindow(GLOBAL, now) >= GLOBAL.count || inWindow(PER_CHAT, now, to.chatId) >= PER_CHAT.count) {
        refused++;
        return new PlatformError(429, { retryAfterMs: 1_000 });
      }
      arrivals.push({ chatId: to.chatId, at: now });
      return undefined;
    },
  };
}

function busiest(times: number[], perMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= perMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

function report(arrivals: { chatId: string; at: number }[], refused: number): void {
  const times = arrivals.map((a) => a.at);
  const elapsedMs = times[times.length - 1]! - times[0]!;
  const rate = ((times.length - 1) * 1_000) / elapsedMs;
  const limit = (GLOBAL.count * 1_000) / GLOBAL.perMs;
  const off = Math.abs(rate - limit) / limit;
  const byChat = new Map<string, number[]>();
  for (const a of arrivals) byChat.set(a.chatId, [...(byChat.get(a.chatId) ?? []), a.at]);
  const busiestChat = Math.max(...[...byChat.values()].map((t) => busiest(t, PER_CHAT.perMs)));
  const ok = arrivals.length === MESSAGES && off <= 0.05 && refused === 0;

  console.log(`delivery: ${arrivals.length} messages to ${byChat.size} chats in ${(elapsedMs / 1_000).toFixed(1)} s`);
  console.log(`  rate ${rate.toFixed(2)}/s against a limit of ${limit}/s (${(off * 100).toFixed(1)}% off, at most 5%)`);
  console.log(`  busiest ${GLOBAL.perMs} ms: ${busiest(times, GLOBAL.perMs)} (limit ${GLOBAL.count}); busiest chat minute: ${busiestChat} (limit ${PER_CHAT.count})`);
  console.log(`  refused by the platform (429): ${refused}`);
  console.log(`  ${ok ? "PASS" : "FAIL"}`);
  if (!ok) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchDelivery();
