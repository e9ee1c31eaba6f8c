/** A ledger per test, a clock the test moves, and a short way to queue a message. */
import { afterEach } from "vitest";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Clock } from "../../src/core/clock";
import type { ChatRef, OutboundMessage } from "../../src/core/chat";
import { openLedger, type Ledger } from "../../src/ledger/db";
import { queueMessage } from "../../src/ledger/outbox";
import { createTestDatabase, type DbKind, type TestDatabase, TEST_AUDIT_KEY } from "../support/databases";

export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(at: Date): void;
}

export function manualClock(start = new Date("2026-11-28T01:00:00Z")): ManualClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => void (t += ms),
    set: (at) => void (t = at.getTime()),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh database; `connections` ledgers on it, as that many bot processes would hold. */
export async function testLedgers(kind: DbKind, connections = 1): Promise<Ledger[]> {
  const database: TestDatabase = await createTestDatabase(kind);
  cleanups.push(() => database.drop());
  const ledgers: Ledger[] = [];
  for (let i = 0; i < connections; i++) {
    const ledger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: database.url });
    cleanups.push(() => ledger.close());
    ledgers.push(ledger);
  }
  return ledgers;
}

export async function testLedger(kind: DbKind): Promise<Ledger> {
  return (await testLedgers(kind))[0]!;
}

/** Runs fn after the test, before the databases are dropped. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

export const group = (chatId: string): ChatRef => ({ platform: "test", chatId, direct: false });

export function textMessage(text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return { blocks: [{ type: "text", text }], ...extra };
}

/** Queues `text` to a chat the way a handler's transaction would. */
export async function queue(
  ledger: Ledger,
  clock: Clock,
  key: string,
  to: ChatRef,
  message: OutboundMessage | string,
  notBefore?: Date,
): Promise<void> {
  const msg = typeof message === "string" ? textMessage(message) : message;
  await ledger.tx((session) => queueMessage(session, { key, to, message: msg, notBefore }, clock.now()));
}

export async function rowOf(ledger: Ledger, key: string) {
  return ledger.db.outbox.findUniqueOrThrow({ where: { key } });
}

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A Redis connection per bot process, all under this test's own key prefix, removed afterwards. */
export function testRedis(processes: number): { keyPrefix: string; connections: Redis[] } {
  const keyPrefix = `duban-test-${randomBytes(4).toString("hex")}:`;
  const connections = Array.from({ length: processes }, () => new Redis(REDIS_URL, { keyPrefix }));
  cleanups.push(async () => {
    const plain = new Redis(REDIS_URL);
    const keys = await plain.keys(`${keyPrefix}*`);
    if (keys.length > 0) await plain.del(...keys);
    plain.disconnect();
    for (const redis of connections) redis.disconnect();
  });
  return { keyPrefix, connections };
}
