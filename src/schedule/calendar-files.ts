/**
 * Holiday schedules an admin supplies for years the chinese-days package does not
 * know yet: one JSON file per year in <data dir>/calendar/ (docs/calendar.md). A year
 * supplied in chat (/节假日, kept in the ledger) takes precedence over its file.
 * A broken file stops the start, naming the file and what is wrong with it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkYearSchedule, type YearSchedule } from "../core/workdays";
import { messagesFor } from "../i18n/index";

export class CalendarFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`Holiday schedule ${file}: ${problem}`);
    this.name = "CalendarFileError";
  }
}

export interface YearFile {
  file: string;
  schedule: YearSchedule;
}

export function loadYearSchedules(dataDir: string): YearSchedule[] {
  return loadYearFiles(dataDir).map((f) => f.schedule);
}

export function loadYearFiles(dataDir: string): YearFile[] {
  const dir = join(dataDir, "calendar");
  if (!existsSync(dir)) return [];
  const byYear = new Map<number, string>();
  const files: YearFile[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const file = join(dir, name);
    const schedule = parseFile(file);
    const earlier = byYear.get(schedule.year);
    if (earlier) throw new CalendarFileError(file, `${schedule.year} is already given in ${earlier}`);
    byYear.set(schedule.year, file);
    files.push({ file, schedule });
  }
  return files;
}

/** For reports (/节假日, status): a broken file is something to tell, not a reason to fail. */
export function readYearFiles(dataDir: string): { files: YearFile[] } | { broken: string } {
  try {
    return { files: loadYearFiles(dataDir) };
  } catch (err) {
    if (err instanceof CalendarFileError) return { broken: err.message };
    throw err;
  }
}

function parseFile(file: string): YearSchedule {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new CalendarFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const checked = checkYearSchedule(json);
  if (checked.ok) return checked.schedule;
  // The operator reads this in the start-up log, in English like the rest of it.
  const say = messagesFor("en").calendar.problem;
  throw new CalendarFileError(file, checked.problems.map((p) => `${p.path || "(file)"}: ${say(p)}`).join("; "));
}
