/**
 * The digest's picture: each unit's lights as stacked bars and the overdue trend, drawn on
 * the server and stored by content hash, so it goes out as an image on every channel that
 * shows images (and the same picture on one day is one file).
 */
import { digestOption, barsHeight, barsOf } from "../charts/ledger-charts";
import { renderSvg, svgToPng } from "../charts/render";
import type { Catalogue } from "../i18n/index";
import { storeDrawnPng } from "../ledger/evidence";
import { weeklyTrend } from "../ledger/trend";
import type { LedgerReader } from "./compose";
import type { DigestData } from "./types";

/** Weeks drawn in the digest's trend: a quarter, enough to see where it is heading. */
export const DIGEST_TREND_WEEKS = 13;
const WIDTH = 640;

/** The chart as SVG, from the digest's data and the trend of the same scope. */
export async function digestChartSvg(reader: LedgerReader, data: DigestData, msg: Catalogue, p: { now: Date; tz: string; unitIds?: number[] }): Promise<string> {
  const weeks = await weeklyTrend(reader, { ...p, lastWeeks: DIGEST_TREND_WEEKS });
  const units = data.units.map((u) => ({ name: u.name, lights: u.today }));
  const height = barsHeight(barsOf(units, msg).length) + 230;
  return renderSvg(digestOption(units, weeks, msg, { height }), { width: WIDTH, height });
}

/** The chart stored as a PNG under the data directory: its content hash. */
export async function digestChart(reader: LedgerReader, data: DigestData, msg: Catalogue, p: { now: Date; tz: string; dataDir: string }): Promise<string> {
  const svg = await digestChartSvg(reader, data, msg, p);
  return storeDrawnPng(p.dataDir, await svgToPng(svg));
}
