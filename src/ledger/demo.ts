/**
 * The demo's invented county, written into an empty ledger, and how the demo tells its
 * own database from a real one (a marker event). Everything is keyed by the demo's own
 * names for units and people ("water", "coordinator"): the ids are the ledger's business.
 */
import type { CaseStatus, Category, ChatPurpose, Day, Finding, ItemSource, ItemStatus, Role } from "../core/types";
import { aliasKeys } from "../core/units";
import { auditOf, writeAudit, type Change } from "./audit";
import type { Tx } from "./db";
import type { PhotoFlag } from "../core/types";
import type { StoredEvidence } from "./evidence";
import { clientOf, type Session } from "./session";

const DEMO_MARKER = "demo.seeded";

export interface SeededUnit {
  key: string;
  name: string;
  /** Other names people use; each is stored under its normalised alias keys. */
  aliases: string[];
}

export interface SeededPerson {
  key: string;
  name: string;
  unit: string;
  roles: Role[];
  phone: string | null;
}

export interface SeededRoom {
  chatId: string;
  title: string;
  purpose: ChatPurpose;
  unit: string | null;
  digestTime: string;
}

export interface SeededPhoto {
  stored: StoredEvidence;
  flag?: PhotoFlag;
}

export interface SeededReport {
  by: string;
  at: Date;
  text: string;
  percent: number | null;
  photos: SeededPhoto[];
}

export interface SeededItem {
  code: string;
  source: ItemSource;
  batch: string;
  category: Category;
  title: string;
  problem: string;
  measures: string;
  target: string;
  lead: string;
  cooperating: string[];
  leaderName: string;
  /** A bound person's key, or null when the plan names someone who is not in the ledger. */
  person: string | null;
  personName: string;
  longTerm: boolean;
  reportPeriodDays: number | null;
  deadline: Day | null;
  originalDeadline: Day | null;
  status: ItemStatus;
  progress: number | null;
  assignedAt: Date;
  lastReportAt: Date | null;
  returnCount: number;
  lastReturnReason: string | null;
  /** When the item's person applied for sign-off. */
  appliedAt: Date | null;
  signedOff: { by: string; at: Date; lookbackDue: Day } | null;
  failedLookback: { at: Date; note: string } | null;
  extension: { fromDay: Day; toDay: Day; reason: string; by: string; at: Date } | null;
  reports: SeededReport[];
}

export interface SeededCase {
  caseNo: string;
  batch: string;
  assignedOn: Day;
  summary: string;
  place: string;
  pollutionType: string;
  unit: string;
  ownerLeader: string;
  /** The owner leader's key when the leader is a person of the ledger. */
  ownerLeaderPerson: string | null;
  batchDue: Day;
  acceptedOn: Day | null;
  extendedTo: Day | null;
  extensionReason: string | null;
  status: CaseStatus;
  finding: Finding | null;
  actions: string | null;
  accountability: string | null;
  disclosed: boolean;
  repeats: string;
  petitioner: { name: string; contact: string };
}

export interface DemoSeed {
  units: SeededUnit[];
  people: SeededPerson[];
  rooms: SeededRoom[];
  items: SeededItem[];
  cases: SeededCase[];
}

/** "empty": seed it; "demo": seeded before; "other": a ledger the demo must not touch. */
export async function demoLedgerState(session: Session): Promise<"empty" | "demo" | "other"> {
  const db = clientOf(session);
  if (await db.auditEvent.findFirst({ where: { action: DEMO_MARKER }, select: { id: true } })) return "demo";
  const [units, people, items, chats] = await Promise.all([db.unit.count(), db.person.count(), db.item.count(), db.chat.count()]);
  return units + people + items + chats === 0 ? "empty" : "other";
}

type Ids = { units: Map<string, number>; people: Map<string, number>; names: Map<string, string> };

const idOf = (ids: Map<string, number>, key: string) => {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`the demo seed names ${key}, which it does not define`);
  return id;
};

/**
 * Writes the seed, each item with an item.imported event at its assignment and the
 * marker event last. Called with one transaction's session: all of it or nothing.
 */
export async function seedDemoLedger(session: Session, seed: DemoSeed, change: Change): Promise<void> {
  const tx = clientOf(session);
  const ids = await seedPeople(tx, seed, change.at);
  for (const room of seed.rooms) {
    await tx.chat.create({
      data: {
        platform: "web", chatId: room.chatId, title: room.title, purpose: room.purpose, createdAt: change.at,
        unitId: room.unit ? idOf(ids.units, room.unit) : null, digestTime: room.digestTime,
      },
    });
  }
  for (const item of seed.items) await seedItem(session, item, ids, change);
  for (const c of seed.cases) await seedCase(tx, c, ids, change.at);
  await writeAudit(session, auditOf(change, DEMO_MARKER, { detail: { items: seed.items.length, cases: seed.cases.length } }));
}

async function seedPeople(tx: Tx, seed: DemoSeed, now: Date): Promise<Ids> {
  const units = new Map<string, number>();
  for (const u of seed.units) {
    const row = await tx.unit.create({ data: { name: u.name, createdAt: now }, select: { id: true } });
    units.set(u.key, row.id);
    await tx.unitAlias.createMany({ data: [...new Set([u.name, ...u.aliases].flatMap(aliasKeys))].map((alias) => ({ alias, unitId: row.id })) });
  }
  const people = new Map<string, number>();
  const names = new Map<string, string>();
  for (const p of seed.people) {
    names.set(p.key, p.name);
    const row = await tx.person.create({
      data: { name: p.name, unitId: idOf(units, p.unit), roles: p.roles.join(","), phone: p.phone, createdAt: now },
      select: { id: true },
    });
    people.set(p.key, row.id);
  }
  return { units, people, names };
}

