/**
 * Whether a held outbox row may go now: its chat's window and its platform's, shared
 * between processes through the limiter, and the pauses this process has learnt of (a
 * window full, a 429) so that it does not claim a chat's head again inside the chat's
 * window. Held rows stay in the ledger; a 429's pause is shared through the limiter.
 */
import type { ChatAdapter } from "../core/chat";
import type { Clock } from "../core/clock";
import type { ClaimedRow, Head } from "../ledger/outbox-claims";
import { withHeadroom } from "./pace";
import { isGrant, type Grant } from "./rate-limit";
import { chatKey, platformKey } from "./send-row";
import type { SharedLimiter } from "./shared-limits";

export type ChatRates = ChatAdapter["caps"]["rate"];

/** What the limits said about a held row: it went, it waits beside the lane for its chat, or it goes back. */
export type Admission = { kind: "went" } | { kind: "chat soon"; waitMs: number } | { kind: "later"; retryAt: number };

const MAX_HOLD_MS = 5_000;

export interface AdmissionDeps {
  limiter: SharedLimiter;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** The lease a hold gives a row: no wait here may outlast a quarter of it. */
  leaseMs: number;
  /** The dispatcher is stopping: nothing is waited for. */
  stopping: () => boolean;
}

export function createAdmissions(deps: AdmissionDeps) {
  // Until when (ms since epoch), by limiter key.
  const pausedUntil = new Map<string, number>();
  const pause = (key: string, until: number) => void pausedUntil.set(key, Math.max(until, pausedUntil.get(key) ?? 0));

  /** When the head's chat or platform has room again by what this process knows, or null if it has now. */
  function pausedTill(h: Head, nowMs: number): number | null {
    const until = Math.max(pausedUntil.get(platformKey(h.platform)) ?? 0, pausedUntil.get(chatKey(h)) ?? 0);
    return until > nowMs ? until : null;
  }

  function forgetPast(nowMs: number): void {
    for (const [key, until] of pausedUntil) if (until <= nowMs) pausedUntil.delete(key);
  }

  /** A platform said "not before": this process and the others sharing the limits hold the key until then. */
  async function pauseShared(key: string, until: number): Promise<void> {
    pause(key, until);
    await deps.limiter.pause(key, until);
  }

  /**
   * Takes the chat's token and the platform's together, or neither: a chat at its limit
   * costs no platform token, and a platform that is full takes no chat token.
   *
   * A slot that frees within a few seconds is waited for with the row held: giving it
   * back and claiming it again costs a read, a claim and a hold each time, which at one
   * message a second per chat is a tenth of the rate on a busy machine. The platform's
   * slot is waited for here (it is the same for every row of the lane); the chat's is
   * waited for beside the lane ("chat soon"), so that the other chats go on meanwhile.
   * A slot further away sends the row back to pending, and the chat (or platform) is not
   * claimed again here until its window has room.
   *
   * Calls go() as soon as both are granted, with the grant for the send to settle once the
   * platform has answered (rate-limit.ts). With the in-memory limiter there is no tick in between.
   */
  async function admit(rate: ChatRates, row: ClaimedRow, go: (grant: Grant) => void): Promise<Admission> {
    const global = withHeadroom(rate.global);
    const windows = [
      { key: chatKey(row), limit: withHeadroom(rate.perChat) },
      { key: platformKey(row.platform), limit: global },
    ];
    // A quarter lease each for the chat's wait and the platform's: the row reaches its send
    // with a quarter of the lease its hold gave it still to run.
    const holdable = Math.min(MAX_HOLD_MS, deps.leaseMs / 4);
    let held = 0;
    for (;;) {
      const taken = deps.limiter.takeAll(windows);
      const answer = taken instanceof Promise ? await taken : taken;
      if (isGrant(answer)) {
        go(answer);
        return { kind: "went" };
      }
      const refusal = answer;
      const retryAt = deps.clock.now().getTime() + refusal.wait;
      if (refusal.index === 0) {
        if (!deps.stopping() && refusal.wait <= holdable) return { kind: "chat soon", waitMs: refusal.wait };
        pause(chatKey(row), retryAt);
        return { kind: "later", retryAt };
      }
      // Other processes sharing the limit can keep taking the slot, and a platform with
      // a per-minute limit would hold the row for long: hand it back instead.
      if (deps.stopping() || held + refusal.wait > Math.min(2 * global.perMs, holdable)) {
        pause(platformKey(row.platform), retryAt);
        return { kind: "later", retryAt };
      }
      await deps.sleep(refusal.wait);
      held += refusal.wait;
    }
  }

  return { admit, pause, pausedTill, forgetPast, pauseShared };
}
