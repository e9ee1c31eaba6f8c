/**
 * The dashboard as HTML, rendered on the server: no script is needed to read it, it
 * loads nothing from outside (its stylesheet, charts and photos are this server's), and
 * the print stylesheet turns it into the A4 meeting handout.
 */
import { formatInstant, timeOf } from "../core/days";
import type { HistoryEntry } from "../core/history";
import type { Light } from "../core/types";
import { entryLine } from "../bot/history";
import { statusLine, type ViewContext } from "../bot/cards";
import type { Catalogue } from "../i18n/index";
import { flagReasons } from "../i18n/flags";
import type { ItemRow } from "../ledger/items";
import type { DashboardData, FilterQuery, ShownItem } from "./data";

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => escapes[c]!);

function layout(p: { lang: string; title: string; body: string }): string {
  return `<!doctype html>
<html lang="${esc(p.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(p.title)}</title><link rel="stylesheet" href="/dashboard/style.css"><link rel="icon" href="/favicon.svg">
<script src="/dashboard/print.js" defer></script></head>
<body>${p.body}</body></html>`;
}

const dot = (l: Light) => `<span class="dot ${l}" aria-hidden="true"></span>`;

function query(filter: FilterQuery): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

function options(all: string, values: { value: string; label: string }[], chosen: string | number | undefined): string {
  return [`<option value="">${esc(all)}</option>`, ...values.map((v) => `<option value="${esc(v.value)}"${String(chosen ?? "") === v.value ? " selected" : ""}>${esc(v.label)}</option>`)].join("");
}

function filterForm(d: DashboardData, filter: FilterQuery, msg: Catalogue): string {
  const f = msg.dashboard.filter;
  const c = msg.common;
  const sources = Object.entries(c.source).map(([value, label]) => ({ value, label }));
  const categories = d.categories.map((value) => ({ value, label: c.category[value as keyof typeof c.category] ?? value }));
  const lights = (["red", "yellow", "green"] as const).map((value) => ({ value, label: msg.dashboard.chart.light[value] }));
  const unitSelect = d.scope.kind === "county"
    ? `<label>${esc(f.unit)}<select name="unit">${options(f.all, d.units.map((u) => ({ value: String(u.id), label: u.name })), filter.unit)}</select></label>` : "";
  return `<form class="filter" method="get" action="/dashboard" role="search">
<label>${esc(f.source)}<select name="source">${options(f.all, sources, filter.source)}</select></label>
${unitSelect}
<label>${esc(f.category)}<select name="category">${options(f.all, categories, filter.category)}</select></label>
<label>${esc(f.light)}<select name="light">${options(f.all, lights, filter.light)}</select></label>
<label class="q">${esc(f.q)}<input type="search" name="q" value="${esc(filter.q ?? "")}" maxlength="100"></label>
<button type="submit">${esc(f.apply)}</button> <a href="/dashboard">${esc(f.clear)}</a>
</form>`;
}

function unitsTable(d: DashboardData, msg: Catalogue): string {
  const col = msg.dashboard.col;
  const rows = d.digest.units.map((u) => {
    const n = d.counts.get(u.unitId);
    const cells = [n?.open, n?.overdue, n?.dueSoon, n?.stale, n?.awaiting, n?.signedOff].map((v) => `<td class="n">${v ?? 0}</td>`).join("");
    const lights = (["red", "yellow", "green"] as const).map((l) => `${dot(l)}${u.today[l]}`).join(" ");
    return `<tr><th scope="row">${esc(u.name)}</th><td class="lights">${lights}</td>${cells}</tr>`;
  });
  return `<table class="units"><thead><tr><th>${esc(col.unit)}</th><th>${esc(col.lights)}</th><th>${esc(col.open)}</th><th>${esc(col.overdue)}</th><th>${esc(col.dueSoon)}</th><th>${esc(col.stale)}</th><th>${esc(col.awaiting)}</th><th>${esc(col.signedOff)}</th></tr></thead>
<tbody>${rows.join("")}</tbody></table>`;
}

function itemsTable(items: ShownItem[], msg: Catalogue): string {
  const col = msg.dashboard.col;
  if (items.length === 0) return `<p class="none">${esc(msg.dashboard.noItems)}</p>`;
  const rows = items.map(({ item, view }) => `<tr class="${view.light}"><td>${dot(view.light)}<span class="sr">${esc(msg.dashboard.chart.light[view.light])}</span></td>
<td><a class="code" href="/dashboard/item/${encodeURIComponent(item.code)}">${esc(item.code)}</a></td><td>${esc(item.title)}</td><td>${esc(item.leadUnit.name)}</td>
<td>${esc(msg.common.source[item.source as keyof Catalogue["common"]["source"]] ?? item.source)}</td>
<td>${esc(msg.dashboard.itemDue({ deadline: item.deadline, overdueDays: view.overdueDays, longTerm: item.longTerm }))}</td><td>${esc(msg.common.status[item.status])}</td></tr>`);
  return `<table class="items"><thead><tr><th>${esc(col.light)}</th><th>${esc(col.code)}</th><th>${esc(col.item)}</th><th>${esc(col.unit)}</th><th>${esc(col.source)}</th><th>${esc(col.deadline)}</th><th>${esc(col.state)}</th></tr></thead>
<tbody>${rows.join("")}</tbody></table>`;
}

