/**
 * Audit events of one import, written in bulk at the end of its transaction (a
 * 10,000-row file is 10,000 events; one insert each would dominate the import).
 */
import type { Change } from "./audit";
import type { Tx } from "./db";

export interface AuditEntry {
  action: string;
  itemId?: number;
  caseId?: number;
  detail: Record<string, unknown>;
}

export interface AuditLog {
  push(e: AuditEntry): void;
  flush(tx: Tx): Promise<void>;
}

const CHUNK = 1000;

/** Every event is the change's (who, when, which message) and names the file in its detail. */
export function createAuditLog(change: Change, file?: string): AuditLog {
  const pending: AuditEntry[] = [];
  return {
    push: (e) => void pending.push(e),
    async flush(tx) {
      const rows = pending.splice(0).map((e) => ({
        at: change.at,
        actorId: change.actorId ?? null,
        actor: change.actor,
        action: e.action,
        itemId: e.itemId ?? null,
        caseId: e.caseId ?? null,
        source: change.source ?? null,
        detail: JSON.stringify(file ? { file, ...e.detail } : e.detail),
      }));
      for (let i = 0; i < rows.length; i += CHUNK) await tx.auditEvent.createMany({ data: rows.slice(i, i + CHUNK) });
    },
  };
}
