/**
 * Progress reports (进展) and their photos: recorded, joined by later album parts and
 * photos, filed under the item the sender picks, and read back for the receipt. The item
 * side of a report (last report time, progress, the first report's status change) is
 * written with it, in one audit event.
 */
import { statusAfterReport } from "../core/lifecycle";
import { auditOf, writeAudit, type Change } from "./audit";
import type { Tx } from "./db";
import type { FlagOptions, StoredEvidence } from "./evidence";
import { findItemById, type ItemRow } from "./items";
import type { StoredDocument } from "./evidence-document";
import { addDocuments, addPhotos, reflagReportPhotos } from "./photos";
import { queueMessage, type OutboxEntry } from "./outbox";
import { writeReport } from "./report-write";
import { clientOf, hotOf, type Session } from "./session";

/** Enough of a report to tell whose it is and whether it has its item yet. */
export interface ReportRef {
  id: number;
  itemId: number | null;
  reporterId: number;
}

const refSelect = { id: true, itemId: true, reporterId: true } as const;

/** The report an album's earlier part became. */
export async function findAlbumReport(session: Session, p: { platform: string; chatId: string; albumKey: string }): Promise<ReportRef | null> {
  return clientOf(session).report.findUnique({ where: { platform_chatId_albumKey: p }, select: refSelect });
}

/** The sender's latest report in this chat since a moment: photos sent shortly after it join it. */
export async function findRecentReport(
  session: Session,
  p: { reporterId: number; platform: string; chatId: string; since: Date },
): Promise<ReportRef | null> {
  return clientOf(session).report.findFirst({
    where: { reporterId: p.reporterId, platform: p.platform, chatId: p.chatId, at: { gte: p.since } },
    orderBy: { at: "desc" },
    select: refSelect,
  });
}

export async function findReport(session: Session, reportId: number): Promise<(ReportRef & { percent: number | null }) | null> {
  return clientOf(session).report.findUnique({ where: { id: reportId }, select: { ...refSelect, percent: true } });
}

/** A report's words and its photos' hashes, in the order they came: what a notice about it shows. */
export async function reportPhotos(session: Session, reportId: number): Promise<{ text: string; photos: string[] }> {
  const r = await clientOf(session).report.findUniqueOrThrow({
    where: { id: reportId },
    select: { text: true, photos: { select: { sha256: true }, orderBy: { id: "asc" } } },
  });
  return { text: r.text, photos: r.photos.map((p) => p.sha256) };
}

/**
 * What a receipt says about a report: its item, its words, its percent, how many photos it
 * has and how many of them carry a capture time.
 */
export async function findReportForReceipt(
  session: Session,
  reportId: number,
): Promise<{ item: ItemRow | null; text: string; percent: number | null; photos: number; photosDated: number }> {
  const tx = clientOf(session);
  const r = await tx.report.findUniqueOrThrow({
    where: { id: reportId },
    select: { itemId: true, text: true, percent: true, _count: { select: { photos: true } } },
  });
  const photosDated = r._count.photos ? await tx.photo.count({ where: { reportId, takenAt: { not: null } } }) : 0;
  const item = r.itemId === null ? null : await findItemById(session, r.itemId);
  return { item, text: r.text, percent: r.percent, photos: r._count.photos, photosDated };
}

export interface NewReport {
  /** Null while the bot asks which item it is about. */
  item: ItemRow | null;
  reporterId: number;
  text: string;
  percent: number | null;
  platform: string;
  chatId: string;
  messageId: string | null;
  albumKey: string | null;
  photos: StoredEvidence[];
  /** Documents sent with it (PDF, Office files, scans). */
  documents?: StoredDocument[];
  flags: FlagOptions;
  /** The receipt to queue (keyed by the report) for a report with an item, given the item as the report leaves it. */
  receipt?: (item: ItemRow) => Receipt;
}

export type Receipt = Omit<OutboxEntry, "key">;

export const receiptKey = (reportId: number) => `receipt:${reportId}`;

/**
 * A new report with its photos; with an item, the item as it is after the report, and
 * its receipt queued. In an event's transaction, one atomic write (see report-write.ts).
 */
