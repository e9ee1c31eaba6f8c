/**
 * The item lifecycle of DOMAIN.md as pure decisions: each function says whether a step
 * is allowed and what it changes, or names the rule that forbids it. The ledger layer
 * applies the change; nothing here does I/O.
 */
import { lookbackDueDay } from "./lookback-risk";
import type { Day, ItemStatus, Role } from "./types";

export type LifecycleError =
  | "not_your_unit"
  | "not_coordinator"
  | "already_signed_off"
  | "already_awaiting"
  | "not_awaiting"
  | "not_signed_off"
  | "no_evidence"
  | "own_application"
  | "reason_required"
  | "long_term_no_signoff"
  | "long_term_no_deadline"
  | "date_not_later"
  | "date_in_past"
  | "lookback_reason_required";

export type Decision<T> = { ok: true; change: T } | { ok: false; error: LifecycleError };

const ok = <T>(change: T): Decision<T> => ({ ok: true, change });
const no = (error: LifecycleError): Decision<never> => ({ ok: false, error });

export interface Actor {
  id: number;
  unitId: number | null;
  roles: Role[];
}

export interface ItemState {
  status: ItemStatus;
  leadUnitId: number;
  cooperatingUnitIds: number[];
  longTerm: boolean;
  deadline: Day | null;
  appliedById: number | null;
}

export const isCoordinator = (a: Actor) => a.roles.includes("coordinator") || a.roles.includes("admin");

/** Anyone bound to the item's lead or cooperating unit, and the rectification office. */
export function mayReportOn(actor: Actor, item: ItemState): boolean {
  if (isCoordinator(actor)) return true;
  return actor.unitId !== null && (actor.unitId === item.leadUnitId || item.cooperatingUnitIds.includes(actor.unitId));
}

/** Reports are frictionless; only the first one (or the first after reopening) moves the status. */
export function statusAfterReport(status: ItemStatus): ItemStatus | null {
  return status === "not_started" || status === "reopened" ? "in_progress" : null;
}

export function decideApply(actor: Actor, item: ItemState, evidencePhotos: number): Decision<{ status: "awaiting_signoff" }> {
  if (!mayReportOn(actor, item)) return no("not_your_unit");
  if (item.longTerm) return no("long_term_no_signoff");
  if (item.status === "signed_off") return no("already_signed_off");
  if (item.status === "awaiting_signoff") return no("already_awaiting");
  if (evidencePhotos === 0) return no("no_evidence");
  return ok({ status: "awaiting_signoff" });
}

export interface AcceptChange {
  status: "signed_off";
  /** When the look-back (回头看) is due: sooner for risky closures. */
  lookbackDue: Day;
}

/**
 * Four eyes: a coordinator who did not apply. The riskier the closure, the sooner its
 * look-back (see lookback-risk.ts).
 */
export function decideAccept(
  actor: Actor,
  item: ItemState,
  today: Day,
  opts: { flaggedPhotos: number; measures: string; repeatPetitions: number; lookbackBaseDays: number },
): Decision<AcceptChange> {
  if (!isCoordinator(actor)) return no("not_coordinator");
  if (item.status === "signed_off") return no("already_signed_off");
  if (item.status !== "awaiting_signoff") return no("not_awaiting");
  if (item.appliedById === actor.id) return no("own_application");
  const lookbackDue = lookbackDueDay({ today, ...opts, deadline: item.deadline }, opts.lookbackBaseDays);
  return ok({ status: "signed_off", lookbackDue });
}

export function decideReturn(actor: Actor, item: ItemState, reason: string): Decision<{ status: "in_progress" }> {
  if (!isCoordinator(actor)) return no("not_coordinator");
  if (item.status !== "awaiting_signoff") return no("not_awaiting");
  if (!reason.trim()) return no("reason_required");
  return ok({ status: "in_progress" });
}

/** A deadline moves only by an explicit extension to a later day; the original is kept elsewhere. */
export function decideExtend(actor: Actor, item: ItemState, to: Day, today: Day, reason: string): Decision<{ deadline: Day }> {
  if (!isCoordinator(actor)) return no("not_coordinator");
  if (item.longTerm) return no("long_term_no_deadline");
  if (item.status === "signed_off") return no("already_signed_off");
  if (!reason.trim()) return no("reason_required");
  if (to < today) return no("date_in_past");
  if (item.deadline && to <= item.deadline) return no("date_not_later");
  return ok({ deadline: to });
}

/** Look-back failed, a repeat petition, or a coordinator's decision: the history continues. */
export function decideReopen(actor: Actor, item: ItemState, reason: string): Decision<{ status: "reopened" }> {
  if (!isCoordinator(actor)) return no("not_coordinator");
  if (item.status !== "signed_off") return no("not_signed_off");
  if (!reason.trim()) return no("reason_required");
  return ok({ status: "reopened" });
}

/** A failed look-back reopens the item: the unit is told why, so the reason is required. */
export function decideLookback(actor: Actor, item: ItemState, passed: boolean, note: string): Decision<{ status: "signed_off" | "reopened" }> {
  if (!isCoordinator(actor)) return no("not_coordinator");
  if (item.status !== "signed_off") return no("not_signed_off");
  if (!passed && !note.trim()) return no("lookback_reason_required");
  return ok({ status: passed ? "signed_off" : "reopened" });
}
