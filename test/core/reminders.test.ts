import { describe, expect, it } from "vitest";
import { dayOf } from "../../src/core/days";
import { DEFAULT_THRESHOLDS, type ItemFacts } from "../../src/core/lights";
import { inQuietHours, itemReminder, reminderFor, runSpan } from "../../src/core/reminders";
import { createWorkCalendar } from "../../src/core/workdays";

const TZ = "Asia/Shanghai";
const shanghai = (at: Date) => dayOf(at, TZ);

describe("reminders for a deadline on Friday March 13, 2026", () => {
  const deadline = "2026-03-13";

  it("come 3 days before, 1 day before and on the day", () => {
    expect(reminderFor(deadline, "2026-03-10")).toEqual({ kind: "before", days: 3 });
    expect(reminderFor(deadline, "2026-03-12")).toEqual({ kind: "before", days: 1 });
    expect(reminderFor(deadline, "2026-03-13")).toEqual({ kind: "before", days: 0 });
  });

  it("stay quiet on the days in between", () => {
    expect(reminderFor(deadline, "2026-03-09")).toBeNull();
    expect(reminderFor(deadline, "2026-03-11")).toBeNull();
  });

  it("come every day after it, counting the days overdue", () => {
    expect(reminderFor(deadline, "2026-03-14")).toEqual({ kind: "overdue", days: 1 });
    expect(reminderFor(deadline, "2026-03-20")).toEqual({ kind: "overdue", days: 7 });
  });

  it("follow other offsets when given", () => {
    expect(reminderFor(deadline, "2026-03-06", [7, 1, 0])).toEqual({ kind: "before", days: 7 });
    expect(reminderFor(deadline, "2026-03-10", [7, 1, 0])).toBeNull();
  });
});

describe("a Friday run that speaks for the weekend too", () => {
  it("reminds on Friday of a deadline on Sunday, whose 1-day reminder would fall on Saturday", () => {
    expect(reminderFor("2026-03-15", "2026-03-13", undefined, 3)).toEqual({ kind: "before", days: 2 });
  });

  it("reminds on Friday of a deadline on Tuesday, whose 3-day reminder would fall on Saturday", () => {
    expect(reminderFor("2026-03-17", "2026-03-13", undefined, 3)).toEqual({ kind: "before", days: 4 });
    expect(reminderFor("2026-03-19", "2026-03-13", undefined, 3)).toBeNull();
  });

  it("lasts until the next working day: two days before the make-up Sunday, nine across National Day", () => {
    const calendar = createWorkCalendar();
    expect(runSpan(calendar, "2025-09-26")).toBe(2);
    expect(runSpan(calendar, "2025-09-30")).toBe(9);
    expect(runSpan(calendar, "2026-03-10")).toBe(1);
  });
});

describe("item reminders", () => {
  const item = (over: Partial<ItemFacts> = {}): ItemFacts => ({
    status: "in_progress",
    deadline: "2026-03-31",
    longTerm: false,
    reportPeriodDays: null,
    lastReportAt: new Date("2026-03-20T02:00:00Z"),
    assignedAt: new Date("2026-01-05T02:00:00Z"),
    returnCount: 0,
    ...over,
  });
  const remind = (facts: ItemFacts, today: string) => itemReminder(facts, today, shanghai, DEFAULT_THRESHOLDS);

  it("come 7 days and 1 day before the deadline and on the day", () => {
    expect(remind(item(), "2026-03-24")).toEqual({ kind: "before", days: 7 });
    expect(remind(item(), "2026-03-25")).toBeNull();
    expect(remind(item(), "2026-03-30")).toEqual({ kind: "before", days: 1 });
    expect(remind(item(), "2026-03-31")).toEqual({ kind: "before", days: 0 });
  });

  it("come every day once overdue", () => {
    expect(remind(item(), "2026-04-01")).toEqual({ kind: "overdue", days: 1 });
    expect(remind(item(), "2026-04-02")).toEqual({ kind: "overdue", days: 2 });
  });

  it("nudge a silent item when it turns stale and weekly after", () => {
    const silent = item({ deadline: "2026-12-31", lastReportAt: new Date("2026-03-01T02:00:00Z") });
    expect(remind(silent, "2026-03-14")).toBeNull();
    expect(remind(silent, "2026-03-15")).toEqual({ kind: "stale", days: 14 });
    expect(remind(silent, "2026-03-16")).toBeNull();
    expect(remind(silent, "2026-03-22")).toEqual({ kind: "stale", days: 21 });
  });

  it("never call a long-term item overdue, but nudge it when a report period passes without a report", () => {
    const longTerm = item({ longTerm: true, deadline: null, reportPeriodDays: 30, lastReportAt: new Date("2026-03-01T02:00:00Z") });
    expect(remind(longTerm, "2026-03-30")).toBeNull();
    expect(remind(longTerm, "2026-03-31")).toEqual({ kind: "period", days: 30, periodDays: 30 });
    expect(remind(longTerm, "2026-04-07")).toEqual({ kind: "period", days: 37, periodDays: 30 });
  });

  it("leave items awaiting sign-off and signed-off items alone", () => {
    expect(remind(item({ status: "awaiting_signoff" }), "2026-04-02")).toBeNull();
    expect(remind(item({ status: "signed_off" }), "2026-04-02")).toBeNull();
  });
});

describe("quiet hours 21:00-08:00 in Shanghai", () => {
  const at = (iso: string) => new Date(`${iso}+08:00`);

  it("cover the night and end at eight", () => {
    expect(inQuietHours(at("2026-03-10T21:00:00"), TZ)).toBe(true);
    expect(inQuietHours(at("2026-03-11T03:00:00"), TZ)).toBe(true);
    expect(inQuietHours(at("2026-03-11T07:59:00"), TZ)).toBe(true);
    expect(inQuietHours(at("2026-03-11T08:00:00"), TZ)).toBe(false);
    expect(inQuietHours(at("2026-03-10T20:59:00"), TZ)).toBe(false);
  });

  it("quiet hours within one day, such as a lunch break, work too", () => {
    expect(inQuietHours(at("2026-03-11T12:30:00"), TZ, "12:00-14:00")).toBe(true);
    expect(inQuietHours(at("2026-03-11T14:00:00"), TZ, "12:00-14:00")).toBe(false);
  });

  it("a malformed setting is an error", () => {
    expect(() => inQuietHours(at("2026-03-11T12:30:00"), TZ, "9pm-8am")).toThrow("expected HH:MM-HH:MM");
  });
});
