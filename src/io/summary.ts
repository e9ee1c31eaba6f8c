/** An import's outcome as lines for a person: the CLI prints them, the chat command sends them. */
import type { Catalogue } from "../i18n/index";
import type { ImportResult } from "./import";
import { describeNote, describeProblem } from "./problems";

export function describeImport(r: ImportResult, msg: Catalogue, maxProblems = Infinity): string[] {
  const io = msg.io;
  const lines: string[] = [];
  if (r.dryRun) lines.push(io.summary.dryRun);
  const ran = r.written || r.dryRun;
  const total = (c: ImportResult["items"]) => c.created + c.updated + c.unchanged;
  if (ran && total(r.items) > 0) lines.push(io.summary.items(r.items));
  if (ran && total(r.cases) > 0) lines.push(io.summary.cases(r.cases));
  if (ran && r.created.units + r.created.people > 0) lines.push(io.summary.created(r.created));
  if (ran && r.problems.length === 0 && total(r.items) + total(r.cases) === 0) lines.push(io.summary.empty);
  if (r.problems.length > 0) {
    lines.push(io.summary.problems({ n: r.problems.length }));
    const shown = r.problems.slice(0, maxProblems).map((p) => describeProblem(p, io, r.multiSheet));
    lines.push(...shown);
    if (r.problems.length > shown.length) lines.push(msg.common.more(r.problems.length - shown.length));
    if (r.rejected) lines.push(io.summary.rejected({ n: r.rejected.rows }));
    else if (!r.dryRun) lines.push(io.summary.blocked);
  }
  if (r.notes.length > 0) lines.push(io.summary.notes, ...r.notes.map((n) => describeNote(n, io)));
  return lines;
}