function section(title: string, cls: string, body: string): string {
  return `<section class="${cls}"><h2>${esc(title)}</h2>${body}</section>`;
}

function simpleTable(head: string[], rows: string[][], none: string): string {
  if (rows.length === 0) return `<p class="none">${esc(none)}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

const itemLink = (code: string | null) => (code ? `<a class="code" href="/dashboard/item/${encodeURIComponent(code)}">${esc(code)}</a>` : "");

export function dashboardPage(d: DashboardData, p: { msg: Catalogue; lang: string; now: Date; tz: string; title: string; filter: FilterQuery; badFilter: boolean }): string {
  const { msg } = p;
  const m = msg.dashboard;
  const t = d.digest.totals;
  const open = t.today.red + t.today.yellow + t.today.green;
  const chartQuery = query(p.filter.unit ? { unit: p.filter.unit } : {});
  const body = `<header><h1>${esc(p.title)}</h1><p class="as-of">${esc(m.asOf({ day: d.day, time: timeOf(p.now, p.tz) }))}</p>
<nav><a href="/">${esc(m.chat)}</a> <button type="button" id="print">${esc(m.print)}</button></nav></header>
<main>
<p class="totals">${esc(m.totals({ open, ...t.today, signedOff: t.signedOff }))}</p>
<div class="charts"><figure><img src="/dashboard/lights.svg${chartQuery}" alt="${esc(m.chart.lightsTitle)}"></figure>
<figure><img src="/dashboard/trend.svg${chartQuery}" alt="${esc(m.chart.trendTitle)}"></figure></div>
${section(m.units, "units-section", unitsTable(d, msg))}
${p.badFilter ? `<p class="warn">${esc(m.badFilter)}</p>` : ""}
${filterForm(d, p.filter, msg)}
${section(m.exceptions, "exceptions", itemsTable(d.items, msg) + (d.more ? `<p class="more">${esc(m.more(d.items.length))}</p>` : ""))}
${section(m.cases, "cases", simpleTable([m.col.caseNo, m.col.unit, m.col.owner, m.col.due],
    d.digest.cases.top.map((c) => [esc(c.caseNo), esc(c.unit), esc(c.ownerLeader ?? ""), esc(`${c.deadline}（${m.caseDue(c.dueInDays)}）`)]), m.noCases))}
${section(m.flags, "flags", simpleTable([m.col.code, m.col.unit, m.col.flags],
    d.flags.map((f) => [itemLink(f.itemCode), esc(f.unit ?? ""), esc(flagReasons(msg, msg.digest.flag, { flags: f.flags, placeMeters: f.placeMeters ?? null }).join("、"))]), m.noFlags))}
${section(m.chases, "chases", simpleTable([m.col.code, m.col.item, m.col.unit, m.col.chasedBy, m.col.chasedAt, m.col.due],
    d.digest.chases.top.map((c) => [itemLink(c.code), esc(c.title), esc(c.unit), esc(c.byName), esc(formatInstant(c.at, p.tz)), esc(c.dueDay ?? "")]), m.noChases))}
</main>`;
  return layout({ lang: p.lang, title: p.title, body });
}

export interface ItemPagePhoto {
  url: string | null;
}

/** An item's page: its state and the same history as /进展, with its photos shown. */
export function itemPage(p: { ctx: ViewContext; lang: string; item: ItemRow; entries: HistoryEntry[]; photoUrl: (sha256: string) => string | null; olderHref: string | null }): string {
  const { ctx, item } = p;
  const m = ctx.msg.dashboard;
  const title = ctx.msg.history.title({ code: item.code, title: item.title });
  const entries = p.entries.map((e) => {
    const photos = e.kind === "report" ? e.photos.map((ph) => {
      const url = p.photoUrl(ph.sha256);
      return url ? `<a href="${esc(url)}"><img class="photo" src="${esc(url)}" alt="${esc(item.code)}" loading="lazy"></a>` : `<span class="missing">${esc(m.photoMissing)}</span>`;
    }).join("") : "";
    return `<li><p>${esc(entryLine(ctx, e)).replace(/\n/g, "<br>")}</p>${photos ? `<div class="photos">${photos}</div>` : ""}</li>`;
  });
  const body = `<header><h1>${esc(title)}</h1><p class="as-of">${esc(`${item.leadUnit.name} · ${statusLine(ctx, item)}`)}</p>
<nav><a href="/dashboard">${esc(m.back)}</a> <button type="button" id="print">${esc(m.print)}</button></nav></header>
<main><section class="history"><h2>${esc(m.history)}</h2>
${entries.length ? `<ol class="entries">${entries.join("")}</ol>` : `<p class="none">${esc(m.noHistory)}</p>`}
${p.olderHref ? `<p><a href="${esc(p.olderHref)}">${esc(m.older)}</a></p>` : ""}</section></main>`;
  return layout({ lang: p.lang, title, body });
}

/** A page that only says something (not signed in, not allowed, no such item). */
export function notePage(p: { lang: string; title: string; text: string; link?: { href: string; label: string } }): string {
  return layout({ lang: p.lang, title: p.title, body: `<main class="note"><h1>${esc(p.title)}</h1><p>${esc(p.text)}</p>${p.link ? `<p><a href="${esc(p.link.href)}">${esc(p.link.label)}</a></p>` : ""}</main>` });
}
