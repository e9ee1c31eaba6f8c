/**
 * Fills an empty demo database with the invented county: units, people, web rooms, the
 * items of items.ts in every state with their reports and evidence photos, and the petition
 * cases of cases.ts. Everything is written in one transaction (the photos are stored
 * first), and marked, so that the demo can tell its own database from a real one.
 */
import { addDays, dayOf, instantOf } from "../core/days";
import { aliasKeys } from "../core/units";
import { writeAudit } from "../ledger/audit";
import type { Ledger, Tx } from "../ledger/db";
import { storeEvidence, type StoredEvidence } from "../ledger/evidence";
import { messagesFor } from "../i18n/index";
import type { Lang } from "../core/types";
import type { DemoPerson } from "../../adapters/web/index";
import { BATCH_ASSIGNED, CASES } from "./cases";
import { ITEMS, type DemoItem } from "./items";
import { ONE_CLICK, PEOPLE, ROOMS, UNITS, type PersonKey, type UnitKey } from "./people";
import { demoPhoto } from "./photos";

export const DEMO_MARKER = "demo.seeded";

export interface SeedOptions {
  now: Date;
  tz: string;
  dataDir: string;
  maxPhotoBytes: number;
}

/** "empty": seed it; "demo": seeded before; "other": a ledger the demo must not touch. */
export async function demoLedgerState(ledger: Ledger): Promise<"empty" | "demo" | "other"> {
  if (await ledger.db.auditEvent.findFirst({ where: { action: DEMO_MARKER }, select: { id: true } })) return "demo";
  const [units, people, items, chats] = await Promise.all([
    ledger.db.unit.count(), ledger.db.person.count(), ledger.db.item.count(), ledger.db.chat.count(),
  ]);
  return units + people + items + chats === 0 ? "empty" : "other";
}

interface PlannedPhoto {
  stored: StoredEvidence;
  flag?: "reused" | "old";
}

type Ids = { units: Record<UnitKey, number>; people: Record<PersonKey, number> };

const HOURS = ["09:20", "10:45", "14:10", "15:30", "16:50", "11:05"];

export async function seedDemo(ledger: Ledger, opts: SeedOptions): Promise<void> {
  const today = dayOf(opts.now, opts.tz);
  const reportAt = (daysAgo: number, n: number) => instantOf(addDays(today, -daysAgo), HOURS[n % HOURS.length]!, opts.tz);
  const photos = await planPhotos(opts, reportAt);

  await ledger.rawTx(async (tx) => {
    const ids = await seedPeople(tx, opts.now);
    for (const room of ROOMS) {
      await tx.chat.create({
        data: {
          platform: "web", chatId: room.chatId, title: room.title, purpose: room.purpose, createdAt: opts.now,
          unitId: room.unit ? ids.units[room.unit] : null,
          // Midnight: whenever the demo starts, today's digest is already due, so the leaders' room shows it.
          digestTime: "00:00",
        },
      });
    }
    for (const item of ITEMS) await seedItem(tx, item, ids, photos.get(item.code) ?? [], { ...opts, today, reportAt });
    await seedCases(tx, ids, opts.now, today);
    await writeAudit(tx, { at: opts.now, actor: "demo", action: DEMO_MARKER, detail: { items: ITEMS.length, cases: CASES.length } });
  });
}

