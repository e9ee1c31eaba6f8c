/**
 * Unit names as people write them: 住建局, 市住建局 and 住房和城乡建设局 are one unit.
 * Aliases are stored normalised, so matching is a lookup, not a fuzzy search.
 */

/** Full-width to half-width, no spaces or punctuation, lower-case ASCII. */
export function normaliseName(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\s·・,，.。、()（）【】\[\]"“”'‘’]/g, "")
    .toLowerCase();
}

/** County-level prefixes that people drop: 市住建局 → 住建局. */
const LEVEL_PREFIX = /^(市|县|区|全市|全县)(?=.{2,})/;

/** The forms of a unit name to store as aliases (and to look up). */
export function aliasKeys(name: string): string[] {
  const n = normaliseName(name);
  const bare = n.replace(LEVEL_PREFIX, "");
  return [...new Set([n, bare])].filter((k) => k.length > 0);
}
