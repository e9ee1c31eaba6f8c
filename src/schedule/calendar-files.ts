/**
 * Holiday schedules an admin supplies for years the chinese-days package does not
 * know yet: one JSON file per year in <data dir>/calendar/ (docs/calendar.md).
 * A broken file stops the start, naming the file and what is wrong with it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { YearSchedule } from "../core/workdays";

export class CalendarFileError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`Holiday schedule ${file}: ${problem}`);
    this.name = "CalendarFileError";
  }
}

export function loadYearSchedules(dataDir: string): YearSchedule[] {
  const dir = join(dataDir, "calendar");
  if (!existsSync(dir)) return [];
  const byYear = new Map<number, string>();
  const schedules: YearSchedule[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const file = join(dir, name);
    const schedule = parseFile(file);
    const earlier = byYear.get(schedule.year);
    if (earlier) throw new CalendarFileError(file, `${schedule.year} is already given in ${earlier}`);
    byYear.set(schedule.year, file);
    schedules.push(schedule);
  }
  return schedules;
}

function parseFile(file: string): YearSchedule {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new CalendarFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const parsed = YearSchedule.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new CalendarFileError(file, problems.join("; "));
  }
  return parsed.data;
}
