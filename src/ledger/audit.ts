/** The append-only audit history (FixMyStreet-style: who, why, when, from which message). */
import { markOf, type AuditKey } from "./audit-mark";
import { auditKeyOf, clientOf, type Session } from "./session";

export interface AuditRecord {
  at: Date;
  actorId?: number | null;
  /** A person's name, or cli / import / system. */
  actor: string;
  action: string;
  itemId?: number | null;
  caseId?: number | null;
  /** The inbound event that caused it (platform:eventId). */
  source?: string | null;
  detail?: Record<string, unknown>;
}

/** The row an audit record is stored as, marked with the ledger's key: one shape for single events and bulk imports. */
export function auditRow(key: AuditKey, r: AuditRecord) {
  const fields = {
    at: r.at,
    actorId: r.actorId ?? null,
    actor: r.actor,
    action: r.action,
    itemId: r.itemId ?? null,
    caseId: r.caseId ?? null,
    source: r.source ?? null,
    detail: JSON.stringify(r.detail ?? {}),
  };
  return { ...fields, mark: markOf(key, fields) };
}

export async function writeAudit(session: Session, r: AuditRecord): Promise<void> {
  await clientOf(session).auditEvent.create({ select: { id: true }, data: auditRow(auditKeyOf(session), r) });
}

/**
 * Who makes a change, when, and from which message: every operation that changes the
 * ledger takes one and writes its own audit event with it.
 */
export interface Change {
  at: Date;
  actorId?: number | null;
  /** A person's name, or cli / import / system. */
  actor: string;
  /** The inbound event (platform:eventId) that caused it, if any. */
  source?: string | null;
}

export function auditOf(change: Change, action: string, what: Pick<AuditRecord, "itemId" | "caseId" | "detail"> = {}): AuditRecord {
  return { at: change.at, actorId: change.actorId ?? null, actor: change.actor, source: change.source ?? null, action, ...what };
}
