/**
 * Item codes as the county's plan writes them: 中央-07-2, 省-15, 风险-危废-003, ZY-07-2.
 * Segments of Han characters or ASCII letters and digits joined by hyphens; at least one
 * hyphen, a digit somewhere, and a first segment that is not all digits (so 2026-06-30
 * is a date, not a code).
 */
import { foldDashes, halfWidth } from "./width";

// A Han segment may end in letters or digits (危废2), but an ASCII segment stops at the
// first Han character, so "#中央-07-2河道清淤" (no space, as people type) ends at "2".
// "——" is one dash: that is what a Chinese keyboard gives for the hyphen key.
const SEGMENT = String.raw`(?:\p{Script=Han}+[A-Za-z0-9]*|[A-Za-z0-9]+)`;
const CODE = String.raw`${SEGMENT}(?:-{1,2}${SEGMENT})+`;
// "#" anywhere, except inside a URL fragment or an HTML entity ("page#sec-2", "&#8211").
const TAGGED = new RegExp(String.raw`(?<![A-Za-z0-9/&])#[ \t]*(${CODE})`, "gu");
const LEADING = new RegExp(String.raw`^\s*(${CODE})(?=\s|:|$)`, "u");
const AFTER_CODE = /^\s*:?\s*/u;

/** Full-width letters and digits to ASCII, every dash variant (or a doubled dash) to "-". */
export function normalizeItemCode(s: string): string {
  return foldDashes(halfWidth(s)).trim().replace(/-{2,}/g, "-");
}

function isCode(code: string): boolean {
  return /\d/.test(code) && !/^\d+$/.test(code.split(/-+/)[0]!);
}

/** The item code a message names (first `#code` or a code opening the text), and the rest. */
export function findItemCode(text: string): { code: string; rest: string } | null {
  const folded = foldDashes(halfWidth(text));
  const leading = LEADING.exec(folded);
  const candidates = [...(leading ? [leading] : []), ...folded.matchAll(TAGGED)];
  for (const m of candidates) {
    const code = normalizeItemCode(m[1]!);
    if (!isCode(code)) continue;
    const end = m.index + m[0].length;
    const skip = AFTER_CODE.exec(folded.slice(end))![0].length;
    const rest = text.slice(0, m.index) + text.slice(end + skip);
    return { code, rest: rest.trim() };
  }
  return null;
}
