/**
 * The dashboard's routes on the web chat's server, behind the same sign-in: the session
 * comes in a cookie scoped to /dashboard (set at sign-in beside the media cookie), the
 * viewer's roles decide the scope, and photos are this session's signed media links.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import { lightsOption, barsHeight, barsOf, trendOption } from "../../src/charts/ledger-charts";
import { renderSvg } from "../../src/charts/render";
import type { Clock } from "../../src/core/clock";
import { dayOf } from "../../src/core/days";
import type { Lang } from "../../src/core/types";
import { thresholdsOf, type Config } from "../../src/config";
import { dashboardData, filterQuery, scopeOf, unitIdsOf, type FilterQuery, type Scope } from "../../src/dashboard/data";
import { dashboardPage, itemPage, notePage } from "../../src/dashboard/html";
import { composeDigest } from "../../src/digest/compose";
import { langOf, messagesFor } from "../../src/i18n/index";
import type { Ledger } from "../../src/ledger/db";
import { itemHistory } from "../../src/ledger/history";
import { findItemByCode } from "../../src/ledger/items";
import { findPersonByIdentity, type PersonRecord } from "../../src/ledger/people";
import { weeklyTrend } from "../../src/ledger/trend";
import { dashboardToken, type Signer } from "./session";

export interface DashboardDeps {
  ledger: Ledger;
  signer: Signer;
  clock: Clock;
  config: Config;
  securityHeaders: Record<string, string>;
  pageDir: string;
}

/** Entries on an item's page: more than a phone's /进展 page, it is read on a screen or on paper. */
const ITEM_PAGE = 50;
const CHART_WIDTH = 720;
/** Photo links on a page live as long as someone plausibly keeps it open. */
const PHOTO_LINK_MS = 6 * 3600_000;
// The charts' SVG carries its own <style>; it is shown as an <img>, which runs nothing.
const SVG_HEADERS = { "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'", "x-content-type-options": "nosniff" };

export function createDashboard(deps: DashboardDeps) {
  const css = readFileSync(join(deps.pageDir, "dashboard.css"));
  const printJs = readFileSync(join(deps.pageDir, "dashboard-print.js"));
  const thresholds = thresholdsOf(deps.config);
  const tz = deps.config.DUBAN_TZ;

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = deps.securityHeaders) {
    res.writeHead(status, { ...headers, "content-type": type, "cache-control": "no-store" });
    res.end(body);
  }
  const html = (res: ServerResponse, status: number, body: string) => send(res, status, "text/html; charset=utf-8", body);

  async function viewer(req: IncomingMessage): Promise<{ person: PersonRecord; userId: string } | null> {
    const session = deps.signer.verifySession(dashboardToken(req.headers.cookie), deps.clock.now());
    if (!session) return null;
    const person = await findPersonByIdentity(deps.ledger.session, "web", session.userId);
    return person && person.id === session.personId ? { person, userId: session.userId } : null;
  }

  /** The filter from the query string; a filter not understood is dropped, and said so. */
  function filterOf(url: URL): { filter: FilterQuery; bad: boolean } {
    const parsed = filterQuery.safeParse(Object.fromEntries(url.searchParams));
    return parsed.success ? { filter: parsed.data, bad: false } : { filter: {}, bad: true };
  }

  /** A unit head's chart of another unit is their own unit's. */
  const chartUnits = (scope: Scope, filter: FilterQuery) => (scope.kind === "unit" ? unitIdsOf(scope) : filter.unit ? [filter.unit] : undefined);

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === "/dashboard/style.css") return send(res, 200, "text/css; charset=utf-8", css);
    if (path === "/dashboard/print.js") return send(res, 200, "text/javascript; charset=utf-8", printJs);
    const who = await viewer(req);
    const lang: Lang = langOf(who?.person.lang, deps.config.DUBAN_LANG);
    const msg = messagesFor(lang);
    const m = msg.dashboard;
    if (!who) return html(res, 401, notePage({ lang, title: m.title, text: m.signInFirst, link: { href: "/", label: m.signIn } }));
    const scope = scopeOf(who.person);
    if (!scope) return html(res, 403, notePage({ lang, title: m.title, text: m.notAllowed, link: { href: "/", label: m.chat } }));
    const now = deps.clock.now();
    const { filter, bad } = filterOf(url);

    if (path === "/dashboard" || path === "/dashboard/") {
      const data = await dashboardData(deps.ledger, scope, filter, { now, tz, thresholds });
      const unitName = scope.kind === "unit" ? data.units.find((u) => u.id === scope.unitId)?.name ?? "" : "";
      const title = scope.kind === "unit" ? m.unitTitle(unitName) : m.title;
      return html(res, 200, dashboardPage(data, { msg, lang, now, tz, title, filter, badFilter: bad }));
    }
    if (path === "/dashboard/lights.svg") {
      const digest = await composeDigest(deps.ledger, { now, tz, thresholds, unitIds: chartUnits(scope, filter), top: 0 });
      const units = digest.units.map((u) => ({ name: u.name, lights: u.today }));
      const svg = renderSvg(lightsOption(units, msg), { width: CHART_WIDTH, height: barsHeight(barsOf(units, msg).length) });
      return send(res, 200, "image/svg+xml", svg, SVG_HEADERS);
    }
    if (path === "/dashboard/trend.svg") {
      const weeks = await weeklyTrend(deps.ledger, { now, tz, unitIds: chartUnits(scope, filter) });
      return send(res, 200, "image/svg+xml", renderSvg(trendOption(weeks, msg), { width: CHART_WIDTH, height: 320 }), SVG_HEADERS);
    }
    if (path.startsWith("/dashboard/item/")) {
      const code = decodeURIComponent(path.slice("/dashboard/item/".length));
      const item = await findItemByCode(deps.ledger.session, code);
      if (!item) return html(res, 404, notePage({ lang, title: m.title, text: m.unknownItem(code), link: { href: "/dashboard", label: m.back } }));
      const involved = item.leadUnitId === (scope.kind === "unit" ? scope.unitId : item.leadUnitId) || item.cooperating.some((c) => scope.kind === "unit" && c.unitId === scope.unitId);
      if (!involved) return html(res, 403, notePage({ lang, title: m.title, text: m.notYourUnit, link: { href: "/dashboard", label: m.back } }));
      const page = Math.max(0, Math.min(1000, Number.parseInt(url.searchParams.get("page") ?? "0", 10) || 0));
      const { entries, more } = await itemHistory(deps.ledger.session, item.id, { page, limit: ITEM_PAGE });
      const exp = new Date(now.getTime() + PHOTO_LINK_MS);
      const photoUrl = (sha256: string) => `/media/${encodeURIComponent(deps.signer.mediaToken(who.userId, { e: sha256 }, exp))}`;
      const ctx = { msg, config: deps.config, today: dayOf(now, tz), thresholds };
      const olderHref = more ? `/dashboard/item/${encodeURIComponent(item.code)}?page=${page + 1}` : null;
      return html(res, 200, itemPage({ ctx, lang, item, entries, photoUrl, olderHref }));
    }
    html(res, 404, notePage({ lang, title: m.title, text: m.unknownItem(path), link: { href: "/dashboard", label: m.back } }));
  }

  return { route };
}
