/**
 * What is wrong with an imported file, where (sheet, row, column as written in the
 * file), as data; rendered in the reader's language only when shown.
 */
import type { Catalogue } from "../i18n/index";

type IoMessages = Catalogue["io"];
export type ProblemCode = keyof IoMessages["problem"];
export type NoteCode = keyof IoMessages["note"];

export interface Problem {
  code: ProblemCode;
  sheet?: string;
  row?: number;
  column?: string;
  /** The offending text, another row number, or a list of columns, as the message needs. */
  text?: string;
  n?: number;
}

export interface Note {
  code: NoteCode;
  sheet?: string;
  text: string;
}

export function describeProblem(p: Problem, io: IoMessages, withSheet: boolean): string {
  const where = io.where({ sheet: withSheet ? p.sheet : undefined, row: p.row, column: p.column });
  const what = io.problem[p.code]({ text: p.text ?? "", n: p.n ?? 0 });
  return where ? `${where}: ${what}` : what;
}

export function describeNote(n: Note, io: IoMessages): string {
  return io.note[n.code]({ sheet: n.sheet ?? "", text: n.text });
}
