/**
 * A bot process that dies mid-send: Slack may or may not have posted the message. The
 * process that takes the row over asks Slack (conversations.history / .replies, by the
 * outbox id in the message's metadata) and posts it only if it is not there.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatAdapter, ChatRef } from "../../../src/core/chat";
import { createDispatcher } from "../../../src/delivery/dispatcher";
import type { Ledger } from "../../../src/ledger/db";
import { silentLogger } from "../../../src/log";
import { DB_KINDS } from "../../support/databases";
import { startFakeSlack, type FakeSlack } from "../../support/fake-slack";
import { manualClock, queue, rowOf, testLedger, textMessage } from "../../delivery/fixtures";
import { makeAdapter, until } from "./setup";

const LEASE_MS = 15_000;
const dm: ChatRef = { platform: "slack", chatId: "D0DUBAN", direct: true };
const channel: ChatRef = { platform: "slack", chatId: "C0DUBAN", direct: false };

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await fake.close();
});

/**
 * The adapter as a process sees it that is killed at `when`: before its call reaches Slack,
 * or after Slack posted the message but before the answer is recorded. Its sends never end.
 */
function dyingProcess(adapter: ChatAdapter, when: "before_slack" | "after_slack"): ChatAdapter {
  return {
    ...adapter,
    send: async (to, msg, tag) => {
      if (when === "after_slack") await adapter.send(to, msg, tag);
      return new Promise<never>(() => {});
    },
  };
}

/** Process one sends and dies; process two takes the rows over once their leases ran out. */
async function crashAndTakeOver(ledger: Ledger, when: "before_slack" | "after_slack", rows: number) {
  const { adapter } = makeAdapter(fake);
  const clock = manualClock();
  const first = createDispatcher({ ledger, adapters: [dyingProcess(adapter, when)], clock, log: silentLogger, leaseMs: LEASE_MS });
  void first.runOnce();
  const posted = fake.messages.length;
  if (when === "after_slack") await until(() => fake.messages.length >= posted + rows, "the dying process's posts");
  while ((await ledger.db.outbox.count({ where: { attemptAt: { not: null } } })) < rows) await new Promise((r) => setTimeout(r, 10));
  const later = manualClock(new Date(clock.now().getTime() + 2 * LEASE_MS));
  const second = createDispatcher({ ledger, adapters: [adapter], clock: later, log: silentLogger, leaseMs: LEASE_MS });
  return second.runOnce();
}

describe.each(DB_KINDS)("a receipt whose sender died mid-send, on %s", (kind) => {
  it("is not posted again when Slack had posted it: the next process finds it and records it sent", async () => {
    const ledger = await testLedger(kind);
    const { adapter } = makeAdapter(fake);
    const parent = await adapter.send(channel, textMessage("中央-07-2 第3段清淤完成"));
    const clock = manualClock();
    await queue(ledger, clock, "receipt:report:1", dm, "已收到 中央-07-2 的进展");
    await queue(ledger, clock, "receipt:report:2", channel, textMessage("已记录 中央-07-2", { replyTo: parent.messageId }));
    const before = fake.messages.length;

    expect(await crashAndTakeOver(ledger, "after_slack", 2)).toBe(2);

    // Each receipt once in Slack, and the ledger knows the message that was posted.
    expect(fake.messages.slice(before).map((m) => m.channel).sort()).toEqual(["C0DUBAN", "D0DUBAN"]);
    const inDm = fake.messages.find((m) => m.channel === "D0DUBAN")!;
    const inThread = fake.messages.find((m) => m.channel === "C0DUBAN" && m.thread_ts)!;
    expect(await rowOf(ledger, "receipt:report:1")).toMatchObject({ status: "sent", messageId: inDm.ts, attemptAt: null });
    expect(await rowOf(ledger, "receipt:report:2")).toMatchObject({ status: "sent", messageId: `${parent.messageId}/${inThread.ts}` });
    // Looked up the way Slack returns metadata: only when asked for it.
    expect(fake.callsOf("conversations.history").map((c) => c.params.include_all_metadata)).toEqual(["true"]);
    expect(fake.callsOf("conversations.replies").map((c) => c.params.ts)).toEqual([parent.messageId]);
  });

  it("is posted once when the dead process's call never reached Slack", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    await queue(ledger, clock, "receipt:report:3", dm, "已收到 中央-07-2 的进展");

    expect(await crashAndTakeOver(ledger, "before_slack", 1)).toBe(1);

    expect(fake.messages.map((m) => m.channel)).toEqual(["D0DUBAN"]);
    expect(fake.messages[0]!.metadata).toEqual({ event_type: "duban_outbox", event_payload: { outbox_id: (await rowOf(ledger, "receipt:report:3")).id, part: 0, parts: 1 } });
    expect(fake.callsOf("conversations.history")).toHaveLength(1);
  });

  it("waits rather than posting blind while Slack cannot say whether the message is there", async () => {
    const ledger = await testLedger(kind);
    const clock = manualClock();
    await queue(ledger, clock, "receipt:report:4", dm, "已收到 中央-07-2 的进展");
    fake.failNext("conversations.history", "internal_error");

    expect(await crashAndTakeOver(ledger, "after_slack", 1)).toBe(0);

    expect(fake.messages).toHaveLength(1);
    const row = await rowOf(ledger, "receipt:report:4");
    expect(row).toMatchObject({ status: "pending", lastError: "looking for an earlier send: internal_error" });
    expect(row.attemptAt).not.toBeNull();
  });
});
