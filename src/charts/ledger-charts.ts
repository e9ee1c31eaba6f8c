/**
 * The ledger's charts as ECharts options: each unit's lights as stacked bars, and the
 * weeks' open, overdue and signed-off counts as lines. The words come from the catalogue.
 */
import type { EChartsOption } from "echarts";
import type { Light } from "../core/types";
import type { Catalogue } from "../i18n/index";
import type { WeekPoint } from "../ledger/trend";

export interface UnitLights {
  name: string;
  lights: Record<Light, number>;
}

export const LIGHT_COLOURS: Record<Light, string> = { red: "#d93025", yellow: "#f2b600", green: "#2e9d4f" };
const LINE_COLOURS = { open: "#3b6fd8", overdue: "#d93025", signedOff: "#2e9d4f" };
const LIGHTS: Light[] = ["red", "yellow", "green"];

/** Units shown by name in a bar chart; the rest are summed into one bar. */
export const MAX_BARS = 15;

/** Most red first (then yellow), the tail summed into "其余 N 个单位". */
export function barsOf(units: UnitLights[], msg: Catalogue, max = MAX_BARS): UnitLights[] {
  const sorted = [...units].sort((a, b) => b.lights.red - a.lights.red || b.lights.yellow - a.lights.yellow || a.name.localeCompare(b.name, "zh-CN"));
  if (sorted.length <= max) return sorted;
  const rest = sorted.slice(max - 1);
  const sum = (l: Light) => rest.reduce((n, u) => n + u.lights[l], 0);
  return [...sorted.slice(0, max - 1), { name: msg.dashboard.chart.otherUnits(rest.length), lights: { red: sum("red"), yellow: sum("yellow"), green: sum("green") } }];
}

/** The height a bar chart of these many units needs. */
export function barsHeight(bars: number): number {
  return 90 + Math.max(bars, 1) * 28;
}

function lightSeries(bars: UnitLights[], msg: Catalogue, axis: { xAxisIndex?: number; yAxisIndex?: number } = {}) {
  return LIGHTS.map((l) => ({
    type: "bar" as const, name: msg.dashboard.chart.light[l], stack: "lights", ...axis,
    itemStyle: { color: LIGHT_COLOURS[l] }, barMaxWidth: 22,
    label: { show: true, position: "inside" as const, color: "#fff", fontSize: 11, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : "") },
    data: bars.map((u) => u.lights[l]),
  }));
}

export function lightsOption(units: UnitLights[], msg: Catalogue): EChartsOption {
  const bars = barsOf(units, msg).reverse();
  return {
    title: { text: msg.dashboard.chart.lightsTitle, left: 8, top: 4, textStyle: { fontSize: 15 } },
    legend: { top: 6, right: 8 },
    grid: { left: 8, right: 24, top: 44, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: bars.map((u) => u.name), axisLabel: { fontSize: 12 } },
    series: lightSeries(bars, msg),
  };
}

function lineSeries(weeks: WeekPoint[], msg: Catalogue, which: (keyof typeof LINE_COLOURS)[], axis: { xAxisIndex?: number; yAxisIndex?: number } = {}) {
  return which.map((k) => ({
    type: "line" as const, name: msg.dashboard.chart[k], ...axis, showSymbol: weeks.length <= 30, symbolSize: 5,
    lineStyle: { width: 2, color: LINE_COLOURS[k] }, itemStyle: { color: LINE_COLOURS[k] },
    data: weeks.map((w) => w[k]),
  }));
}

/** "2026-11-29" → "11-29": the year is in the title's date. */
const weekLabel = (w: WeekPoint) => w.weekEnd.slice(5);

export function trendOption(weeks: WeekPoint[], msg: Catalogue): EChartsOption {
  return {
    title: { text: msg.dashboard.chart.trendTitle, left: 8, top: 4, textStyle: { fontSize: 15 } },
    legend: { top: 30, left: 8 },
    grid: { left: 8, right: 24, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: weeks.map(weekLabel), boundaryGap: false },
    yAxis: { type: "value", minInterval: 1 },
    series: lineSeries(weeks, msg, ["open", "overdue", "signedOff"]),
  };
}

/** The digest's one picture: the units' lights on top, the overdue trend under them. */
export function digestOption(units: UnitLights[], weeks: WeekPoint[], msg: Catalogue, size: { height: number }): EChartsOption {
  const bars = barsOf(units, msg).reverse();
  const trendHeight = 170;
  const barsBottom = trendHeight + 60;
  return {
    title: [
      { text: msg.dashboard.chart.lightsTitle, left: 8, top: 4, textStyle: { fontSize: 15 } },
      { text: msg.dashboard.chart.trendTitle, left: 8, top: size.height - trendHeight - 34, textStyle: { fontSize: 15 } },
    ],
    legend: { top: 6, right: 8 },
    grid: [
      { left: 8, right: 24, top: 40, bottom: barsBottom, containLabel: true },
      { left: 8, right: 24, top: size.height - trendHeight, bottom: 8, containLabel: true },
    ],
    xAxis: [
      { type: "value", minInterval: 1, gridIndex: 0 },
      { type: "category", data: weeks.map(weekLabel), boundaryGap: false, gridIndex: 1 },
    ],
    yAxis: [
      { type: "category", data: bars.map((u) => u.name), gridIndex: 0, axisLabel: { fontSize: 12 } },
      { type: "value", minInterval: 1, gridIndex: 1 },
    ],
    series: [...lightSeries(bars, msg, { xAxisIndex: 0, yAxisIndex: 0 }), ...lineSeries(weeks, msg, ["overdue", "open"], { xAxisIndex: 1, yAxisIndex: 1 })],
  };
}
