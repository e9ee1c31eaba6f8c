/**
 * Writes petition-case drafts: created by case number, updated where the file differs.
 * The petitioner's identity goes to its own table and never into an audit event's
 * detail: the history says that it changed, not what it is.
 */
import type { CaseDraft } from "../core/drafts";
import type { Tx } from "./db";
import { createInChunks, inChunks, pick, type ApplyContext } from "./import-items";
import type { Counts } from "./imports";

const existingSelect = {
  id: true, caseNo: true, batch: true, assignedOn: true, summary: true, place: true, pollutionType: true, unitId: true,
  ownerLeader: true, ownerLeaderId: true, batchDue: true, finding: true, actions: true, accountability: true,
  disclosed: true, repeats: true, petitioner: { select: { name: true, contact: true } },
} as const;

type Existing = Awaited<ReturnType<typeof loadExisting>>[number];

async function loadExisting(tx: Tx, caseNos: string[]) {
  return inChunks(caseNos, (chunk) => tx.petitionCase.findMany({ where: { caseNo: { in: chunk } }, select: existingSelect }));
}

interface Resolved {
  draft: CaseDraft;
  unitId: number;
  ownerLeaderId?: number | null;
}

/** Comparable values, by field name of the record (unit by name). */
function fieldsOf(r: Resolved, unitName: string): Record<string, unknown> {
  const d = r.draft;
  const f: Record<string, unknown> = { assignedOn: d.assignedOn, summary: d.summary, unit: unitName };
  const optional = {
    batch: d.batch, place: d.place, pollutionType: d.pollutionType, ownerLeader: d.ownerLeader, batchDue: d.due,
    finding: d.finding, actions: d.actions, accountability: d.accountability, disclosed: d.disclosed, repeats: d.repeats,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) f[k] = v;
  return f;
}

function currentFields(e: Existing, unitName: string): Record<string, unknown> {
  const { id: _id, caseNo: _no, unitId: _u, ownerLeaderId: _l, petitioner: _p, ...rest } = e;
  return { ...rest, unit: unitName };
}

function petitionerChange(d: CaseDraft, e: Existing | undefined): { name: string | null; contact: string | null } | null {
  if (d.petitionerName === undefined && d.petitionerContact === undefined) return null;
  const name = d.petitionerName !== undefined ? d.petitionerName : e?.petitioner?.name ?? null;
  const contact = d.petitionerContact !== undefined ? d.petitionerContact : e?.petitioner?.contact ?? null;
  const before = e?.petitioner ?? { name: null, contact: null };
  return before.name === name && before.contact === contact ? null : { name, contact };
}

/** `relinked`: case numbers whose item the file changes (import-links.ts); a case changed only so is counted updated. */
export async function applyCases(ctx: ApplyContext, drafts: CaseDraft[], relinked: ReadonlySet<string> = new Set()): Promise<Counts> {
  const { tx, resolver, audit } = ctx;
  const existing = new Map((await loadExisting(tx, drafts.map((d) => d.caseNo))).map((e) => [e.caseNo, e]));
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };
  const creates: Resolved[] = [];
  let done = 0;
  for (const d of drafts) {
    const r: Resolved = {
      draft: d,
      unitId: await resolver.unitId(d.unit),
      ownerLeaderId: d.ownerLeader === undefined ? undefined : d.ownerLeader ? await resolver.leaderId(d.ownerLeader) : null,
    };
    const e = existing.get(d.caseNo);
    if (!e) {
      creates.push(r);
      continue;
    }
    const after = fieldsOf(r, resolver.unitName(r.unitId));
    const current = currentFields(e, resolver.unitName(e.unitId));
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(current[k]));
    const petitioner = petitionerChange(d, e);
    if (changed.length === 0 && !petitioner) {
      // Its "case.linked" event, written after the cases, records the change.
      if (relinked.has(d.caseNo)) counts.updated++;
      else counts.unchanged++;
      continue;
    }
    const data: Record<string, unknown> = {};
    for (const k of changed) {
      if (k === "unit") data.unitId = r.unitId;
      else data[k] = after[k];
      if (k === "ownerLeader") data.ownerLeaderId = r.ownerLeaderId;
    }
    if (changed.length > 0) await tx.petitionCase.update({ where: { id: e.id }, data });
    if (petitioner) await writePetitioner(tx, e.id, petitioner);
    audit.push({
      action: "case.updated",
      caseId: e.id,
      detail: {
        caseNo: d.caseNo, row: d.row, before: pick(current, changed), after: pick(after, changed),
        ...(petitioner ? { petitioner: "updated" } : {}),
      },
    });
    counts.updated++;
    ctx.progress(++done);
  }
  await createInChunks(ctx, creates, done, createCases);
  counts.created = creates.length;
  return counts;
}

async function writePetitioner(tx: Tx, caseId: number, p: { name: string | null; contact: string | null }): Promise<void> {
  if (p.name === null && p.contact === null) await tx.petitioner.deleteMany({ where: { caseId } });
  else await tx.petitioner.upsert({ where: { caseId }, create: { caseId, ...p }, update: p });
}

async function createCases(ctx: ApplyContext, batch: Resolved[]): Promise<void> {
  const rows = batch.map(({ draft: d, unitId, ownerLeaderId }) => ({
    caseNo: d.caseNo, batch: d.batch ?? null, assignedOn: d.assignedOn, summary: d.summary, place: d.place ?? null,
    pollutionType: d.pollutionType ?? null, unitId, ownerLeader: d.ownerLeader ?? null, ownerLeaderId: ownerLeaderId ?? null,
    batchDue: d.due ?? null, status: d.status ?? "assigned", finding: d.finding ?? null, actions: d.actions ?? null,
    accountability: d.accountability ?? null, disclosed: d.disclosed ?? d.status === "disclosed", repeats: d.repeats ?? "",
  }));
  const ids = new Map(
    (await ctx.tx.petitionCase.createManyAndReturn({ data: rows, select: { id: true, caseNo: true } })).map((x) => [x.caseNo, x.id]),
  );
  const petitioners = batch.flatMap((r) => {
    const p = petitionerChange(r.draft, undefined);
    return p ? [{ caseId: ids.get(r.draft.caseNo)!, ...p }] : [];
  });
  if (petitioners.length > 0) await ctx.tx.petitioner.createMany({ data: petitioners });
  batch.forEach((r, i) => {
    const { petitionerName: _n, petitionerContact: _c, ...shown } = r.draft;
    ctx.audit.push({
      action: "case.created",
      caseId: ids.get(r.draft.caseNo)!,
      detail: {
        caseNo: r.draft.caseNo, row: r.draft.row,
        after: { ...fieldsOf({ ...r, draft: shown }, ctx.resolver.unitName(r.unitId)), status: rows[i]!.status },
        ...(petitionerChange(r.draft, undefined) ? { petitioner: "recorded" } : {}),
      },
    });
  });
}