/** Every report's photos, drawn and stored (in parallel) before the transaction. */
async function planPhotos(opts: SeedOptions, reportAt: (daysAgo: number, n: number) => Date): Promise<Map<string, PlannedPhoto[][]>> {
  const store = (bytes: Buffer) => storeEvidence(opts.dataDir, bytes, { maxBytes: opts.maxPhotoBytes, tz: opts.tz });
  const plan = new Map<string, Promise<PlannedPhoto>[][]>();
  let seed = 1;
  for (const item of ITEMS) {
    const reports = item.reports ?? [];
    const perReport: Promise<PlannedPhoto>[][] = [];
    for (const [n, r] of reports.entries()) {
      const at = reportAt(r.daysAgo, n);
      const list: Promise<PlannedPhoto>[] = [];
      for (let i = 0; i < (r.photos ?? 0); i++) {
        const last = n === reports.length - 1 && i === 0;
        const first = perReport[0]?.[0];
        if (last && item.flag === "reused" && first) {
          // The same picture as in an earlier report: what the photo check calls reuse.
          list.push(first.then((p) => ({ stored: p.stored, flag: "reused" })));
          continue;
        }
        const old = last && item.flag === "old";
        const takenAt = new Date(at.getTime() - (old ? 75 * 86_400_000 : (20 + i * 7) * 60_000));
        list.push(demoPhoto(seed++, takenAt, opts.tz).then(store).then((stored) => ({ stored, flag: old ? "old" : undefined })));
      }
      perReport.push(list);
    }
    plan.set(item.code, perReport);
  }
  // Every photo awaited at once, so that a failure is one rejection, not an unhandled one.
  await Promise.all([...plan.values()].flat(2));
  const done = new Map<string, PlannedPhoto[][]>();
  for (const [code, perReport] of plan) done.set(code, await Promise.all(perReport.map((list) => Promise.all(list))));
  return done;
}

async function seedPeople(tx: Tx, now: Date): Promise<Ids> {
  const units = {} as Record<UnitKey, number>;
  for (const [key, u] of Object.entries(UNITS) as [UnitKey, (typeof UNITS)[UnitKey]][]) {
    const row = await tx.unit.create({ data: { name: u.name, createdAt: now } });
    units[key] = row.id;
    await tx.unitAlias.createMany({ data: [...new Set([u.name, ...u.aliases].flatMap(aliasKeys))].map((alias) => ({ alias, unitId: row.id })) });
  }
  const people = {} as Record<PersonKey, number>;
  for (const [key, p] of Object.entries(PEOPLE) as [PersonKey, (typeof PEOPLE)[PersonKey]][]) {
    const phone = "phone" in p ? p.phone : null;
    const row = await tx.person.create({ data: { name: p.name, unitId: units[p.unit], roles: p.roles, phone, createdAt: now } });
    people[key] = row.id;
  }
  return { units, people };
}

