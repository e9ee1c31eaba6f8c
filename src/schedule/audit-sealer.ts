/**
 * Seals the audit chain every couple of seconds, outside the inbound path: writers only
 * mark their rows, and this puts them on the chain just after they commit. Several
 * processes may run it; the ledger lets one seal at a time and the others skip. A failure
 * is logged and tried again next time; it never reaches the bot.
 */
import { sealAll } from "../ledger/audit-chain";
import type { Ledger } from "../ledger/db";
import type { Logger } from "../log";

export const AUDIT_SEAL_MS = 2000;

export interface AuditSealer {
  /** Seal what is waiting now (the sealer's own runs go through this too). */
  runOnce(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function createAuditSealer(deps: { ledger: Ledger; log: Logger; everyMs?: number }): AuditSealer {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function seal(): Promise<void> {
    try {
      const r = await sealAll(deps.ledger);
      // Each rejected row is set aside by the ledger when found, so it is said once, here.
      for (const row of r?.rejected ?? []) deps.log.error("audit row with a mark that does not hold: not sealed", { auditId: row.id, at: row.at, action: row.action });
    } catch (err) {
      deps.log.error("sealing the audit chain failed", { err });
    }
  }

  const runOnce = async () => {
    while (running) await running;
    running = seal().finally(() => (running = undefined));
    await running;
  };

  return {
    runOnce,
    start() {
      timer ??= setInterval(() => void (running ?? runOnce()), deps.everyMs ?? AUDIT_SEAL_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