async function seedItem(session: Session, item: SeededItem, ids: Ids, change: Change): Promise<void> {
  const tx = clientOf(session);
  const personId = item.person ? idOf(ids.people, item.person) : null;
  const signedOffById = item.signedOff ? idOf(ids.people, item.signedOff.by) : null;
  const row = await tx.item.create({
    data: {
      code: item.code, source: item.source, batch: item.batch, category: item.category, title: item.title,
      problem: item.problem, measures: item.measures, target: item.target,
      leadUnitId: idOf(ids.units, item.lead), leaderName: item.leaderName, personName: item.personName, personId,
      longTerm: item.longTerm, reportPeriodDays: item.reportPeriodDays, deadline: item.deadline, originalDeadline: item.originalDeadline,
      status: item.status, progress: item.progress, assignedAt: item.assignedAt, lastReportAt: item.lastReportAt,
      returnCount: item.returnCount, lastReturnReason: item.lastReturnReason,
      appliedById: item.appliedAt ? personId : null, appliedAt: item.appliedAt,
      signedOffById, signedOffAt: item.signedOff?.at ?? null, lookbackDue: item.signedOff?.lookbackDue ?? null,
      lookbackAt: item.failedLookback?.at ?? null, lookbackResult: item.failedLookback ? "fail" : null,
      lookbackNote: item.failedLookback?.note ?? null,
      createdAt: item.assignedAt,
      cooperating: { create: item.cooperating.map((u) => ({ unitId: idOf(ids.units, u) })) },
    },
    select: { id: true },
  });
  const ext = item.extension;
  if (ext) {
    await tx.extension.create({ data: { itemId: row.id, fromDay: ext.fromDay, toDay: ext.toDay, reason: ext.reason, byId: idOf(ids.people, ext.by), at: ext.at } });
  }
  for (const r of item.reports) {
    const report = await tx.report.create({
      data: { itemId: row.id, reporterId: idOf(ids.people, r.by), at: r.at, text: r.text, percent: r.percent, platform: "web", chatId: "demo-ledger" },
      select: { id: true },
    });
    await tx.photo.createMany({
      data: r.photos.map(({ stored: s, flag }) => ({
        reportId: report.id, itemId: row.id, sha256: s.sha256, phash: s.phash, size: s.size, mime: s.mime, width: s.width, height: s.height,
        takenAt: s.takenAt, lat: s.lat, lon: s.lon, flags: flag ?? "", receivedAt: r.at,
      })),
    });
  }
  await writeAudit(session, auditOf({ ...change, at: item.assignedAt }, "item.imported", { itemId: row.id, detail: { code: item.code, status: item.status } }));
  await seedSteps(session, row.id, item, ids, change);
}

/** The steps of the item's life as audit events, so that its history (/进展) tells them as it would have happened. */
async function seedSteps(session: Session, itemId: number, item: SeededItem, ids: Ids, change: Change): Promise<void> {
  const by = (key: string) => ({ ...change, actorId: idOf(ids.people, key), actor: ids.names.get(key) ?? key });
  const ext = item.extension;
  if (ext) {
    await writeAudit(session, auditOf({ ...by(ext.by), at: ext.at }, "item.extended", { itemId, detail: { deadline: [ext.fromDay, ext.toDay], reason: ext.reason } }));
  }
  if (item.appliedAt && item.person) {
    const evidence = item.reports.filter((r) => r.at >= item.assignedAt).reduce((n, r) => n + r.photos.length, 0);
    await writeAudit(session, auditOf({ ...by(item.person), at: item.appliedAt }, "item.signoff_applied", {
      itemId, detail: { status: ["in_progress", "awaiting_signoff"], evidence, note: "" },
    }));
  }
  const done = item.signedOff;
  if (done) {
    await writeAudit(session, auditOf({ ...by(done.by), at: done.at }, "item.signed_off", {
      itemId, detail: { status: ["awaiting_signoff", "signed_off"], lookbackDue: done.lookbackDue, note: "", warnings: [] },
    }));
  }
  if (item.failedLookback && done) {
    await writeAudit(session, auditOf({ ...by(done.by), at: item.failedLookback.at }, "item.lookback_failed", {
      itemId, detail: { note: item.failedLookback.note, status: ["signed_off", "reopened"] },
    }));
  }
}

async function seedCase(tx: Tx, c: SeededCase, ids: Ids, now: Date): Promise<void> {
  const { unit, ownerLeaderPerson, petitioner, ...fields } = c;
  const row = await tx.petitionCase.create({
    data: {
      ...fields, unitId: idOf(ids.units, unit), ownerLeaderId: ownerLeaderPerson ? idOf(ids.people, ownerLeaderPerson) : null, createdAt: now,
    },
    select: { id: true },
  });
  await tx.petitioner.create({ data: { caseId: row.id, name: petitioner.name, contact: petitioner.contact } });
}

/** The first person of that name, with their unit's name: the demo's sign-in page offers them. */
export async function personNamed(session: Session, name: string): Promise<{ id: number; unit: string | null } | null> {
  const row = await clientOf(session).person.findFirst({
    where: { name },
    orderBy: { id: "asc" },
    select: { id: true, unit: { select: { name: true } } },
  });
  return row && { id: row.id, unit: row.unit?.name ?? null };
}
