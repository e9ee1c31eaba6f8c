/**
 * The near-copy index of the whole ledger (every item, every unit): built from the
 * fingerprints the Photo rows keep, and brought up to date before each lookup by reading
 * only the rows added since the last one it saw — photos another process stored included.
 * Rows are read a page at a time, so a ledger of 100,000 photos never sits in memory as
 * objects; the index itself keeps only typed arrays (src/evidence).
 */
import { fingerprintFromHex, type Fingerprint } from "../evidence/fingerprint-codec";
import { createNearCopyIndex, type NearCopyIndex, type NearCopyKind } from "../evidence/near-copy-index";
import { clientOf, copiesOf, type Session } from "./session";

export interface NearCopies {
  index: NearCopyIndex;
  /** The highest photo id read so far. */
  seen: number;
  /** Ids read within LAG of `seen`: read again by the next catch-up, added once. */
  recent: Set<number>;
  /**
   * The catch-up in flight on each connection, which the next one on it waits for. Never
   * one shared by all: a transaction waiting for another's catch-up, queued on a
   * connection that waits for this transaction's row locks, would wait forever.
   * Catch-ups on two connections may read the same rows: `recent` and `seen` add each once.
   */
  running: WeakMap<object, Promise<void>>;
}

/** Rows read per query while catching up. */
const PAGE = 2000;
/**
 * On PostgreSQL ids are taken at insert and become visible at commit, so a row can appear
 * after a higher id was read: the last LAG ids are read again on each catch-up.
 */
const LAG = 200;

export function createNearCopies(): NearCopies {
  return { index: createNearCopyIndex(), seen: 0, recent: new Set(), running: new WeakMap() };
}

/** An earlier photo a photo copies, as the flags, the cards and the CLI show it. */
export interface PhotoMatch {
  photoId: number;
  kind: NearCopyKind;
  distance: number;
  reportId: number;
  itemCode: string | null;
  unit: string | null;
  receivedAt: Date;
}

/** Reads the photos stored since the last catch-up into the index. */
export function catchUpNearCopies(session: Session): Promise<void> {
  const copies = copiesOf(session);
  const connection = clientOf(session);
  const run = (copies.running.get(connection) ?? Promise.resolve()).then(() => readNew(session, copies));
  copies.running.set(connection, run.catch(() => undefined));
  return run;
}

async function readNew(session: Session, copies: NearCopies): Promise<void> {
  let after = Math.max(0, copies.seen - LAG);
  for (;;) {
    const rows = await clientOf(session).photo.findMany({
      where: { id: { gt: after }, fingerprint: { not: null } },
      select: { id: true, fingerprint: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const row of rows) {
      if (copies.recent.has(row.id) || row.id <= copies.seen - LAG) continue;
      copies.index.add(String(row.id), fingerprintFromHex(row.fingerprint!));
      copies.recent.add(row.id);
      copies.seen = Math.max(copies.seen, row.id);
    }
    for (const id of copies.recent) if (id <= copies.seen - LAG) copies.recent.delete(id);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * The stored photos `fp` copies or nearly copies, closest first, other than the photos of
 * report `notReportId` (a report's photos never flag each other).
 */
export async function findNearCopies(session: Session, fp: Fingerprint, notReportId?: number): Promise<PhotoMatch[]> {
  await catchUpNearCopies(session);
  const found = copiesOf(session).index.lookup(fp);
  if (!found.length) return [];
  const rows = await clientOf(session).photo.findMany({
    where: { id: { in: found.map((f) => Number(f.id)) } },
    select: { id: true, reportId: true, receivedAt: true, item: { select: { code: true, leadUnit: { select: { name: true } } } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A row the index has but the database has not: written by a transaction that rolled back.
  return found.flatMap((f) => {
    const row = byId.get(Number(f.id));
    if (!row || row.reportId === notReportId) return [];
    return [{
      photoId: row.id, kind: f.kind, distance: f.distance, reportId: row.reportId,
      itemCode: row.item?.code ?? null, unit: row.item?.leadUnit.name ?? null, receivedAt: row.receivedAt,
    }];
  });
}
