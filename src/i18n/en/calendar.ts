/** English messages: the holiday calendar. Keys and parameters must match ../zh-CN/calendar.ts. */
import type { ScheduleProblem } from "../../core/workdays";
import type { calendar as zh } from "../zh-CN/calendar";

// These read as the file errors did before the catalogue existed: operators grep for them.
const problem = (p: ScheduleProblem): string => {
  switch (p.code) {
    case "not_a_date":
      return `expected a date as YYYY-MM-DD, not "${p.raw}"`;
    case "outside_year":
      return `${p.day} is not in ${p.year}`;
    case "not_weekend":
      return `${p.day} is not a Saturday or Sunday, so it cannot be a make-up working day`;
    case "listed_twice":
      return `${p.day} is also listed as a holiday`;
    case "no_holidays":
      return "a year always has public holidays; an empty list would mean plain weekdays";
    case "bad_year":
      return "the year must be a four-digit year from 2000 to 2100";
    case "malformed":
      return `not a holiday schedule (${p.path || "the whole file"}): expected {"year": 2027, "holidays": [...], "workdays": [...]}`;
  }
};

export const calendar: typeof zh = {
  problem,
  howTo: (p) => [
    `In the coordinators' group or a direct chat send: /holidays ${p.year} off <days off…> work <make-up working days…>, e.g. /holidays ${p.year} off ${p.year}-01-01~${p.year}-01-03 ${p.year}-02-06~${p.year}-02-12 work ${p.year}-02-14 (the example only shows the format: copy the dates from the State Council's notice on the ${p.year} holidays)`,
    "off = the days off (a run as first~last), work = the Saturdays and Sundays that are worked",
    `Or send a JSON file with /holidays as its caption: {"year": ${p.year}, "holidays": ["${p.year}-01-01", …], "workdays": ["${p.year}-02-14", …]}`,
  ],
  heading: (p) => `📅 Holidays in ${p.year}`,
  source: {
    package: "Source: the chinese-days package",
    file: (p) => `Source: the data directory's file ${p.file}`,
    ledger: (p) => `Source: supplied in chat by ${p.by} on ${p.at}`,
  },
  counts: (p) => `${p.runs} holiday period${p.runs === 1 ? "" : "s"} (${p.offWeekdays} weekday${p.offWeekdays === 1 ? "" : "s"} off), ${p.workdays} make-up working day${p.workdays === 1 ? "" : "s"}`,
  holidays: (p) => `Off: ${p.days}`,
  workdays: (p) => `Make-up working days: ${p.days}`,
  daySep: ", ",
  filesBroken: (p) => `A holiday file in the data directory is broken and not counted: ${p.detail}`,
  noWorkdays: "Make-up working days: none",
  fileShadowed: (p) => `The data directory's ${p.file} is no longer used: the schedule supplied in chat takes precedence (it is newer and audited).`,
  someone: "the rectification office",
  missing: (p) => `⚠️ The ${p.year} holiday schedule has not been supplied yet.`,
  supplied: (p) => `✅ The ${p.year} holiday schedule is in, effective at once in every bot process.`,
  replaced: (p) => `✅ The ${p.year} holiday schedule is updated (the previous one is kept in the audit log), effective at once in every bot process.`,
  unchanged: (p) => `The ${p.year} holiday schedule is exactly as already supplied; nothing changed.`,
  invalid: (p) => `The ${p.year} holiday schedule has mistakes and was not saved:`,
  invalidFile: (p) => `The holiday schedule in "${p.name}" has mistakes and was not saved:`,
  file: {
    download_failed: "The holiday schedule file could not be received (download failed); please send it again.",
    too_large: "That file is too large for a holiday schedule. Send a JSON file with only year, holidays and workdays.",
    not_json: (p) => `"${p.name}" is not valid JSON; nothing was saved.`,
    year_mismatch: (p) => `The caption says ${p.typed} but the file is for ${p.inFile}; nothing was saved. Please check and send it again.`,
    both: "Either type the days in the command or send a file (with just /holidays as its caption), not both; nothing was saved.",
  },
  warning: {
    heading: (p) => `⚠️ The ${p.year} holiday schedule is missing`,
    nextYear: (p) =>
      `From ${p.year}-01-01 (in ${p.days} day${p.days === 1 ? "" : "s"}) reminders will go out Monday to Friday, holidays included, and deadlines counted in working days cannot be computed.`,
    thisYear: () => "This year's reminders are going out Monday to Friday, holidays included, and deadlines counted in working days cannot be computed.",
  },
  reminderMissing: (p) => `Note: the ${p.year} holiday schedule is missing, so reminders go out Monday to Friday. Coordinators: supply it with /holidays ${p.year}.`,
  status: {
    known: (p) => `${p.year} known (${p.source})`,
    missing: (p) => `${p.year} missing`,
    line: (p) => `Holiday schedules: ${p.years}`,
    sep: "; ",
    sources: { package: "chinese-days package", file: "data directory file", ledger: "supplied in chat" },
    needed: (p) => `Supply the ${p.year} holiday schedule soon:`,
  },
};
