/**
 * Cutting a text too long for one message into several, for every adapter's formatter.
 * Platforms count a message's length in UTF-16 units (JavaScript's `length`); so does this.
 */

/**
 * The smallest pieces a line may be cut between. By default a line's code points, so an
 * emoji's surrogate pair stays together; a formatter whose text holds escapes (`&amp;`,
 * Slack's zero-width fences) names those as atoms, so that none is cut in two.
 */
export type Atoms = (line: string) => Iterable<string>;

const codePoints: Atoms = (line) => line;

/**
 * `text` as parts of at most `limit` units, cut at line breaks where possible: lines are
 * packed greedily, and the line break a part ends at is the boundary between two parts.
 * A single line longer than the limit is cut between atoms. Nothing else is dropped: the
 * parts hold every character of the text, in order (an empty line can be a part of its
 * own; formatters that cannot send one drop it). Only an atom longer than the limit
 * itself makes a longer part, of that atom alone.
 */
export function splitText(text: string, limit: number, atomsOf: Atoms = codePoints): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current: string | undefined;
  for (const line of text.split("\n")) {
    if (current !== undefined && current.length + 1 + line.length <= limit) {
      current += "\n" + line;
      continue;
    }
    if (current !== undefined) parts.push(current);
    current = line.length <= limit ? line : cutLine(line, limit, atomsOf, parts);
  }
  if (current !== undefined) parts.push(current);
  return parts;
}

/** Pushes the full pieces of an over-long line; returns the last one, which later lines may join. */
function cutLine(line: string, limit: number, atomsOf: Atoms, parts: string[]): string {
  let piece = "";
  for (const atom of atomsOf(line)) {
    if (piece !== "" && piece.length + atom.length > limit) {
      parts.push(piece);
      piece = "";
    }
    piece += atom;
  }
  return piece;
}
