/**
 * Writes item drafts to the ledger: new codes are created in bulk, known codes are
 * updated field by field where the file says something different, and every change
 * leaves an audit event with what it was before and after. The lifecycle (status,
 * reports, sign-off) belongs to the bot: the file sets it only for a new item.
 */
import type { ItemDraft } from "../core/drafts";
import type { Tx } from "./db";
import type { AuditLog } from "./import-audit";
import type { Resolver } from "./import-resolver";
import type { Counts } from "./imports";
import { remeasurePlace } from "./photos";

export interface ApplyContext {
  tx: Tx;
  resolver: Resolver;
  audit: AuditLog;
  now: Date;
  /** The file's name and who sent it: an item the file says is 已完成 is signed off by the import, and says so. */
  file: string;
  actorId: number | null;
  /** PHOTO_FAR_METERS: an item whose place moves has its photos measured again against it. */
  farMeters: number;
  /** Called with the number of records written so far in this step. */
  progress(done: number): void;
}

/** Rows per bulk insert: each insert costs far more than its rows (Prisma's query compiler), and 1,000 rows stay under SQLite's 32,766 parameters. */
const CHUNK = 1000;
const LOOKUP_CHUNK = 500;

const existingSelect = {
  id: true, code: true, source: true, batch: true, category: true, title: true, problem: true, measures: true,
  place: true, lat: true, lon: true, target: true, leadUnitId: true, leaderName: true, personName: true, personId: true, longTerm: true,
  originalDeadline: true, deadline: true, progressNote: true, completionNote: true, seq: true, sheetOrder: true,
  cooperating: { select: { unitId: true } },
} as const;

type Existing = Awaited<ReturnType<typeof loadExisting>>[number];

/** Rows for many keys, a bounded IN list at a time (databases cap bound parameters). */
export async function inChunks<T>(keys: string[], find: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) out.push(...(await find(keys.slice(i, i + LOOKUP_CHUNK))));
  return out;
}

async function loadExisting(tx: Tx, codes: string[]) {
  return inChunks(codes, (chunk) => tx.item.findMany({ where: { code: { in: chunk } }, select: existingSelect }));
}

interface Resolved {
  draft: ItemDraft;
  leadUnitId: number;
  coUnitIds?: number[];
  personId?: number | null;
  personName?: string | null;
}

async function resolve(ctx: ApplyContext, d: ItemDraft): Promise<Resolved> {
  const leadUnitId = await ctx.resolver.unitId(d.leadUnit);
  const coUnitIds = d.coUnits && [...new Set(await sequential(d.coUnits, (u) => ctx.resolver.unitId(u)))].filter((id) => id !== leadUnitId);
  const people = d.people && (await sequential(d.people, (p) => ctx.resolver.personId(p, leadUnitId)));
  return {
    draft: d,
    leadUnitId,
    coUnitIds,
    personId: people && (people[0] ?? null),
    personName: d.people && (d.people.map((p) => p.name).join("、") || null),
  };
}

async function sequential<T, R>(xs: T[], f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const x of xs) out.push(await f(x));
  return out;
}

/** Plain values for the audit history and for comparing (units by name, not id). */
function fieldsOf(r: Resolved, names: (id: number) => string): Record<string, unknown> {
  const d = r.draft;
  const f: Record<string, unknown> = {
    source: d.source, title: d.title, problem: d.problem, leadUnit: names(r.leadUnitId),
    longTerm: d.longTerm, originalDeadline: d.deadline,
  };
  const optional = { batch: d.batch, category: d.category, measures: d.measures, place: d.place, lat: d.lat, lon: d.lon, target: d.target,
    leaderName: d.leaderName, personName: r.personName, progressNote: d.progressNote, completionNote: d.completionNote, seq: d.seq, sheetOrder: d.sheetOrder };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) f[k] = v;
  if (d.liveNotes) {
    // What duban wrote from the reports and the status is no change to the plan's text.
    delete f.progressNote;
    delete f.completionNote;
  }
  if (r.coUnitIds) f.cooperating = r.coUnitIds.map(names).sort();
  return f;
}

function currentFields(e: Existing, names: (id: number) => string): Record<string, unknown> {
  return {
    source: e.source, title: e.title, problem: e.problem, leadUnit: names(e.leadUnitId), longTerm: e.longTerm,
    originalDeadline: e.originalDeadline, batch: e.batch, category: e.category, measures: e.measures, place: e.place, lat: e.lat, lon: e.lon, target: e.target,
    leaderName: e.leaderName, personName: e.personName, progressNote: e.progressNote, completionNote: e.completionNote,
    seq: e.seq, sheetOrder: e.sheetOrder,
    cooperating: e.cooperating.map((c) => names(c.unitId)).sort(),
  };
}

/** Coordinates this close (about 10 cm) are the same place: an export's GCJ-02, read back, lands within it. */
const SAME_DEGREES = 1e-6;

const same = (field: string, a: unknown, b: unknown) =>
  (field === "lat" || field === "lon") && typeof a === "number" && typeof b === "number"
    ? Math.abs(a - b) < SAME_DEGREES
    : JSON.stringify(a) === JSON.stringify(b);

