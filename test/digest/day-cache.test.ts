import { describe, expect, it } from "vitest";
import { dayOf } from "../../src/core/days";
import { dayOfInstantIn } from "../../src/digest/day-cache";

describe("the calendar day of many instants", () => {
  it.each(["Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"])(
    "is the day dayOf gives in %s, across a year with its offset changes",
    (tz) => {
      const fast = dayOfInstantIn(tz);
      const start = Date.parse("2026-01-01T00:00:00Z");
      // Every 19 minutes and 37 seconds for a year: every hour of every day, both sides of each change.
      for (let ms = start; ms < start + 366 * 86_400_000; ms += 1_177_000) {
        const at = new Date(ms);
        if (fast(at) !== dayOf(at, tz)) expect(`${at.toISOString()} → ${fast(at)}`).toBe(`${at.toISOString()} → ${dayOf(at, tz)}`);
      }
    },
  );
});
