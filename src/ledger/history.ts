/**
 * An item's history, read for /进展: its reports with their photos, and the lifecycle
 * steps its audit trail holds, merged newest first and paged. Each page reads at most
 * one page more of each kind than it shows, so paging stays cheap on long histories.
 */
import { z } from "zod";
import { SIGNOFF_WARNING_KINDS, softFlagsOf, type HistoryEntry, type HistoryPage, type SignOffWarning } from "../core/history";
import { DOCUMENT_TYPES, PHOTO_FLAGS } from "../core/types";
import { DamagedRow, listOf, oneOf } from "./decode";
import { clientOf, type Session } from "./session";

const text = z.string().catch("");
const warning = z.object({ kind: z.enum(SIGNOFF_WARNING_KINDS) }).passthrough();

/** The audit actions that are steps of an item's life, with what the history shows of each. */
const STEPS = {
  "item.created": z.object({ after: z.object({ leadUnit: z.string().nullish() }).partial().optional() })
    .transform((d) => ({ kind: "assigned" as const, unit: d.after?.leadUnit ?? null })),
  "item.imported": z.object({}).transform(() => ({ kind: "assigned" as const, unit: null })),
  "item.signoff_applied": z.object({ note: text, evidence: z.number().catch(0), documents: z.number().catch(0) })
    .transform((d) => ({ kind: "applied" as const, ...d })),
  "item.returned": z.object({ reason: text }).transform((d) => ({ kind: "returned" as const, ...d })),
  "item.extended": z.object({ deadline: z.tuple([z.string().nullable(), z.string()]), reason: text })
    .transform((d) => ({ kind: "extended" as const, from: d.deadline[0], to: d.deadline[1], reason: d.reason })),
  "item.signed_off": z.object({ note: text, warnings: z.array(warning).catch([]) })
    .transform((d) => ({ kind: "signed_off" as const, note: d.note, warnings: d.warnings as SignOffWarning[] })),
  "item.reopened": z.object({ reason: text }).transform((d) => ({ kind: "reopened" as const, ...d })),
  "item.lookback_passed": z.object({ note: text }).transform((d) => ({ kind: "lookback" as const, passed: true, note: d.note })),
  "item.lookback_failed": z.object({ note: text }).transform((d) => ({ kind: "lookback" as const, passed: false, note: d.note })),
  "item.transferred": z.object({ leadUnit: z.tuple([z.string(), z.string()]), reason: text })
    .transform((d) => ({ kind: "transferred" as const, from: d.leadUnit[0], to: d.leadUnit[1], reason: d.reason })),
  "item.person_assigned": z.object({ person: z.tuple([z.string().nullable(), z.string()]) })
    .transform((d) => ({ kind: "person_assigned" as const, from: d.person[0], to: d.person[1] })),
  "item.cooperating_set": z.object({ cooperating: z.tuple([z.array(z.string()), z.array(z.string())]) })
    .transform((d) => ({ kind: "cooperating_set" as const, units: d.cooperating[1] })),
  "item.chased": z.object({ request: text, due: z.string().nullable().catch(null) }).transform((d) => ({ kind: "chased" as const, ...d })),
  "item.instructed": z.object({ text }).transform((d) => ({ kind: "instructed" as const, text: d.text })),
} as const;

type StepAction = keyof typeof STEPS;
const STEP_ACTIONS = Object.keys(STEPS) as StepAction[];

export async function itemHistory(session: Session, itemId: number, p: { page: number; limit: number }): Promise<HistoryPage> {
  const tx = clientOf(session);
  const take = (p.page + 1) * p.limit + 1;
  const [reports, steps] = await Promise.all([
    tx.report.findMany({
      where: { itemId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take,
      select: { id: true, at: true, text: true, percent: true, reporterId: true, photos: { select: { sha256: true, flags: true, placeMeters: true, takenAt: true }, orderBy: { id: "asc" } },
        documents: { select: { sha256: true, type: true, name: true, size: true }, orderBy: { id: "asc" } } },
    }),
    tx.auditEvent.findMany({
      where: { itemId, action: { in: STEP_ACTIONS } },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take,
      select: { at: true, actor: true, action: true, detail: true },
    }),
  ]);
  const people = await tx.person.findMany({ where: { id: { in: [...new Set(reports.map((r) => r.reporterId))] } }, select: { id: true, name: true } });
  const names = new Map(people.map((x) => [x.id, x.name]));
  const entries: HistoryEntry[] = [
    ...reports.map((r): HistoryEntry => ({
      kind: "report",
      at: r.at,
      who: names.get(r.reporterId) ?? "",
      text: r.text,
      percent: r.percent,
      photos: r.photos.map((ph) => ({ sha256: ph.sha256, flags: listOf(PHOTO_FLAGS, ph.flags), placeMeters: ph.placeMeters, soft: softFlagsOf(ph) })),
      documents: r.documents.map((d) => ({ ...d, type: oneOf(DOCUMENT_TYPES, d.type, "a document's type") })),
    })),
    ...steps.map((s): HistoryEntry => ({ at: s.at, who: s.actor, ...stepOf(s.action as StepAction, s.detail) })),
  ];
  // A step and the report that caused it share the instant: the report reads as coming first.
  entries.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.kind === "report" ? 1 : 0) - (b.kind === "report" ? 1 : 0));
  const start = p.page * p.limit;
  return { entries: entries.slice(start, start + p.limit), more: entries.length > start + p.limit };
}

function stepOf(action: StepAction, detail: string) {
  let json: unknown;
  try {
    json = JSON.parse(detail);
  } catch {
    throw new DamagedRow(`the detail of an ${action} audit event`, detail);
  }
  const parsed = STEPS[action].safeParse(json);
  if (!parsed.success) throw new DamagedRow(`the detail of an ${action} audit event`, detail);
  return parsed.data;
}