export async function recordReport(session: Session, r: NewReport, change: Change): Promise<{ reportId: number; item: ItemRow | null }> {
  const hot = hotOf(session);
  const documents = r.documents ?? [];
  // The one-statement write covers the common report (text and photos); documents are rare.
  if (hot && r.item && documents.length === 0 && (hot.native || hot.kind === "postgres")) return writeReport(session, hot, { ...r, item: r.item }, change);
  const tx = clientOf(session);
  const { id: reportId } = await tx.report.create({
    data: {
      itemId: r.item?.id ?? null,
      reporterId: r.reporterId,
      at: change.at,
      text: r.text,
      percent: r.percent,
      platform: r.platform,
      chatId: r.chatId,
      messageId: r.messageId,
      albumKey: r.albumKey,
    },
    select: { id: true },
  });
  await addPhotos(session, { reportId, item: r.item, photos: r.photos, receivedAt: change.at, flags: r.flags });
  await addDocuments(session, { reportId, itemId: r.item?.id ?? null, documents, receivedAt: change.at });
  const counts = { photos: r.photos.length, ...(documents.length ? { documents: documents.length } : {}) };
  if (!r.item) {
    await writeAudit(session, auditOf(change, "report.pending", { detail: { reportId, ...counts } }));
    return { reportId, item: null };
  }
  const after = await applyToItem(session, r.item, { reportId, percent: r.percent, ...counts }, change);
  if (r.receipt) await queueMessage(session, { key: receiptKey(reportId), ...r.receipt(after) }, change.at, { fresh: true });
  return { reportId, item: after };
}

/** The sender chose the item for a report that had none: the report and its photos go under it. */
export async function assignReport(session: Session, p: { reportId: number; percent: number | null; item: ItemRow; flags: FlagOptions }, change: Change): Promise<void> {
  const tx = clientOf(session);
  const { reportId, item } = p;
  await tx.report.update({ where: { id: reportId }, data: { itemId: item.id }, select: { id: true } });
  const photos = await tx.photo.updateMany({ where: { reportId }, data: { itemId: item.id } });
  await tx.document.updateMany({ where: { reportId }, data: { itemId: item.id } });
  await reflagReportPhotos(session, { reportId, item, flags: p.flags });
  await applyToItem(session, item, { reportId, percent: p.percent, photos: photos.count }, change);
}

/**
 * A later album part, or photos sent shortly after a report, join that report. `named` is
 * the item this part names (its caption or reply): it fills in a report that had none.
 * Gives the report's item, and whether this part filled it in.
 */
export async function joinReport(
  session: Session,
  p: { reportId: number; named: ItemRow | null; text: string; percent: number | null; photos: StoredEvidence[]; documents?: StoredDocument[]; flags: FlagOptions },
  change: Change,
): Promise<{ item: ItemRow | null; filled: boolean }> {
  const tx = clientOf(session);
  const { reportId, text, percent } = p;
  // Album parts join one report at once: a no-op write takes the row lock (PostgreSQL; SQLite
  // serialises writers anyway), so each part sees the parts before it — their photos, and the
  // item a caption on one of them named — and its receipt counts them all.
  await tx.$executeRaw`UPDATE "Report" SET "id" = "id" WHERE "id" = ${reportId}`;
  const report = await tx.report.findUniqueOrThrow({ where: { id: reportId }, select: { itemId: true, text: true } });
  const fill = report.itemId === null ? p.named : null;
  const item = fill ?? (report.itemId !== null ? await findItemById(session, report.itemId) : null);
  await tx.report.update({
    where: { id: reportId },
    data: {
      ...(fill ? { itemId: fill.id } : {}),
      ...(text && !report.text ? { text } : text ? { text: `${report.text}\n${text}` } : {}),
      ...(percent !== null ? { percent } : {}),
    },
    select: { id: true },
  });
  if (fill) {
    await tx.photo.updateMany({ where: { reportId }, data: { itemId: fill.id } });
    await tx.document.updateMany({ where: { reportId }, data: { itemId: fill.id } });
    await reflagReportPhotos(session, { reportId, item: fill, flags: p.flags });
  }
  const documents = p.documents ?? [];
  await addPhotos(session, { reportId, item, photos: p.photos, receivedAt: change.at, flags: p.flags });
  await addDocuments(session, { reportId, itemId: item?.id ?? report.itemId, documents, receivedAt: change.at });
  const added = { photos: p.photos.length, ...(documents.length ? { documents: documents.length } : {}) };
  if (!item) {
    await writeAudit(session, auditOf(change, "report.photos_added", { detail: { reportId, ...added } }));
    return { item: null, filled: false };
  }
  if (fill) {
    const all = await tx.photo.count({ where: { reportId } });
    return { item: await applyToItem(session, item, { reportId, percent, photos: all }, change), filled: true };
  }
  await writeAudit(session, auditOf(change, "report.photos_added", { itemId: item.id, detail: { reportId, ...added } }));
  await tx.item.update({ where: { id: item.id }, data: { lastReportAt: change.at, ...(percent !== null ? { progress: percent } : {}) }, select: { id: true } });
  return { item, filled: false };
}

