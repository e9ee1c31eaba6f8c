/**
 * Sign-off (销号) and the deadline: the steps of the item lifecycle once core/lifecycle has
 * allowed them. Each writes the item, its audit event with the status before and after,
 * and nothing else: the caller tells the chats.
 */
import type { SignOffWarning } from "../core/history";
import type { Day } from "../core/types";
import { auditOf, writeAudit, type Change } from "./audit";
import type { ItemRow } from "./items";
import { clientOf, type Session } from "./session";

type Item = Pick<ItemRow, "id" | "status">;

/** These steps are a person's (the four-eyes rule is about who): a change without one is a bug. */
function personOf(change: Change): number {
  if (change.actorId == null) throw new Error(`a sign-off step needs a person, not ${change.actor}`);
  return change.actorId;
}

export async function applyForSignOff(session: Session, item: Item, p: { evidence: number; documents: number; note: string }, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.item.update({ where: { id: item.id }, data: { status: "awaiting_signoff", appliedById: personOf(change), appliedAt: change.at }, select: { id: true } });
  await writeAudit(session, auditOf(change, "item.signoff_applied", { itemId: item.id, detail: { status: [item.status, "awaiting_signoff"], evidence: p.evidence, documents: p.documents, note: p.note } }));
}

/** `warnings`: what the card showed the coordinator, who accepted despite it; kept in the record. */
export async function signOff(session: Session, item: Item, p: { lookbackDue: Day; note: string; warnings: SignOffWarning[] }, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.item.update({
    where: { id: item.id },
    // A new closure: its look-back is asked for afresh (an earlier one is in the audit trail).
    data: { status: "signed_off", signedOffById: personOf(change), signedOffAt: change.at, lookbackDue: p.lookbackDue, lookbackAskedAt: null, progress: 100 },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "item.signed_off", { itemId: item.id, detail: { status: [item.status, "signed_off"], lookbackDue: p.lookbackDue, note: p.note, warnings: p.warnings } }));
}

/** Sent back to the unit: the application is withdrawn and the return counted. Gives the count. */
export async function returnApplication(session: Session, item: Item & Pick<ItemRow, "returnCount">, reason: string, change: Change): Promise<number> {
  const tx = clientOf(session);
  const returns = item.returnCount + 1;
  await tx.item.update({
    where: { id: item.id },
    data: { status: "in_progress", returnCount: returns, lastReturnReason: reason, appliedById: null, appliedAt: null },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "item.returned", { itemId: item.id, detail: { status: [item.status, "in_progress"], reason, returns } }));
  return returns;
}

export async function extendDeadline(
  session: Session,
  item: Item & Pick<ItemRow, "deadline" | "originalDeadline">,
  p: { to: Day; reason: string },
  change: Change,
): Promise<void> {
  const tx = clientOf(session);
  await tx.extension.create({ data: { itemId: item.id, fromDay: item.deadline, toDay: p.to, reason: p.reason, byId: personOf(change), at: change.at }, select: { id: true } });
  await tx.item.update({
    where: { id: item.id },
    // The original deadline is kept: "on time" is judged against it.
    data: { deadline: p.to, originalDeadline: item.originalDeadline ?? item.deadline },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "item.extended", { itemId: item.id, detail: { deadline: [item.deadline, p.to], reason: p.reason } }));
}

export async function reopenItem(session: Session, item: Item, reason: string, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.item.update({
    where: { id: item.id },
    data: { status: "reopened", signedOffAt: null, signedOffById: null, appliedById: null, appliedAt: null },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "item.reopened", { itemId: item.id, detail: { status: [item.status, "reopened"], reason } }));
}

/** The look-back (回头看): passed, the item stays signed off; failed, it is reopened. */
export async function recordLookback(
  session: Session,
  item: Item,
  p: { passed: boolean; note: string; status: "signed_off" | "reopened" },
  change: Change,
): Promise<void> {
  const tx = clientOf(session);
  // A failed look-back reopens the item as /重新打开 does: the sign-off and the application are undone.
  const reopened = p.status === "reopened" ? { signedOffAt: null, signedOffById: null, appliedById: null, appliedAt: null } : {};
  await tx.item.update({
    where: { id: item.id },
    data: { lookbackAt: change.at, lookbackResult: p.passed ? "pass" : "fail", lookbackNote: p.note || null, status: p.status, ...reopened },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, p.passed ? "item.lookback_passed" : "item.lookback_failed", { itemId: item.id, detail: { note: p.note, status: [item.status, p.status] } }));
}
