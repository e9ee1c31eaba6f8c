/**
 * Finding what people half-remember: a code typed loosely (中央04, 中央-4, 中央—04) and the
 * nearest real codes to one that does not exist. Pure: the ledger supplies the codes.
 */
import { normalizeItemCode } from "./parse/item-code";

/**
 * One key for every way a code is typed: "#" dropped, dashes folded, segments of Han,
 * letters or digits, digits without leading zeros. 中央04, 中央-4 and 中央—04 share "中央-4".
 */
export function codeKey(raw: string): string {
  const n = normalizeItemCode(raw.trim().replace(/^[#＃]/, "")).toLowerCase();
  const parts = n.match(/\p{Script=Han}+|[a-z]+|\d+/gu) ?? [];
  return parts.map((p) => (/^\d+$/.test(p) ? p.replace(/^0+(?=\d)/, "") : p)).join("-");
}

/** A single token with a digit and a letter or Han character reads as a code, not a keyword. */
export function looksLikeCode(raw: string): boolean {
  const t = raw.trim().replace(/^[#＃]/, "");
  return t.length > 0 && !/\s/.test(t) && /[\d０-９]/.test(t) && /[\p{Script=Han}A-Za-z]/u.test(t);
}

/** Levenshtein distance over code points (a Han character is one edit, not three bytes). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

export const MAX_SUGGESTIONS = 3;

/**
 * The codes someone typing `raw` most likely meant: those that are the same code written
 * another way; failing that, the nearest by edit distance, within a third of its length
 * (at least one edit), closest first.
 */
export function suggestCodes(raw: string, codes: readonly string[], max = MAX_SUGGESTIONS): string[] {
  const key = codeKey(raw);
  if (!key) return [];
  const keyed = codes.map((code) => ({ code, key: codeKey(code) }));
  const same = keyed.filter((c) => c.key === key).map((c) => c.code);
  if (same.length) return same.sort().slice(0, max);
  const limit = Math.max(1, Math.floor([...key].length / 3));
  return keyed
    .map((c) => ({ code: c.code, d: editDistance(key, c.key) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || a.code.localeCompare(b.code))
    .slice(0, max)
    .map((c) => c.code);
}
