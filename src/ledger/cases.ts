/**
 * Petition cases (信访件) as a chat may see them: read, handled, extended, disclosed. The
 * petitioner's identity is stored apart (Petitioner) and never selected here, so nothing
 * these operations return can carry it to a chat.
 */
import { CASE_STATUSES, FINDINGS, type CaseStatus, type Day, type Finding } from "../core/types";
import { auditOf, writeAudit, type Change } from "./audit";
import { oneOf } from "./decode";
import { inChunks } from "./import-items";
import { clientOf, type Session } from "./session";

const caseSelect = {
  id: true, caseNo: true, batch: true, assignedOn: true, summary: true, place: true, pollutionType: true,
  unitId: true, ownerLeader: true, batchDue: true, acceptedOn: true, extendedTo: true, status: true,
  finding: true, actions: true, disclosed: true, repeats: true, unit: { select: { name: true } },
} as const;

export interface CaseRow {
  id: number;
  caseNo: string;
  batch: string | null;
  assignedOn: Day;
  summary: string;
  place: string | null;
  pollutionType: string | null;
  unitId: number;
  ownerLeader: string | null;
  batchDue: Day | null;
  acceptedOn: Day | null;
  extendedTo: Day | null;
  status: CaseStatus;
  finding: Finding | null;
  actions: string | null;
  disclosed: boolean;
  /** Comma-separated case numbers this one repeats, as the inspection team wrote them. */
  repeats: string;
  unit: { name: string };
}

export async function findCase(session: Session, caseNo: string): Promise<CaseRow | null> {
  const raw = await clientOf(session).petitionCase.findUnique({ where: { caseNo: caseNo.trim() }, select: caseSelect });
  if (!raw) return null;
  return {
    ...raw,
    status: oneOf(CASE_STATUSES, raw.status, "a case's status"),
    finding: raw.finding === null ? null : oneOf(FINDINGS, raw.finding, "a case's finding"),
  };
}

type Case = Pick<CaseRow, "id" | "status">;

/** Handled (办结): the finding and what was done; a case handled before it was accepted is accepted today. */
export async function handleCase(
  session: Session,
  c: Case & Pick<CaseRow, "acceptedOn">,
  p: { finding: Finding; actions: string; today: Day },
  change: Change,
): Promise<void> {
  const tx = clientOf(session);
  await tx.petitionCase.update({
    where: { id: c.id },
    data: { status: "handled", finding: p.finding, actions: p.actions, acceptedOn: c.acceptedOn ?? p.today },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "case.handled", { caseId: c.id, detail: { status: [c.status, "handled"], finding: p.finding, actions: p.actions } }));
}

export async function extendCase(session: Session, c: Case, p: { to: Day; reason: string }, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.petitionCase.update({ where: { id: c.id }, data: { extendedTo: p.to, extensionReason: p.reason }, select: { id: true } });
  await writeAudit(session, auditOf(change, "case.extended", { caseId: c.id, detail: { extendedTo: p.to, reason: p.reason } }));
}

export async function discloseCase(session: Session, c: Case, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.petitionCase.update({ where: { id: c.id }, data: { status: "disclosed", disclosed: true }, select: { id: true } });
  await writeAudit(session, auditOf(change, "case.disclosed", { caseId: c.id, detail: { status: [c.status, "disclosed"] } }));
}

/** The case is about a ledger item (or about none again, `item` null): audited with both codes. */
export async function linkCaseToItem(session: Session, c: Pick<CaseRow, "id">, item: { id: number; code: string } | null, change: Change): Promise<{ before: string | null }> {
  const tx = clientOf(session);
  const row = await tx.petitionCase.findUniqueOrThrow({ where: { id: c.id }, select: { itemId: true } });
  const before = row.itemId === null ? null : (await tx.item.findUnique({ where: { id: row.itemId }, select: { code: true } }))?.code ?? null;
  await tx.petitionCase.update({ where: { id: c.id }, data: { itemId: item?.id ?? null }, select: { id: true } });
  await writeAudit(session, auditOf(change, "case.linked", { caseId: c.id, itemId: item?.id ?? null, detail: { item: [before, item?.code ?? null] } }));
  return { before };
}

/** Which of these item codes the ledger holds: an import checks a petition sheet's 关联问题编号 before writing. */
export async function existingItemCodes(session: Session, codes: string[]): Promise<Set<string>> {
  const rows = await inChunks(codes, (chunk) => clientOf(session).item.findMany({ where: { code: { in: chunk } }, select: { code: true } }));
  return new Set(rows.map((r) => r.code));
}

/**
 * How many petitions about the item repeat an earlier one: each linked case that names a
 * case it repeats, and every linked case after the first (the same complaint again).
 */
export async function repeatPetitionsAbout(session: Session, itemId: number): Promise<number> {
  const cases = await clientOf(session).petitionCase.findMany({ where: { itemId }, select: { repeats: true } });
  return Math.max(cases.filter((c) => c.repeats !== "").length, cases.length - 1);
}
