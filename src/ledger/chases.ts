/**
 * Chases (督办) and leaders' instructions (批示) on items: recorded with their audit
 * events; the unit's next report answers the open chases and follows up the instructions.
 */
import type { ChaseFacts } from "../core/chase";
import type { Day } from "../core/types";
import { auditOf, writeAudit, type Change } from "./audit";
import { clientOf, peekPrimed, takePrimed, type Session } from "./session";

type Item = { id: number };

export async function recordChase(session: Session, item: Item, p: { request: string; dueDay: Day | null }, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.chase.create({
    data: { itemId: item.id, byId: change.actorId ?? null, byName: change.actor, request: p.request, dueDay: p.dueDay, at: change.at },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "item.chased", { itemId: item.id, detail: { request: p.request, due: p.dueDay } }));
}

export async function recordInstruction(session: Session, item: Item, text: string, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.instruction.create({ data: { itemId: item.id, byId: change.actorId ?? null, byName: change.actor, text, at: change.at }, select: { id: true } });
  await writeAudit(session, auditOf(change, "item.instructed", { itemId: item.id, detail: { text } }));
}

export async function chasesOf(session: Session, itemId: number): Promise<ChaseFacts[]> {
  const rows = await clientOf(session).chase.findMany({ where: { itemId }, select: { at: true, dueDay: true, answeredAt: true } });
  return rows.map((r) => ({ at: r.at, dueDay: r.dueDay, answeredAt: r.answeredAt }));
}

/** How many chases and instructions on an item wait for the unit's report. */
export interface OpenAsks { chases: number; instructions: number }

/** Where the inbound joined read leaves an item's OpenAsks for the report's own lookups. */
export const openAsksKey = (itemId: number) => `asks:${itemId}`;

export async function openAsks(session: Session, itemId: number): Promise<OpenAsks> {
  // Looked at, not taken: the report's answerWithReport takes it once the report is written.
  const primed = peekPrimed<OpenAsks>(session, openAsksKey(itemId));
  if (primed) return primed;
  const tx = clientOf(session);
  const [chases, instructions] = await Promise.all([
    tx.chase.count({ where: { itemId, answeredAt: null } }),
    tx.instruction.count({ where: { itemId, followedUpAt: null } }),
  ]);
  return { chases, instructions };
}

/** Who asked, so they can be told the unit answered. */
export interface Answered { byId: number | null; at: Date; request: string }

/**
 * A report on the item answers its open chases and follows up its open instructions; each
 * is audited. Returns what it answered, for telling the chasers and the leaders.
 */
export async function answerWithReport(
  session: Session,
  item: Item,
  reportId: number,
  change: Change,
): Promise<{ chases: Answered[]; instructions: (Answered & { text: string })[] }> {
  const primed = takePrimed<OpenAsks>(session, openAsksKey(item.id));
  if (primed && primed.chases === 0 && primed.instructions === 0) return { chases: [], instructions: [] };
  const tx = clientOf(session);
  const [chases, instructions] = await Promise.all([
    tx.chase.findMany({ where: { itemId: item.id, answeredAt: null }, select: { id: true, byId: true, at: true, request: true } }),
    tx.instruction.findMany({ where: { itemId: item.id, followedUpAt: null }, select: { id: true, byId: true, at: true, text: true } }),
  ]);
  if (chases.length) {
    await tx.chase.updateMany({ where: { id: { in: chases.map((c) => c.id) } }, data: { answeredAt: change.at, answerReportId: reportId } });
    await writeAudit(session, auditOf(change, "item.chase_answered", { itemId: item.id, detail: { reportId, chases: chases.length } }));
  }
  if (instructions.length) {
    await tx.instruction.updateMany({ where: { id: { in: instructions.map((i) => i.id) } }, data: { followedUpAt: change.at, followUpReportId: reportId } });
    await writeAudit(session, auditOf(change, "item.instruction_followed", { itemId: item.id, detail: { reportId, instructions: instructions.length } }));
  }
  return {
    chases: chases.map((c) => ({ byId: c.byId, at: c.at, request: c.request })),
    instructions: instructions.map((i) => ({ byId: i.byId, at: i.at, request: "", text: i.text })),
  };
}

export interface ChaseLine { code: string; title: string; unit: string; byName: string; at: Date; dueDay: string | null }
export interface InstructionLine { code: string; title: string; unit: string; byName: string; at: Date; text: string }

const itemOf = { select: { code: true, title: true, leadUnit: { select: { name: true } } } } as const;

/** Chases still unanswered after their 期限 (催办未回复), oldest 期限 first. */
export async function unansweredChases(session: Session, today: Day, unitIds?: number[]): Promise<ChaseLine[]> {
  const rows = await clientOf(session).chase.findMany({
    where: { answeredAt: null, dueDay: { lt: today }, ...(unitIds ? { item: { leadUnitId: { in: unitIds } } } : {}) },
    select: { byName: true, at: true, dueDay: true, item: itemOf },
    orderBy: [{ dueDay: "asc" }, { id: "asc" }],
    take: 50,
  });
  return rows.map((r) => ({ code: r.item.code, title: r.item.title, unit: r.item.leadUnit.name, byName: r.byName, at: r.at, dueDay: r.dueDay }));
}

/** Instructions given since a moment, newest first: the digest's 新批示. */
export async function instructionsSince(session: Session, since: Date, unitIds?: number[]): Promise<InstructionLine[]> {
  const rows = await clientOf(session).instruction.findMany({
    where: { at: { gte: since }, ...(unitIds ? { item: { leadUnitId: { in: unitIds } } } : {}) },
    select: { byName: true, at: true, text: true, item: itemOf },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 50,
  });
  return rows.map((r) => ({ code: r.item.code, title: r.item.title, unit: r.item.leadUnit.name, byName: r.byName, at: r.at, text: r.text }));
}
