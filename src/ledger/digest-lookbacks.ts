/**
 * Look-backs (回头看) for the leaders' digest: those due and not answered, and those that
 * failed since the last digest. Each list is one query whose window COUNT gives the
 * section's count beside its first rows, so a county of 100,000 items is never read row
 * by row; the risk facts of the few listed items are then read in two batched queries.
 */
import type { Day } from "../core/types";
import { inUnits, type Int } from "./digest-items";
import { clientOf, type Session } from "./session";

/** A signed-off item whose look-back is due (or overdue) and not recorded for this closure. */
export interface LookbackDueRow {
  id: number;
  code: string;
  unit: string;
  signedOffAt: Date;
  lookbackDue: Day;
  /** The unit was asked for fresh photos. */
  asked: boolean;
  /** The risk facts its look-back day was weighed on (core/lookback-risk ClosureFacts). */
  deadline: Day | null;
  measures: string;
  flaggedPhotos: number;
  repeatPetitions: number;
}

/** A look-back recorded as failed: it reopened the item. */
export interface FailedLookbackRow {
  id: number;
  code: string;
  unit: string;
  at: Date;
  note: string | null;
}

export interface Counted<T> {
  count: number;
  top: T[];
}

interface DueRaw {
  id: Int;
  code: string;
  unit: string;
  signedOffAt: Date | string | number;
  lookbackDue: string;
  askedAt: Date | string | number | null;
  deadline: string | null;
  measures: string;
  total: Int;
}

/** SQLite hands raw DateTime columns back as numbers or text; PostgreSQL as Dates. */
function dateOf(v: Date | string | number): Date {
  return v instanceof Date ? v : new Date(v);
}

/** Due by `today`, and no look-back recorded after the sign-off: the closure is still unchecked. */
export async function lookbacksDue(session: Session, p: { today: Day; unitIds?: number[]; take: number }): Promise<Counted<LookbackDueRow>> {
  const db = clientOf(session);
  const rows = await db.$queryRaw<DueRaw[]>`
    SELECT i."id", i."code", u."name" AS unit, i."signedOffAt", i."lookbackDue", i."lookbackAskedAt" AS "askedAt",
      i."deadline", i."measures", COUNT(*) OVER () AS total
    FROM "Item" i JOIN "Unit" u ON u."id" = i."leadUnitId"
    WHERE i."status" = 'signed_off' AND i."signedOffAt" IS NOT NULL AND i."lookbackDue" IS NOT NULL AND i."lookbackDue" <= ${p.today}
      AND (i."lookbackAt" IS NULL OR i."lookbackAt" <= i."signedOffAt") ${inUnits(p.unitIds)}
    ORDER BY i."lookbackDue" ASC, i."id" ASC
    LIMIT ${p.take}`;
  if (rows.length === 0) return { count: 0, top: [] };
  const ids = rows.map((r) => Number(r.id));
  const signedOff = new Map(rows.map((r) => [Number(r.id), dateOf(r.signedOffAt)]));
  const [photos, cases] = await Promise.all([
    db.photo.findMany({ where: { itemId: { in: ids }, NOT: { flags: "" } }, select: { itemId: true, receivedAt: true } }),
    db.petitionCase.findMany({ where: { itemId: { in: ids } }, select: { itemId: true, repeats: true } }),
  ]);
  // The closure's evidence: photos received by the sign-off, as the sign-off counted them.
  const flagged = new Map<number, number>();
  for (const ph of photos) if (ph.itemId !== null && ph.receivedAt <= signedOff.get(ph.itemId)!) flagged.set(ph.itemId, (flagged.get(ph.itemId) ?? 0) + 1);
  const casesOf = new Map<number, string[]>();
  for (const c of cases) if (c.itemId !== null) casesOf.set(c.itemId, [...(casesOf.get(c.itemId) ?? []), c.repeats]);
  return {
    count: Number(rows[0]!.total),
    top: rows.map((r) => {
      const id = Number(r.id);
      const linked = casesOf.get(id) ?? [];
      return {
        id, code: r.code, unit: r.unit, signedOffAt: signedOff.get(id)!, lookbackDue: r.lookbackDue, asked: r.askedAt !== null,
        deadline: r.deadline, measures: r.measures, flaggedPhotos: flagged.get(id) ?? 0,
        // As ledger/cases repeatPetitionsAbout counts them.
        repeatPetitions: Math.max(linked.filter((x) => x !== "").length, linked.length - 1),
      };
    }),
  };
}

interface FailedRaw {
  id: Int;
  code: string;
  unit: string;
  at: Date | string | number;
  note: string | null;
  total: Int;
}

/** Look-backs recorded as failed after `since`, oldest first. */
export async function lookbacksFailed(session: Session, p: { since: Date; unitIds?: number[]; take: number }): Promise<Counted<FailedLookbackRow>> {
  const rows = await clientOf(session).$queryRaw<FailedRaw[]>`
    SELECT i."id", i."code", u."name" AS unit, i."lookbackAt" AS at, i."lookbackNote" AS note, COUNT(*) OVER () AS total
    FROM "Item" i JOIN "Unit" u ON u."id" = i."leadUnitId"
    WHERE i."lookbackResult" = 'fail' AND i."lookbackAt" > ${p.since} ${inUnits(p.unitIds)}
    ORDER BY i."lookbackAt" ASC, i."id" ASC
    LIMIT ${p.take}`;
  return {
    count: rows.length ? Number(rows[0]!.total) : 0,
    top: rows.map((r) => ({ id: Number(r.id), code: r.code, unit: r.unit, at: dateOf(r.at), note: r.note })),
  };
}