export async function applyItems(ctx: ApplyContext, drafts: ItemDraft[]): Promise<Counts> {
  const { tx, resolver, audit } = ctx;
  const existing = new Map((await loadExisting(tx, drafts.map((d) => d.code))).map((e) => [e.code, e]));
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  const creates: Resolved[] = [];
  let done = 0;
  for (const d of drafts) {
    const r = await resolve(ctx, d);
    const e = existing.get(d.code);
    if (!e) {
      creates.push(r);
      continue;
    }
    const after = fieldsOf(r, resolver.unitName);
    const current = currentFields(e, resolver.unitName);
    const changed = Object.keys(after).filter((k) => !same(k, after[k], current[k]));
    if (changed.length === 0) {
      counts.unchanged++;
      continue;
    }
    await updateItem(ctx, e, r, changed);
    if (changed.includes("lat") || changed.includes("lon")) await remeasurePlace(tx, e.id, { lat: r.draft.lat ?? null, lon: r.draft.lon ?? null }, ctx.farMeters);
    audit.push({
      action: "item.updated",
      itemId: e.id,
      detail: { code: d.code, row: d.row, before: pick(current, changed), after: pick(after, changed) },
    });
    counts.updated++;
    ctx.progress(++done);
  }
  await createInChunks(ctx, creates, done, createItems);
  counts.created = creates.length;
  return counts;
}

/** New rows go in multi-row inserts of CHUNK, the progress counting on from `done`. */
export async function createInChunks<T>(ctx: ApplyContext, creates: T[], done: number, create: (ctx: ApplyContext, chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < creates.length; i += CHUNK) {
    await create(ctx, creates.slice(i, i + CHUNK));
    done += Math.min(CHUNK, creates.length - i);
    ctx.progress(done);
  }
}

export function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

async function updateItem(ctx: ApplyContext, e: Existing, r: Resolved, changed: string[]): Promise<void> {
  const d = r.draft;
  const data: Record<string, unknown> = {};
  for (const k of changed) {
    if (k === "leadUnit") data.leadUnitId = r.leadUnitId;
    else if (k === "originalDeadline" || k === "longTerm") {
      // The plan's deadline moved. A deadline already extended keeps its extension.
      const extended = !e.longTerm && e.deadline !== e.originalDeadline;
      data.originalDeadline = d.deadline;
      data.longTerm = d.longTerm;
      if (!extended || d.longTerm) data.deadline = d.deadline;
    } else if (k === "personName") {
      data.personName = r.personName;
      data.personId = r.personId;
    } else if (k !== "cooperating") data[k] = (d as unknown as Record<string, unknown>)[k];
  }
  await ctx.tx.item.update({ where: { id: e.id }, data });
  if (changed.includes("cooperating")) {
    await ctx.tx.itemCooperation.deleteMany({ where: { itemId: e.id } });
    await ctx.tx.itemCooperation.createMany({ data: r.coUnitIds!.map((unitId) => ({ itemId: e.id, unitId })) });
  }
}

async function createItems(ctx: ApplyContext, batch: Resolved[]): Promise<void> {
  const rows = batch.map(({ draft: d, leadUnitId, personId, personName }) => {
    const status = d.initialStatus;
    return {
      code: d.code, source: d.source, batch: d.batch ?? null, category: d.category ?? "other", title: d.title,
      problem: d.problem, measures: d.measures ?? "", place: d.place ?? null,
      lat: d.lat ?? null, lon: d.lon ?? null, target: d.target ?? "", leadUnitId, leaderName: d.leaderName ?? null,
      personName: personName ?? null, personId: personId ?? null, longTerm: d.longTerm,
      originalDeadline: d.deadline, deadline: d.deadline, status, assignedAt: ctx.now,
      signedOffAt: status === "signed_off" ? ctx.now : null,
      signedOffById: status === "signed_off" ? ctx.actorId : null,
      signedOffVia: status === "signed_off" ? `import:${ctx.file}` : null,
      progressNote: d.progressNote ?? null, completionNote: d.completionNote ?? null,
      seq: d.seq ?? null, sheetOrder: d.sheetOrder ?? null,
    };
  });
  const ids = new Map((await ctx.tx.item.createManyAndReturn({ data: rows, select: { id: true, code: true } })).map((x) => [x.code, x.id]));
  const coops = batch.flatMap((r) => (r.coUnitIds ?? []).map((unitId) => ({ itemId: ids.get(r.draft.code)!, unitId })));
  if (coops.length > 0) await ctx.tx.itemCooperation.createMany({ data: coops });
  batch.forEach((r, i) => {
    ctx.audit.push({
      action: "item.created",
      itemId: ids.get(r.draft.code)!,
      detail: { code: r.draft.code, row: r.draft.row, after: { ...fieldsOf(r, ctx.resolver.unitName), status: rows[i]!.status } },
    });
    // The sign-off's own event, as an accepted application has: the history shows who closed it, and how.
    if (rows[i]!.status === "signed_off") {
      ctx.audit.push({
        action: "item.signed_off",
        itemId: ids.get(r.draft.code)!,
        detail: { code: r.draft.code, row: r.draft.row, via: "import", completionNote: r.draft.completionNote ?? null },
      });
    }
  });
}