/** The item side of a report: last report time, progress, the first report's status change. */
async function applyToItem(session: Session, item: ItemRow, p: { reportId: number; percent: number | null; photos: number; documents?: number }, change: Change): Promise<ItemRow> {
  const { after, next } = itemAfterReport(item, p.percent, change.at);
  await clientOf(session).item.update({
    where: { id: item.id },
    data: { lastReportAt: change.at, ...(p.percent !== null ? { progress: p.percent } : {}), ...(next ? { status: next } : {}) },
    select: { id: true },
  });
  await writeAudit(session, auditOf(change, "report.created", { itemId: item.id, detail: reportCreatedDetail(item, p) }));
  return after;
}

/** The item as a report leaves it; `next` is its new status, if the report changes it. */
export function itemAfterReport(item: ItemRow, percent: number | null, at: Date): { after: ItemRow; next: ItemRow["status"] | null } {
  const next = statusAfterReport(item.status);
  return { after: { ...item, lastReportAt: at, progress: percent ?? item.progress, status: next ?? item.status }, next };
}

/** What the report.created audit event records. */
export function reportCreatedDetail(item: ItemRow, p: { reportId: number; percent: number | null; photos: number; documents?: number }): Record<string, unknown> {
  const { percent } = p;
  const next = statusAfterReport(item.status);
  return { reportId: p.reportId, photos: p.photos, ...(p.documents ? { documents: p.documents } : {}), ...(percent !== null ? { progress: [item.progress, percent] } : {}), ...(next ? { status: [item.status, next] } : {}) };
}

/**
 * A message not sent yet is taken back: the question which item a report is about is moot
 * once a later album part named it. One that went out already stays.
 */
export async function withdrawPendingMessage(session: Session, key: string): Promise<void> {
  await clientOf(session).outbox.deleteMany({ where: { key, status: "pending" } });
}

/** A report as the edit path needs it. */
export interface ReportRecord {
  id: number;
  itemId: number | null;
  text: string;
  percent: number | null;
  at: Date;
}

/** The report a person's platform message became (an album's first part carries the id). */
export async function findReportByMessage(
  session: Session,
  p: { platform: string; chatId: string; messageId: string; reporterId: number },
): Promise<ReportRecord | null> {
  return clientOf(session).report.findFirst({
    where: { platform: p.platform, chatId: p.chatId, messageId: p.messageId, reporterId: p.reporterId },
    orderBy: { id: "asc" },
    select: { id: true, itemId: true, text: true, percent: true, at: true },
  });
}

/**
 * The report says what its corrected message says; moved to another item, its photos go
 * with it, each item's progress is its latest reported percent again, and the item it
 * moved to counts it as its latest report (`next`: that item's status after a report), and
 * its photos are flagged again against that item.
 */
export async function correctReport(
  session: Session,
  p: {
    before: ReportRecord;
    after: { text: string; percent: number | null };
    from: Pick<ItemRow, "code"> | null;
    to: Pick<ItemRow, "id" | "code" | "status" | "assignedAt"> | null;
    next: ItemRow["status"] | null;
    flags: FlagOptions;
  },
  change: Change,
): Promise<void> {
  const tx = clientOf(session);
  const { before, after, to, next } = p;
  const itemId = to?.id ?? null;
  await tx.report.update({ where: { id: before.id }, data: { ...after, itemId }, select: { id: true } });
  if (itemId !== before.itemId) {
    await tx.photo.updateMany({ where: { reportId: before.id }, data: { itemId } });
    await tx.document.updateMany({ where: { reportId: before.id }, data: { itemId } });
    // Checked against the item it now belongs to: its assignment date, its earlier photos.
    if (to) await reflagReportPhotos(session, { reportId: before.id, item: to, flags: p.flags });
  }
  for (const id of new Set([before.itemId, itemId])) {
    if (id === null) continue;
    const latest = await tx.report.findFirst({
      where: { itemId: id, percent: { not: null } },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { percent: true },
    });
    const progress = latest ? latest.percent : id === before.itemId ? await progressBefore(tx, id, before.id) : undefined;
    if (progress !== undefined) await tx.item.update({ where: { id }, data: { progress }, select: { id: true } });
  }
  if (to && to.id !== before.itemId) {
    await tx.item.update({ where: { id: to.id }, data: { lastReportAt: before.at, ...(next ? { status: next } : {}) }, select: { id: true } });
  }
  await writeAudit(session, auditOf(change, "report.corrected", {
    ...(to ? { itemId: to.id } : {}),
    detail: {
      reportId: before.id,
      before: { text: before.text, percent: before.percent, item: p.from?.code ?? null },
      after: { ...after, item: to?.code ?? null },
      ...(next && to ? { status: [to.status, next] } : {}),
    },
  }));
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
