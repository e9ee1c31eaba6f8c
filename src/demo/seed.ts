/**
 * Fills an empty demo database with the invented county: units, people, web rooms, the
 * items of items.ts in every state with their reports and evidence photos, and the petition
 * cases of cases.ts. The photos are stored first; then everything is written in one
 * transaction (the ledger's seedDemoLedger), marked, so that the demo can tell its own
 * database from a real one.
 */
import { addDays, dayOf, instantOf } from "../core/days";
import type { Lang } from "../core/types";
import type { Ledger } from "../ledger/db";
import { personNamed, seedDemoLedger, type DemoSeed, type SeededCase, type SeededItem, type SeededPhoto } from "../ledger/demo";
import { storeEvidence } from "../ledger/evidence";
import { messagesFor } from "../i18n/index";
import { applicationNotice } from "../bot/signoff-card";
import { chatsBoundFor } from "../ledger/chats";
import { countPhotosSince, findItemByCode } from "../ledger/items";
import { queueMessage } from "../ledger/outbox";
import type { Session } from "../ledger/session";
import type { DemoPerson } from "../../adapters/web/index";
import { BATCH_ASSIGNED, CASES, type DemoCase } from "./cases";
import { ITEMS, type DemoItem } from "./items";
import { ONE_CLICK, PEOPLE, ROOMS, UNITS } from "./people";
import { demoPhoto } from "./photos";

export interface SeedOptions {
  now: Date;
  tz: string;
  dataDir: string;
  maxPhotoBytes: number;
  /** The language of the notices already waiting in the office's room (the application cards). */
  lang?: Lang;
  signOffPhotoDays?: number;
}

const HOURS = ["09:20", "10:45", "14:10", "15:30", "16:50", "11:05"];

export async function seedDemo(ledger: Ledger, opts: SeedOptions): Promise<void> {
  const today = dayOf(opts.now, opts.tz);
  const reportAt = (daysAgo: number, n: number) => instantOf(addDays(today, -daysAgo), HOURS[n % HOURS.length]!, opts.tz);
  const photos = await planPhotos(opts, reportAt);
  const seed: DemoSeed = {
    units: Object.entries(UNITS).map(([key, u]) => ({ key, name: u.name, aliases: [...u.aliases] })),
    people: Object.entries(PEOPLE).map(([key, p]) => ({ key, name: p.name, unit: p.unit, roles: [p.roles], phone: "phone" in p ? p.phone : null })),
    // Midnight: whenever the demo starts, today's digest is already due, so the leaders' room shows it.
    rooms: ROOMS.map((r) => ({ chatId: r.chatId, title: r.title, purpose: r.purpose, unit: r.unit, digestTime: "00:00" })),
    items: ITEMS.map((item) => seededItem(item, photos.get(item.code) ?? [], { ...opts, today, reportAt })),
    cases: CASES.map((c) => seededCase(c, today)),
  };
  await ledger.tx(async (session) => {
    await seedDemoLedger(session, seed, { at: opts.now, actor: "demo" });
    await queueApplicationNotices(session, opts);
  });
}

/**
 * The pending applications' notices, waiting in the office's room as if the units had just
 * applied: a coordinator trying the demo opens 查看详情 on one and sees its photos.
 */
async function queueApplicationNotices(session: Session, opts: SeedOptions): Promise<void> {
  const ctx = {
    session,
    msg: messagesFor(opts.lang ?? "zh-CN"),
    now: opts.now,
    config: { DUBAN_TZ: opts.tz, SIGNOFF_PHOTO_DAYS: opts.signOffPhotoDays ?? 14, dataDir: opts.dataDir },
  };
  const rooms = await chatsBoundFor(session, "coordinators");
  for (const demo of ITEMS.filter((i) => i.applied !== undefined && !i.signedOff && !i.reopened)) {
    const item = await findItemByCode(session, demo.code);
    if (!item || item.status !== "awaiting_signoff") continue;
    const evidence = await countPhotosSince(session, item.id, item.assignedAt);
    const person = typeof demo.person === "string" ? PEOPLE[demo.person].name : demo.person.name;
    const message = await applicationNotice(ctx, item, { person, evidence, documents: 0, note: "" });
    for (const to of rooms) await queueMessage(session, { key: `demo:application:${item.code}:${to.chatId}`, to, message }, opts.now);
  }
}

