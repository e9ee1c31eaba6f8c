import { describe, expect, it } from "vitest";
import { parseCommand, splitCommand, type ParseResult } from "../../../src/core/commands";

const read = (text: string): ParseResult => {
  const split = splitCommand(text);
  if (!split) throw new Error(`"${text}" is not a command`);
  return parseCommand(split.name, split.args, "2026-12-02");
};

describe("/节假日 as a coordinator types it", () => {
  it("without a year, or with only a year, it asks to see the schedule", () => {
    expect(read("/节假日")).toEqual({ ok: true, command: { name: "holidays", action: "show" } });
    expect(read("/holidays 2027")).toEqual({ ok: true, command: { name: "holidays", action: "show", year: 2027 } });
    expect(read("、节假日安排 2027年")).toEqual({ ok: true, command: { name: "holidays", action: "show", year: 2027 } });
  });

  it("休 and 班 start the days off and the make-up working days; runs are expanded day by day", () => {
    expect(read("/节假日 2027 休 2027-01-01 2027-02-06~2027-02-08 班 2027-02-14")).toEqual({
      ok: true,
      command: {
        name: "holidays", action: "supply", year: 2027,
        off: ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08"], work: ["2027-02-14"],
      },
    });
  });

  it("full-width characters, 至, commas, a word glued to its day and days without a year are read as meant", () => {
    const typed = read("／节假日　２０２７　休２０２７－０１－０１，10月1日 至 10月3日；班：２月２０日、2027年2月21日");
    expect(typed).toEqual({
      ok: true,
      command: {
        name: "holidays", action: "supply", year: 2027,
        off: ["2027-01-01", "2027-10-01", "2027-10-02", "2027-10-03"], work: ["2027-02-20", "2027-02-21"],
      },
    });
  });

  it("English words work as well: off and work", () => {
    expect(read("/holidays 2027 off 2027-05-01~2027-05-03 work 2027-04-25")).toMatchObject({
      ok: true, command: { off: ["2027-05-01", "2027-05-02", "2027-05-03"], work: ["2027-04-25"] },
    });
  });

  it("each mistake is named: no year first, a day before 休 or 班, a bad day, a backwards or overlong run", () => {
    expect(read("/节假日 休 2027-01-01")).toEqual({ ok: false, error: { code: "bad_year", command: "holidays", raw: "休" } });
    expect(read("/节假日 1999")).toMatchObject({ ok: false, error: { code: "bad_year", raw: "1999" } });
    expect(read("/节假日 2027 2027-01-01 休 2027-01-02")).toMatchObject({ ok: false, error: { code: "days_without_kind", raw: "2027-01-01" } });
    expect(read("/节假日 2027 休 2027-02-30")).toMatchObject({ ok: false, error: { code: "bad_date", raw: "2027-02-30" } });
    expect(read("/节假日 2027 休 2027-02-12~2027-02-06")).toMatchObject({ ok: false, error: { code: "bad_range" } });
    expect(read("/节假日 2027 休 2027-01-01~2027-03-01")).toMatchObject({ ok: false, error: { code: "bad_range" } });
    expect(read("/节假日 2027 休 2027-01-01~")).toMatchObject({ ok: false, error: { code: "bad_range" } });
  });
});