async function seedItem(
  tx: Tx,
  item: DemoItem,
  ids: Ids,
  photos: PlannedPhoto[][],
  o: SeedOptions & { today: string; reportAt: (daysAgo: number, n: number) => Date },
): Promise<void> {
  const day = (offset: number) => addDays(o.today, offset);
  const ago = (days: number) => new Date(o.now.getTime() - days * 86_400_000);
  const person = typeof item.person === "string" ? { id: ids.people[item.person], name: PEOPLE[item.person].name } : { id: null, name: item.person.name };
  const reports = item.reports ?? [];
  const lastPercent = [...reports].reverse().find((r) => r.percent !== undefined)?.percent ?? null;
  const status = item.reopened ? "reopened" : item.signedOff ? "signed_off" : item.applied !== undefined ? "awaiting_signoff" : reports.length ? "in_progress" : "not_started";
  const coordinator = ids.people.coordinator;
  const deadline = item.due === null ? null : day(item.due);

  const row = await tx.item.create({
    data: {
      code: item.code, source: item.source, batch: item.batch, category: item.category, title: item.title,
      problem: item.problem, measures: item.measures, target: "按期完成整改并通过验收销号",
      leadUnitId: ids.units[item.lead], leaderName: item.leader, personName: person.name, personId: person.id,
      longTerm: item.due === null, reportPeriodDays: item.due === null ? 30 : null,
      deadline, originalDeadline: item.extension ? day(item.extension.originalDue) : deadline,
      status, progress: lastPercent, assignedAt: ago(item.assignedDaysAgo),
      lastReportAt: reports.length ? o.reportAt(reports.at(-1)!.daysAgo, reports.length - 1) : null,
      returnCount: item.returns?.count ?? 0, lastReturnReason: item.returns?.reason ?? null,
      appliedById: item.applied !== undefined ? person.id : null, appliedAt: item.applied !== undefined ? ago(item.applied) : null,
      signedOffById: item.signedOff ? coordinator : null, signedOffAt: item.signedOff ? ago(item.signedOff.daysAgo) : null,
      lookbackDue: item.signedOff ? day(item.signedOff.lookbackIn) : null,
      lookbackAt: item.reopened ? ago(item.reopened.daysAgo) : null,
      lookbackResult: item.reopened ? "fail" : null, lookbackNote: item.reopened?.note ?? null,
      createdAt: ago(item.assignedDaysAgo),
      cooperating: { create: (item.coop ?? []).map((u) => ({ unitId: ids.units[u] })) },
    },
  });
  if (item.extension) {
    await tx.extension.create({
      data: { itemId: row.id, fromDay: day(item.extension.originalDue), toDay: deadline!, reason: item.extension.reason, byId: coordinator, at: ago(item.extension.daysAgo) },
    });
  }
  for (const [n, r] of reports.entries()) {
    const at = o.reportAt(r.daysAgo, n);
    const reporter = r.by ?? (typeof item.person === "string" ? item.person : "coordinator");
    const report = await tx.report.create({
      data: { itemId: row.id, reporterId: ids.people[reporter], at, text: `#${item.code} ${r.text}`, percent: r.percent ?? null, platform: "web", chatId: "demo-ledger" },
    });
    await tx.photo.createMany({
      data: (photos[n] ?? []).map(({ stored: s, flag }) => ({
        reportId: report.id, itemId: row.id, sha256: s.sha256, phash: s.phash, size: s.size, mime: s.mime, width: s.width, height: s.height,
        takenAt: s.takenAt, lat: s.lat, lon: s.lon, flags: flag ?? "", receivedAt: at,
      })),
    });
  }
  await writeAudit(tx, { at: ago(item.assignedDaysAgo), actor: "demo", action: "item.imported", itemId: row.id, detail: { code: item.code, status } });
}

async function seedCases(tx: Tx, ids: Ids, now: Date, today: string): Promise<void> {
  for (const c of CASES) {
    const assignedOn = addDays(today, -BATCH_ASSIGNED[c.batch - 1]!);
    const row = await tx.petitionCase.create({
      data: {
        caseNo: c.caseNo, batch: `第${c.batch}批`, assignedOn, summary: c.summary, place: c.place, pollutionType: c.pollutionType,
        unitId: ids.units[c.unit], ownerLeader: c.owner, ownerLeaderId: c.owner === PEOPLE.leader.name ? ids.people.leader : null,
        batchDue: addDays(today, c.batchDue), acceptedOn: c.accepted !== undefined ? addDays(today, c.accepted) : null,
        extendedTo: c.extendedTo ? addDays(today, c.extendedTo.day) : null, extensionReason: c.extendedTo?.reason ?? null,
        status: c.status, finding: c.finding ?? null, actions: c.actions ?? null, accountability: c.accountability ?? null,
        disclosed: c.status === "disclosed", repeats: c.repeats ?? "", createdAt: now,
      },
    });
    await tx.petitioner.create({ data: { caseId: row.id, name: c.petitioner.name, contact: c.petitioner.contact } });
  }
}

/** The one-click people of the sign-in page: name, unit and role, in the page's default language. */
export async function demoPeople(ledger: Ledger, lang: Lang): Promise<DemoPerson[]> {
  const msg = messagesFor(lang);
  const out: DemoPerson[] = [];
  for (const key of ONE_CLICK) {
    const p = PEOPLE[key];
    const row = await ledger.db.person.findFirst({ where: { name: p.name }, include: { unit: { select: { name: true } } } });
    if (row) out.push({ personId: row.id, label: `${p.name}（${row.unit?.name ?? ""} · ${msg.common.role[p.roles] ?? p.roles}）` });
  }
  return out;
}
