/** A query typed as plain text, without the command's slash. */
import { looksLikeCode } from "../find";
import { halfWidth } from "./width";

const BARE_QUERY = /^(查询|搜索)(?:[\s:：]+(\S.*)|(\S.*))$/u;

/**
 * "查询 中央-04" typed without the slash: a query, not a report. One short line only, and
 * "查询中央-04" only when a code follows, so a report that opens with 查询 stays a report.
 */
export function bareQuery(text: string): { name: string; args: string } | null {
  const t = halfWidth(text).trim();
  if (t.includes("\n") || [...t].length > 40) return null;
  const m = BARE_QUERY.exec(t);
  if (!m) return null;
  const args = (m[2] ?? m[3] ?? "").trim();
  if (m[3] !== undefined && !looksLikeCode(args)) return null;
  return { name: m[1]!, args };
}
