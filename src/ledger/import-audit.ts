/**
 * Audit events of one import, written in bulk at the end of its transaction (a
 * 10,000-row file is 10,000 events; one insert each would dominate the import).
 */
import { auditOf, auditRow, type Change } from "./audit";
import type { Tx } from "./db";
import type { AuditKey } from "./audit-mark";

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
export function createAuditLog(key: AuditKey, change: Change, file?: string): AuditLog {
  const pending: AuditEntry[] = [];
  return {
    push: (e) => void pending.push(e),
    async flush(tx) {
      const rows = pending
        .splice(0)
        .map((e) => auditRow(key, auditOf(change, e.action, { itemId: e.itemId, caseId: e.caseId, detail: file ? { file, ...e.detail } : e.detail })));
      for (let i = 0; i < rows.length; i += CHUNK) await tx.auditEvent.createMany({ data: rows.slice(i, i + CHUNK) });
    },
  };
}