/** Every report's photos, drawn and stored (in parallel) before the transaction. */
async function planPhotos(opts: SeedOptions, reportAt: (daysAgo: number, n: number) => Date): Promise<Map<string, SeededPhoto[][]>> {
  const store = (bytes: Buffer) => storeEvidence(opts.dataDir, bytes, { maxBytes: opts.maxPhotoBytes, tz: opts.tz });
  const plan = new Map<string, Promise<SeededPhoto>[][]>();
  let seed = 1;
  for (const item of ITEMS) {
    const reports = item.reports ?? [];
    const perReport: Promise<SeededPhoto>[][] = [];
    for (const [n, r] of reports.entries()) {
      const at = reportAt(r.daysAgo, n);
      const list: Promise<SeededPhoto>[] = [];
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
  const done = new Map<string, SeededPhoto[][]>();
  for (const [code, perReport] of plan) done.set(code, await Promise.all(perReport.map((list) => Promise.all(list))));
  return done;
}

function seededItem(
  item: DemoItem,
  photos: SeededPhoto[][],
  o: SeedOptions & { today: string; reportAt: (daysAgo: number, n: number) => Date },
): SeededItem {
  const day = (offset: number) => addDays(o.today, offset);
  const ago = (days: number) => new Date(o.now.getTime() - days * 86_400_000);
  const reports = item.reports ?? [];
  const lastPercent = [...reports].reverse().find((r) => r.percent !== undefined)?.percent ?? null;
  const status = item.reopened ? "reopened" : item.signedOff ? "signed_off" : item.applied !== undefined ? "awaiting_signoff" : reports.length ? "in_progress" : "not_started";
  const deadline = item.due === null ? null : day(item.due);
  return {
    code: item.code, source: item.source, batch: item.batch, category: item.category, title: item.title,
    problem: item.problem, measures: item.measures, target: "按期完成整改并通过验收销号",
    lead: item.lead, cooperating: item.coop ?? [], leaderName: item.leader,
    person: typeof item.person === "string" ? item.person : null,
    personName: typeof item.person === "string" ? PEOPLE[item.person].name : item.person.name,
    longTerm: item.due === null, reportPeriodDays: item.due === null ? 30 : null,
    deadline, originalDeadline: item.extension ? day(item.extension.originalDue) : deadline,
    status, progress: lastPercent, assignedAt: ago(item.assignedDaysAgo),
    lastReportAt: reports.length ? o.reportAt(reports.at(-1)!.daysAgo, reports.length - 1) : null,
    returnCount: item.returns?.count ?? 0, lastReturnReason: item.returns?.reason ?? null,
    appliedAt: item.applied !== undefined ? ago(item.applied) : null,
    signedOff: item.signedOff ? { by: "coordinator", at: ago(item.signedOff.daysAgo), lookbackDue: day(item.signedOff.lookbackIn) } : null,
    failedLookback: item.reopened ? { at: ago(item.reopened.daysAgo), note: item.reopened.note } : null,
    extension: item.extension
      ? { fromDay: day(item.extension.originalDue), toDay: deadline!, reason: item.extension.reason, by: "coordinator", at: ago(item.extension.daysAgo) }
      : null,
    reports: reports.map((r, n) => ({
      by: r.by ?? (typeof item.person === "string" ? item.person : "coordinator"),
      at: o.reportAt(r.daysAgo, n),
      text: `#${item.code} ${r.text}`,
      percent: r.percent ?? null,
      photos: photos[n] ?? [],
    })),
  };
}

function seededCase(c: DemoCase, today: string): SeededCase {
  return {
    caseNo: c.caseNo, batch: `第${c.batch}批`, assignedOn: addDays(today, -BATCH_ASSIGNED[c.batch - 1]!), summary: c.summary,
    place: c.place, pollutionType: c.pollutionType, unit: c.unit,
    ownerLeader: c.owner, ownerLeaderPerson: c.owner === PEOPLE.leader.name ? "leader" : null,
    batchDue: addDays(today, c.batchDue), acceptedOn: c.accepted !== undefined ? addDays(today, c.accepted) : null,
    extendedTo: c.extendedTo ? addDays(today, c.extendedTo.day) : null, extensionReason: c.extendedTo?.reason ?? null,
    status: c.status, finding: c.finding ?? null, actions: c.actions ?? null, accountability: c.accountability ?? null,
    disclosed: c.status === "disclosed", repeats: c.repeats ?? "", petitioner: c.petitioner,
  };
}

/** The one-click people of the sign-in page: name, unit and role, in the page's default language. */
export async function demoPeople(ledger: Ledger, lang: Lang): Promise<DemoPerson[]> {
  const msg = messagesFor(lang);
  const out: DemoPerson[] = [];
  for (const key of ONE_CLICK) {
    const p = PEOPLE[key];
    const row = await personNamed(ledger.session, p.name);
    if (row) out.push({ personId: row.id, label: `${p.name}（${row.unit ?? ""} · ${msg.common.role[p.roles]}）` });
  }
  return out;
}
