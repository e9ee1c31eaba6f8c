/**
 * The rows of an export, in a fixed number of queries whatever the ledger's size:
 * items with their units, photo counts by item, the last report of each item, the
 * week's reports, who accepted each sign-off, cases. Items come in the county's order:
 * by source, then as the imported file had them, then (items the file never had) by code.
 * The Petitioner table is not selected here, by design: no export can contain it.
 */
import {
  CASE_STATUSES, CATEGORIES, FINDINGS, ITEM_SOURCES, ITEM_STATUSES,
  type CaseStatus, type Category, type Finding, type ItemSource, type ItemStatus,
} from "../core/types";
import { oneOf } from "./decode";
import { clientOf, type Session } from "./session";

export interface ExportItem {
  code: string;
  source: ItemSource;
  batch: string | null;
  category: Category;
  title: string;
  problem: string;
  target: string;
  measures: string;
  leaderName: string | null;
  leadUnit: string;
  cooperating: string[];
  personName: string | null;
  /** The place's coordinates, WGS-84 (the sheet shows them in GCJ-02). */
  lat: number | null;
  lon: number | null;
  longTerm: boolean;
  reportPeriodDays: number | null;
  originalDeadline: string | null;
  deadline: string | null;
  status: ItemStatus;
  progress: number | null;
  progressNote: string | null;
  completionNote: string | null;
  assignedAt: Date;
  returnCount: number;
  lastReportAt: Date | null;
  lastReport: string | null;
  photoCount: number;
  /** The 序号 and place as imported (null for an item no file had). */
  seq: string | null;
  sheetOrder: number | null;
  signedOffAt: Date | null;
  /** The coordinator who accepted it, by name. */
  signedOffBy: string | null;
  /** "import:<file>" when the imported file said 已完成. */
  signedOffVia: string | null;
  lookbackDue: string | null;
  lookbackAt: Date | null;
  lookbackResult: "pass" | "fail" | null;
  lookbackNote: string | null;
  /** Times of the reports since the instant asked for (the 调度汇总's week). */
  recentReports: Date[];
}

export interface ExportCase {
  caseNo: string;
  batch: string | null;
  assignedOn: string;
  summary: string;
  place: string | null;
  pollutionType: string | null;
  unit: string;
  ownerLeader: string | null;
  batchDue: string | null;
  extendedTo: string | null;
  status: CaseStatus;
  finding: Finding | null;
  actions: string | null;
  accountability: string | null;
  disclosed: boolean;
  repeats: string[];
  /** The code of the item the case is about (/关联, or the import's 关联问题编号). */
  item: string | null;
}

/** Codes as people sort them: 中央-2 before 中央-10. */
const byCode = new Intl.Collator("zh-CN", { numeric: true }).compare;

const LOOKBACK_RESULTS = ["pass", "fail"] as const;

export async function exportedItems(session: Session, o: { reportsSince: Date }): Promise<ExportItem[]> {
  const db = clientOf(session);
  const rows = await db.item.findMany({
    select: {
      id: true, code: true, source: true, batch: true, category: true, title: true, problem: true, target: true,
      measures: true, lat: true, lon: true, leaderName: true, personName: true, longTerm: true, reportPeriodDays: true, originalDeadline: true,
      deadline: true, status: true, progress: true, progressNote: true, completionNote: true, assignedAt: true,
      returnCount: true, lastReportAt: true, seq: true, sheetOrder: true, signedOffAt: true, signedOffById: true,
      signedOffVia: true, lookbackDue: true, lookbackAt: true, lookbackResult: true, lookbackNote: true,
      leadUnit: { select: { name: true } },
      cooperating: { select: { unit: { select: { name: true } } } },
    },
  });
  const photos = await db.photo.groupBy({ by: ["itemId"], where: { itemId: { not: null } }, _count: { _all: true } });
  const photoCount = new Map(photos.map((p) => [p.itemId!, p._count._all]));
  const last = await db.report.findMany({
    where: { itemId: { not: null } },
    orderBy: [{ itemId: "asc" }, { at: "desc" }, { id: "desc" }],
    distinct: ["itemId"],
    select: { itemId: true, text: true },
  });
  const lastText = new Map(last.map((r) => [r.itemId!, r.text]));
  const recent = await db.report.findMany({ where: { itemId: { not: null }, at: { gte: o.reportsSince } }, select: { itemId: true, at: true } });
  const recentOf = new Map<number, Date[]>();
  for (const r of recent) recentOf.set(r.itemId!, [...(recentOf.get(r.itemId!) ?? []), r.at]);
  const acceptorIds = [...new Set(rows.map((r) => r.signedOffById).filter((id): id is number => id !== null))];
  const acceptors = new Map((await db.person.findMany({ where: { id: { in: acceptorIds } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const sourceRank = (s: string) => (ITEM_SOURCES as readonly string[]).indexOf(s);
  return rows
    .map(({ id, leadUnit, cooperating, signedOffById, ...i }) => ({
      ...i,
      lookbackResult: i.lookbackResult === null ? null : oneOf(LOOKBACK_RESULTS, i.lookbackResult, "an item's look-back result"),
      signedOffBy: signedOffById === null ? null : (acceptors.get(signedOffById) ?? null),
      recentReports: recentOf.get(id) ?? [],
      source: oneOf(ITEM_SOURCES, i.source, "an item's source"),
      category: oneOf(CATEGORIES, i.category, "an item's category"),
      status: oneOf(ITEM_STATUSES, i.status, "an item's status"),
      leadUnit: leadUnit.name,
      cooperating: cooperating.map((c) => c.unit.name).sort(byCode),
      lastReport: lastText.get(id) ?? null,
      photoCount: photoCount.get(id) ?? 0,
    }))
    .sort((a, b) => sourceRank(a.source) - sourceRank(b.source) || byPlace(a.sheetOrder, b.sheetOrder) || byCode(a.code, b.code));
}

/** Imported items in the file's order, before those no file had. */
function byPlace(a: number | null, b: number | null): number {
  return (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);
}

export async function exportedCases(session: Session): Promise<ExportCase[]> {
  const db = clientOf(session);
  const rows = await db.petitionCase.findMany({
    select: {
      caseNo: true, batch: true, assignedOn: true, summary: true, place: true, pollutionType: true, ownerLeader: true,
      batchDue: true, extendedTo: true, status: true, finding: true, actions: true, accountability: true, disclosed: true,
      repeats: true, itemId: true, unit: { select: { name: true } },
    },
  });
  // The case's item is an id without a relation in the schema: the few codes in one read.
  const itemIds = [...new Set(rows.flatMap((r) => (r.itemId === null ? [] : [r.itemId])))];
  const codeOf = new Map((itemIds.length ? await db.item.findMany({ where: { id: { in: itemIds } }, select: { id: true, code: true } }) : []).map((i) => [i.id, i.code]));
  return rows
    .map(({ unit, repeats, itemId, ...c }) => ({
      ...c,
      status: oneOf(CASE_STATUSES, c.status, "a case's status"),
      finding: c.finding === null ? null : oneOf(FINDINGS, c.finding, "a case's finding"),
      unit: unit.name,
      repeats: repeats ? repeats.split(",") : [],
      item: itemId === null ? null : codeOf.get(itemId) ?? null,
    }))
    .sort((a, b) => byCode(a.caseNo, b.caseNo));
}
