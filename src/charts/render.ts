/**
 * Charts drawn on the server with ECharts' SSR renderer: SVG for the dashboard, PNG (by
 * sharp) for chat platforms that show images. No browser, no canvas, nothing from outside.
 */
import type * as echarts from "echarts";
import { lazily } from "../lazy";
import sharp from "sharp";

const charts = lazily<typeof echarts>("echarts");

/** ECharts keeps a timer per chart until dispose: every chart is disposed once drawn. */
export function renderSvg(option: echarts.EChartsOption, size: { width: number; height: number }): string {
  const chart = charts().init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * The font family every label asks for. librsvg (inside sharp) and the browser both find
 * Noto Sans CJK SC through fontconfig; "sans-serif" is the fallback where it is missing.
 */
export const CHART_FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif";

/**
 * A white-backed PNG of an SVG chart, at twice its size so it stays sharp on a phone.
 * zlib's level 6, not 9: the same pixels, a seventh larger, in a third of the time (the
 * digest's chart: 50 ms against 150 ms, 130 KB against 113 KB).
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).flatten({ background: "#ffffff" }).png({ compressionLevel: 6 }).toBuffer();
}
