/**
 * What the dashboard shows, read through the ledger's named operations for one viewer's
 * scope: the county for leaders and the office, one unit for its head. Nothing of a
 * petitioner is read: the dashboard is printed as the meeting handout.
 */
import { z } from "zod";
import { addDays, dayOf, instantOf } from "../core/days";
import { viewItem, type ItemView, type Thresholds } from "../core/lights";
import { CATEGORIES, ITEM_SOURCES, type Day, type Light, type Role } from "../core/types";
import { composeDigest, type LedgerReader } from "../digest/compose";
import { dayOfInstantIn } from "../digest/day-cache";
import type { DigestData, UnitCounts } from "../digest/types";
import { filteredItems, itemCategories, type ItemFilter } from "../ledger/dashboard";
import { digestUnits, flaggedPhotos, type FlaggedPhoto } from "../ledger/digest-data";
import type { ItemRow } from "../ledger/items";

export type Scope = { kind: "county" } | { kind: "unit"; unitId: number };

/** Leaders, the office and admins see the county; a unit head their unit; anyone else nothing. */
export function scopeOf(person: { roles: Role[]; unitId: number | null }): Scope | null {
  if (person.roles.some((r) => r === "leader" || r === "coordinator" || r === "admin")) return { kind: "county" };
  if (person.roles.includes("unit_head") && person.unitId !== null) return { kind: "unit", unitId: person.unitId };
  return null;
}

export const unitIdsOf = (scope: Scope): number[] | undefined => (scope.kind === "unit" ? [scope.unitId] : undefined);

const blankAsUndefined = (v: unknown) => (v === "" ? undefined : v);
/** The filter as the page's form sends it (query string). */
export const filterQuery = z.object({
  source: z.preprocess(blankAsUndefined, z.enum(ITEM_SOURCES).optional()),
  unit: z.preprocess(blankAsUndefined, z.coerce.number().int().positive().optional()),
  category: z.preprocess(blankAsUndefined, z.enum(CATEGORIES).optional()),
  light: z.preprocess(blankAsUndefined, z.enum(["red", "yellow", "green"]).optional()),
  q: z.preprocess(blankAsUndefined, z.string().trim().max(100).optional()),
});
export type FilterQuery = z.infer<typeof filterQuery>;

export interface ShownItem {
  item: ItemRow;
  view: ItemView;
}

export interface DashboardData {
  day: Day;
  scope: Scope;
  units: { id: number; name: string }[];
  categories: string[];
  digest: DigestData;
  counts: Map<number, UnitCounts>;
  /** The items the filter picks; without a filter, those not green (the exceptions). */
  items: ShownItem[];
  more: boolean;
  flags: FlaggedPhoto[];
}

/** Rows in the items table; the rest are a filter away. */
export const ITEMS_SHOWN = 100;
/** Flagged photos are listed for this many days back. */
const FLAG_DAYS = 30;

export interface DashboardOptions {
  now: Date;
  tz: string;
  thresholds: Thresholds;
}

const LIGHT_ORDER: Record<Light, number> = { red: 0, yellow: 1, green: 2 };

export async function dashboardData(reader: LedgerReader, scope: Scope, filter: FilterQuery, o: DashboardOptions): Promise<DashboardData> {
  const { session } = reader;
  const unitIds = unitIdsOf(scope);
  const today = dayOf(o.now, o.tz);
  const filtered = filter.source !== undefined || filter.unit !== undefined || filter.category !== undefined || filter.light !== undefined || !!filter.q;
  const itemFilter: ItemFilter = { ...filter, unitId: filter.unit, unitIds, light: filter.light, withSignedOff: filter.light === "green" || !!filter.q };
  const staleBefore = instantOf(addDays(today, 1 - o.thresholds.staleDays), "00:00", o.tz);
  // Without a filter the table is the exceptions: more rows are read, the green ones dropped.
  const take = filtered && !filter.light ? ITEMS_SHOWN : ITEMS_SHOWN * 3;
  // The charts are images of their own (/dashboard/lights.svg, trend.svg): the trend is read there, not here.
  const [units, categories, digest, rows, flags] = await Promise.all([
    digestUnits(session, unitIds),
    itemCategories(session, unitIds),
    // The page lists its own items (below): the digest's item lists are not read.
    composeDigest(reader, { now: o.now, tz: o.tz, thresholds: o.thresholds, unitIds, top: 10, itemTop: 0 }),
    filteredItems(session, itemFilter, { today, thresholds: o.thresholds, staleBefore }, take),
    flaggedPhotos(session, { gte: instantOf(addDays(today, -FLAG_DAYS), "00:00", o.tz), lt: o.now }, unitIds),
  ]);
  const dayOfInstant = dayOfInstantIn(o.tz);
  const wanted = (v: ItemView) => (filter.light ? v.light === filter.light : filtered || v.light !== "green");
  const shown = rows.map((item) => ({ item, view: viewItem(item, today, dayOfInstant, o.thresholds) })).filter((s) => wanted(s.view));
  shown.sort((a, b) => LIGHT_ORDER[a.view.light] - LIGHT_ORDER[b.view.light] || b.view.overdueDays - a.view.overdueDays);
  return {
    day: today, scope, units: units.sort((a, b) => a.name.localeCompare(b.name, "zh-CN")), categories, digest,
    counts: new Map(digest.units.map((u) => [u.unitId, u.counts])),
    items: shown.slice(0, ITEMS_SHOWN), more: shown.length > ITEMS_SHOWN || rows.length > take, flags,
  };
}
