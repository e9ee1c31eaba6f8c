/**
 * Phones type full-width characters (６０％, ＃, －) as easily as ASCII ones. These
 * foldings map one UTF-16 unit to one, so an index into the folded text is an index
 * into the original: parsers match on the folded text and quote the original.
 */

/** Full-width ASCII (！ to ～) and the ideographic space to their ASCII forms. */
export function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Hyphen-like characters people put inside codes and dates: -, －, —, –, ‐, ‑, −, ﹣. */
const DASHES = /[\uFF0D\u2014\u2013\u2010\u2011\u2212\uFE63]/g;

export function foldDashes(s: string): string {
  return s.replace(DASHES, "-");
}
