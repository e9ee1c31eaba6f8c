import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CalendarYearMissing, checkYearSchedule, createWorkCalendar, describeYear, packageSchedule, sendingCalendar, yearsToSupply, YearSchedule,
} from "../../src/core/workdays";
import { loadYearSchedules } from "../../src/schedule/calendar-files";

const calendar = createWorkCalendar();

describe("working days around the 2025 National Day holiday", () => {
  it("October 1 to 8 are days off", () => {
    for (let d = 1; d <= 8; d++) expect(calendar.isWorkday(`2025-10-0${d}`)).toBe(false);
    expect(calendar.isWorkday("2025-10-09")).toBe(true);
  });

  it("Sunday September 28 and Saturday October 11 are make-up working days", () => {
    expect(calendar.isWorkday("2025-09-28")).toBe(true);
    expect(calendar.isWorkday("2025-10-11")).toBe(true);
    expect(calendar.isWorkday("2025-10-12")).toBe(false);
  });

  it("one working day after Friday September 26 is the make-up Sunday", () => {
    expect(calendar.addWorkdays("2025-09-26", 1)).toBe("2025-09-28");
  });

  it("one working day after September 30 is October 9, and two more reach the make-up Saturday", () => {
    expect(calendar.addWorkdays("2025-09-30", 1)).toBe("2025-10-09");
    expect(calendar.addWorkdays("2025-10-09", 2)).toBe("2025-10-11");
    expect(calendar.addWorkdays("2025-10-09", -1)).toBe("2025-09-30");
  });

  it("counts the working days between two days, the first one excluded", () => {
    expect(calendar.workdaysBetween("2025-09-30", "2025-10-11")).toBe(3);
    expect(calendar.workdaysBetween("2025-10-11", "2025-09-30")).toBe(-3);
    expect(calendar.workdaysBetween("2025-10-01", "2025-10-08")).toBe(0);
  });
});

describe("working days around the Spring Festival", () => {
  it("2025: January 28 to February 4 off, Sunday January 26 and Saturday February 8 worked", () => {
    expect(calendar.isWorkday("2025-01-26")).toBe(true);
    expect(calendar.isWorkday("2025-01-28")).toBe(false);
    expect(calendar.isWorkday("2025-02-04")).toBe(false);
    expect(calendar.isWorkday("2025-02-05")).toBe(true);
    expect(calendar.isWorkday("2025-02-08")).toBe(true);
  });

  it("2026: a chase of 2 working days from Friday February 13 ends on February 24", () => {
    expect(calendar.addWorkdays("2026-02-13", 1)).toBe("2026-02-14");
    expect(calendar.addWorkdays("2026-02-13", 2)).toBe("2026-02-24");
  });
});

describe("a year without data", () => {
  it("2027 is not covered, and asking about it is an error that tells the admin what to supply", () => {
    expect(calendar.covers(2026)).toBe(true);
    expect(calendar.covers(2027)).toBe(false);
    expect(calendar.covers(2003)).toBe(false);
    let error: unknown;
    try {
      calendar.isWorkday("2027-03-01");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CalendarYearMissing);
    expect((error as CalendarYearMissing).year).toBe(2027);
    expect((error as Error).message).toContain("calendar/2027.json");
    expect((error as Error).message).toContain("docs/calendar.md");
  });

  it("counting across New Year into 2027 is an error, not a weekday guess", () => {
    expect(() => calendar.addWorkdays("2026-12-31", 1)).toThrow(CalendarYearMissing);
  });
});

describe("holiday schedules supplied as files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "duban-calendar-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeSchedule(name: string, content: unknown): string {
    mkdirSync(join(dir, "calendar"), { recursive: true });
    const file = join(dir, "calendar", name);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  }

  // An example shaped like a State Council notice, not the real 2027 schedule.
  const example2027 = {
    year: 2027,
    holidays: ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"],
    workdays: ["2027-02-20"],
  };

  it("a supplied 2027 file makes 2027 countable", () => {
    writeSchedule("2027.json", example2027);
    const withFile = createWorkCalendar(loadYearSchedules(dir));
    expect(withFile.covers(2027)).toBe(true);
    expect(withFile.isWorkday("2027-02-08")).toBe(false);
    expect(withFile.isWorkday("2027-02-20")).toBe(true);
    expect(withFile.isWorkday("2027-02-21")).toBe(false);
    expect(withFile.addWorkdays("2026-12-31", 1)).toBe("2027-01-04");
    expect(withFile.addWorkdays("2027-02-05", 1)).toBe("2027-02-15");
  });

  it("a supplied year replaces the package's data for that year", () => {
    const replaced = createWorkCalendar([YearSchedule.parse({ year: 2026, holidays: ["2026-03-02"], workdays: [] })]);
    expect(replaced.isWorkday("2026-03-02")).toBe(false);
    expect(replaced.isWorkday("2026-10-08")).toBe(true);
  });

  it("no calendar directory means no supplied years", () => {
    expect(loadYearSchedules(dir)).toEqual([]);
  });

  it("a bad date is refused, naming the file and the entry", () => {
    const file = writeSchedule("2027.json", { ...example2027, holidays: ["2027-02-30"] });
    expect(() => loadYearSchedules(dir)).toThrow(`${file}: holidays.0: expected a date as YYYY-MM-DD`);
  });

  it("a make-up working day on a weekday is refused", () => {
    writeSchedule("2027.json", { ...example2027, workdays: ["2027-02-22"] });
    expect(() => loadYearSchedules(dir)).toThrow("workdays.0: 2027-02-22 is not a Saturday or Sunday");
  });

  it("a day from another year, an empty holiday list and broken JSON are refused", () => {
    writeSchedule("2027.json", { ...example2027, holidays: ["2026-10-01"] });
    expect(() => loadYearSchedules(dir)).toThrow("holidays.0: 2026-10-01 is not in 2027");
    writeSchedule("2027.json", { ...example2027, holidays: [] });
    expect(() => loadYearSchedules(dir)).toThrow("holidays: a year always has public holidays");
    const file = writeSchedule("2027.json", "{ year: 2027");
    expect(() => loadYearSchedules(dir)).toThrow(`${file}: not valid JSON`);
  });

  it("the same year in two files is refused", () => {
    writeSchedule("a-2027.json", example2027);
    const second = writeSchedule("b-2027.json", example2027);
    expect(() => loadYearSchedules(dir)).toThrow(`${second}: 2027 is already given in`);
  });
});

