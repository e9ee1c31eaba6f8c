/**
 * Audit events of one import, written in bulk at the end of its transaction (a
 * 10,000-row file is 10,000 events; one insert each would dominate the import).
 */
import type { Tx } from "../ledger/db";

export interface AuditEntry {
  action: string;
  itemId?: number;
  caseId?: number;
  detail: Record<string, unknown>;
}

export interface AuditContext {
  at: Date;
  actorId: number | null;
  /** "import" or "cli". */
  actor: string;
  /** The inbound event that carried the file, when it came through chat. */
  source: string | null;
  /** Recorded in every event's detail. */
  file?: string;
}

export interface AuditLog {
  push(e: AuditEntry): void;
  flush(tx: Tx): Promise<void>;
}

const CHUNK = 1000;

export function createAuditLog(ctx: AuditContext): AuditLog {
  const pending: AuditEntry[] = [];
  return {
    push: (e) => void pending.push(e),
    async flush(tx) {
      const rows = pending.splice(0).map((e) => ({
        at: ctx.at,
        actorId: ctx.actorId,
        actor: ctx.actor,
        action: e.action,
        itemId: e.itemId ?? null,
        caseId: e.caseId ?? null,
        source: ctx.source,
        detail: JSON.stringify(ctx.file ? { file: ctx.file, ...e.detail } : e.detail),
      }));
      for (let i = 0; i < rows.length; i += CHUNK) await tx.auditEvent.createMany({ data: rows.slice(i, i + CHUNK) });
    },
  };
}
