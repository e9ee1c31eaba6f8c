/** Progress reports as the edit path needs them: found by their message, corrected in place. */
import type { Tx } from "./db";

export interface ReportRecord {
  id: number;
  itemId: number | null;
  text: string;
  percent: number | null;
  at: Date;
}

/** The report a person's platform message became (an album's first part carries the id). */
export async function findReportByMessage(
  tx: Tx,
  p: { platform: string; chatId: string; messageId: string; reporterId: number },
): Promise<ReportRecord | null> {
  return tx.report.findFirst({
    where: { platform: p.platform, chatId: p.chatId, messageId: p.messageId, reporterId: p.reporterId },
    orderBy: { id: "asc" },
    select: { id: true, itemId: true, text: true, percent: true, at: true },
  });
}

/**
 * The report says what its corrected message says; moved to another item, its photos go
 * with it, and each item's progress is its latest reported percent again.
 */
export async function correctReport(
  tx: Tx,
  before: ReportRecord,
  after: { text: string; percent: number | null; itemId: number | null },
): Promise<void> {
  await tx.report.update({ where: { id: before.id }, data: after, select: { id: true } });
  if (after.itemId !== before.itemId) await tx.photo.updateMany({ where: { reportId: before.id }, data: { itemId: after.itemId } });
  for (const itemId of new Set([before.itemId, after.itemId])) {
    if (itemId === null) continue;
    const latest = await tx.report.findFirst({
      where: { itemId, percent: { not: null } },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { percent: true },
    });
    const progress = latest ? latest.percent : itemId === before.itemId ? await progressBefore(tx, itemId, before.id) : undefined;
    if (progress !== undefined) await tx.item.update({ where: { id: itemId }, data: { progress }, select: { id: true } });
  }
}

/** What the item's progress was before the report set it, as its report.created audit event recorded. */
async function progressBefore(tx: Tx, itemId: number, reportId: number): Promise<number | null | undefined> {
  const events = await tx.auditEvent.findMany({
    where: { itemId, action: "report.created" },
    orderBy: { id: "desc" },
    take: 200,
    select: { detail: true },
  });
  for (const e of events) {
    const detail = JSON.parse(e.detail) as { reportId?: number; progress?: [number | null, number] };
    if (detail.reportId === reportId) return detail.progress ? detail.progress[0] : undefined;
  }
  return undefined;
}
