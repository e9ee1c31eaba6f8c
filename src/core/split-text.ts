/**
 * Cutting a text too long for one message into several, for every adapter's formatter.
 * Platforms count a message's length in UTF-16 units (JavaScript's `length`), which is
 * the default here, or in UTF-8 bytes (WeCom: `utf8Bytes`).
 */

/**
 * The smallest pieces a line may be cut between. By default a line's code points, so an
 * emoji's surrogate pair stays together; a formatter whose text holds escapes (`&amp;`,
 * Slack's zero-width fences) names those as atoms, so that none is cut in two.
 */
export type Atoms = (line: string) => Iterable<string>;

/**
 * How a platform measures a text. It must add up: the size of two strings joined is the
 * sum of their sizes (both measures here do), so that parts are measured as they grow.
 */
export type Size = (text: string) => number;

const codePoints: Atoms = (line) => line;
const units: Size = (text) => text.length;

/** UTF-8 bytes, counted without a Buffer so that core stays free of Node. A lone surrogate is 3 bytes, as its replacement character. */
export const utf8Bytes: Size = (text) => {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
};

/**
 * `text` as parts of at most `limit` (by `size`, UTF-16 units unless told), cut at line
 * breaks where possible: lines are packed greedily, and the line break a part ends at is
 * the boundary between two parts. A single line longer than the limit is cut between
 * atoms. Nothing else is dropped: the parts hold every character of the text, in order
 * (an empty line can be a part of its own; formatters that cannot send one drop it). Only
 * an atom longer than the limit itself makes a longer part, of that atom alone.
 */
export function splitText(text: string, limit: number, atomsOf: Atoms = codePoints, size: Size = units): string[] {
  if (size(text) <= limit) return [text];
  const parts: string[] = [];
  const nl = size("\n");
  let current: string | undefined;
  let currentSize = 0;
  for (const line of text.split("\n")) {
    const lineSize = size(line);
    if (current !== undefined && currentSize + nl + lineSize <= limit) {
      current += "\n" + line;
      currentSize += nl + lineSize;
      continue;
    }
    if (current !== undefined) parts.push(current);
    [current, currentSize] = lineSize <= limit ? [line, lineSize] : cutLine(line, limit, atomsOf, size, parts);
  }
  if (current !== undefined) parts.push(current);
  return parts;
}

/** Pushes the full pieces of an over-long line; returns the last one and its size, which later lines may join. */
function cutLine(line: string, limit: number, atomsOf: Atoms, size: Size, parts: string[]): [string, number] {
  let piece = "";
  let pieceSize = 0;
  for (const atom of atomsOf(line)) {
    const atomSize = size(atom);
    if (piece !== "" && pieceSize + atomSize > limit) {
      parts.push(piece);
      piece = "";
      pieceSize = 0;
    }
    piece += atom;
    pieceSize += atomSize;
  }
  return [piece, pieceSize];
}