describe("which calendar wins, and what the scheduler may guess", () => {
  const fromFile = YearSchedule.parse({ year: 2027, holidays: ["2027-01-01", "2027-02-08"], workdays: [] });
  const inChat = YearSchedule.parse({ year: 2027, holidays: ["2027-01-01"], workdays: ["2027-02-20"] });

  it("a year supplied in chat is laid over the data directory's file for that year, which is laid over the package", () => {
    const calendar = createWorkCalendar([inChat], createWorkCalendar([fromFile]));
    expect(calendar.isWorkday("2027-02-08")).toBe(true);
    expect(calendar.isWorkday("2027-02-20")).toBe(true);
    expect(calendar.isWorkday("2026-10-01")).toBe(false);
    expect(calendar.covers(2027)).toBe(true);
    expect(calendar.covers(2028)).toBe(false);
  });

  it("for sending, a year without data counts Monday to Friday, while the real calendar still refuses to count it", () => {
    const sending = sendingCalendar(calendar);
    expect(sending.isWorkday("2027-01-01")).toBe(true);
    expect(sending.isWorkday("2027-01-02")).toBe(false);
    expect(sending.addWorkdays("2026-12-31", 1)).toBe("2027-01-01");
    expect(sending.isWorkday("2026-10-01")).toBe(false);
    expect(() => calendar.isWorkday("2027-01-01")).toThrow(CalendarYearMissing);
  });

  it("next year is needed from 1 December, this year always", () => {
    expect(yearsToSupply(calendar, "2026-11-30")).toEqual([]);
    expect(yearsToSupply(calendar, "2026-12-01")).toEqual([2027]);
    expect(yearsToSupply(calendar, "2027-01-04")).toEqual([2027]);
    expect(yearsToSupply(createWorkCalendar([inChat]), "2026-12-01")).toEqual([]);
  });

  it("a year reads as its notice: runs of days off with a weekday in them, and the make-up working days", () => {
    expect(describeYear(calendar, 2025)).toMatchObject({
      holidayRuns: [["2025-01-01", "2025-01-01"], ["2025-01-28", "2025-02-04"], ["2025-04-04", "2025-04-06"], ["2025-05-01", "2025-05-05"], ["2025-05-31", "2025-06-02"], ["2025-10-01", "2025-10-08"]],
      workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    });
    expect(packageSchedule(2027)).toBeNull();
    expect(packageSchedule(2025)?.workdays).toEqual(["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]);
  });

  it("checking a schedule names each problem by kind, sorts the days and lists each once", () => {
    expect(checkYearSchedule({ year: 2027, holidays: ["2027-02-08", "2027-01-01", "2027-02-08"], workdays: [] })).toEqual({
      ok: true, schedule: { year: 2027, holidays: ["2027-01-01", "2027-02-08"], workdays: [] },
    });
    const checked = checkYearSchedule({ year: 2027, holidays: ["2027-13-01", "2028-01-01"], workdays: ["2027-02-22", "2027-02-20"] });
    expect(checked.ok ? [] : checked.problems.map((p) => p.code)).toEqual(["not_a_date", "outside_year", "not_weekend"]);
    const twice = checkYearSchedule({ year: 2027, holidays: ["2027-02-20"], workdays: ["2027-02-20"] });
    expect(twice.ok ? [] : twice.problems).toEqual([{ path: "workdays.0", code: "listed_twice", day: "2027-02-20" }]);
    const shapeless = checkYearSchedule({ holidays: "2027-01-01" });
    expect(shapeless.ok ? [] : shapeless.problems.map((p) => p.code)).toEqual(["malformed", "malformed", "malformed"]);
  });
});
