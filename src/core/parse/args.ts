/** How a command's arguments are read one by one, shared by every command's parser. */
import { normalizeItemCode } from "./item-code";

// Arguments are separated by spaces or by the punctuation people put between them
// ("中央-07-2：已完成", "2024-015，属实，…"). Free text after them is kept as written.
const SEPARATOR = /[\s,，;；:：]+/u;

/** The next argument and the text after it. */
export function next(s: string, separator: RegExp = SEPARATOR): [string, string] {
  const m = separator.exec(s);
  if (!m) return [s, ""];
  return [s.slice(0, m.index), s.slice(m.index + m[0].length)];
}

/** An item code or case number: "#" dropped, full-width and dash variants folded. */
export function nextCode(s: string): [string, string] {
  const [token, rest] = next(s);
  return [normalizeItemCode(token.replace(/^[#＃]/, "")), rest];
}

/** Every argument of a list ("水利局 住建局", "水利局、住建局"). */
export function allOf(s: string): string[] {
  return s.split(/[\s,，;；、]+/u).filter(Boolean);
}
