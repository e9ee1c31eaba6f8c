/**
 * The audit history's two seals. A mark, made at insert with the ledger's audit key,
 * says "the ledger wrote this row" (a row inserted by anyone without the key, or copied,
 * carries none that holds); the chain hash, given after commit by the sealer, says "and
 * nothing before it was changed, removed or slipped in". Both read the row's fields in
 * one canonical form, the same on SQLite and PostgreSQL.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";

/** The ledger's audit key: derived from the deployment's secret with its own label. */
export type AuditKey = Buffer;

export function auditKeyFrom(secret: string): AuditKey {
  return createHmac("sha256", secret).update("duban audit v1").digest();
}

/** The audit row's fields as stored (detail as its JSON text). */
export interface AuditFields {
  at: Date;
  actorId: number | null;
  actor: string;
  action: string;
  itemId: number | null;
  caseId: number | null;
  source: string | null;
  detail: string;
}

/** The first chain position's prevHash. */
export const GENESIS = "0".repeat(64);

/**
 * Everything but the detail, as JSON (its escaping keeps the fields apart), then the
 * detail: last, so the atomic write on PostgreSQL can complete it in SQL (the report id).
 */
export function markHead(nonce: string, f: Omit<AuditFields, "detail">): string {
  return JSON.stringify([nonce, f.at.toISOString(), f.actorId, f.actor, f.action, f.itemId, f.caseId, f.source]) + "\n";
}

export function newNonce(): string {
  return randomBytes(9).toString("base64url");
}

export function markOf(key: AuditKey, f: AuditFields, nonce = newNonce()): string {
  return `${nonce}.${createHmac("sha256", key).update(markHead(nonce, f) + f.detail).digest("hex")}`;
}

export function markHolds(key: AuditKey, mark: string | null, f: AuditFields): boolean {
  if (!mark) return false;
  const dot = mark.indexOf(".");
  return dot > 0 && markOf(key, f, mark.slice(0, dot)) === mark;
}

/**
 * HMAC-SHA256 is sha256(outer ‖ sha256(inner ‖ message)) with the key padded to a block
 * (RFC 2104): the pads let PostgreSQL's built-in sha256() make the same mark in SQL.
 */
export function hmacPads(key: AuditKey): { inner: string; outer: string } {
  const block = Buffer.alloc(64);
  key.copy(block);
  const xor = (b: number) => Buffer.from(block.map((x) => x ^ b)).toString("hex");
  return { inner: xor(0x36), outer: xor(0x5c) };
}

export function chainHash(prevHash: string, seq: number, id: number, mark: string | null, f: AuditFields): string {
  const head = JSON.stringify([prevHash, seq, id, mark, f.at.toISOString(), f.actorId, f.actor, f.action, f.itemId, f.caseId, f.source]);
  return createHash("sha256").update(head + "\n" + f.detail).digest("hex");
}
