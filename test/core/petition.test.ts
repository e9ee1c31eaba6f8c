import { describe, expect, it } from "vitest";
import { caseDeadline, checkCaseExtension, type CaseFacts } from "../../src/core/petition";
import { createWorkCalendar } from "../../src/core/workdays";

const assigned: CaseFacts = { assignedOn: "2026-03-02", status: "assigned" };

describe("a petition case's effective deadline", () => {
  it("before acceptance it is 15 calendar days after assignment", () => {
    expect(caseDeadline(assigned)).toEqual({ day: "2026-03-17", basis: "accept" });
  });

  it("a batch deadline earlier than that wins", () => {
    expect(caseDeadline({ ...assigned, batchDue: "2026-03-07" })).toEqual({ day: "2026-03-07", basis: "batch" });
  });

  it("a batch deadline later than the statutory one does not", () => {
    expect(caseDeadline({ ...assigned, batchDue: "2026-04-30" })).toEqual({ day: "2026-03-17", basis: "accept" });
  });

  it("after acceptance it is 60 calendar days after acceptance", () => {
    const accepted = { ...assigned, acceptedOn: "2026-03-05", status: "in_progress" };
    expect(caseDeadline(accepted)).toEqual({ day: "2026-05-04", basis: "handle" });
  });

  it("after an extension it is the extended day", () => {
    const extended = { ...assigned, acceptedOn: "2026-03-05", extendedTo: "2026-06-01", status: "in_progress" };
    expect(caseDeadline(extended)).toEqual({ day: "2026-06-01", basis: "extended" });
  });

  it("the batch deadline still applies to an accepted case when it is earlier", () => {
    const accepted = { ...assigned, acceptedOn: "2026-03-05", batchDue: "2026-03-20", status: "in_progress" };
    expect(caseDeadline(accepted)).toEqual({ day: "2026-03-20", basis: "batch" });
  });

  it("handled and disclosed cases have no open deadline", () => {
    expect(caseDeadline({ ...assigned, acceptedOn: "2026-03-05", status: "handled" })).toBeNull();
    expect(caseDeadline({ ...assigned, acceptedOn: "2026-03-05", status: "disclosed" })).toBeNull();
  });
});

describe("extending a petition case", () => {
  const accepted: CaseFacts = { ...assigned, acceptedOn: "2026-03-05", status: "in_progress" };
  const today = "2026-04-20";

  it("may move the handling deadline by up to 30 days", () => {
    expect(checkCaseExtension(accepted, "2026-06-03", today)).toEqual({ ok: true });
    expect(checkCaseExtension(accepted, "2026-05-05", today)).toEqual({ ok: true });
  });

  it("by more than 30 days is too long", () => {
    expect(checkCaseExtension(accepted, "2026-06-04", today)).toEqual({ ok: false, reason: "too_long" });
  });

  it("to a day not after the current deadline, or already past, is refused", () => {
    expect(checkCaseExtension(accepted, "2026-05-04", today)).toEqual({ ok: false, reason: "not_later" });
    expect(checkCaseExtension(accepted, "2026-05-20", "2026-05-25")).toEqual({ ok: false, reason: "not_later" });
  });

  it("happens only once", () => {
    expect(checkCaseExtension({ ...accepted, extendedTo: "2026-05-20" }, "2026-05-30", today)).toEqual({
      ok: false,
      reason: "already_extended",
    });
  });

  it("is refused for a handled case", () => {
    expect(checkCaseExtension({ ...accepted, status: "handled" }, "2026-05-20", today)).toEqual({ ok: false, reason: "handled" });
  });

  it("before acceptance is measured from assignment, the earliest the handling period can end", () => {
    expect(checkCaseExtension(assigned, "2026-05-31", "2026-03-03")).toEqual({ ok: true });
    expect(checkCaseExtension(assigned, "2026-06-01", "2026-03-03")).toEqual({ ok: false, reason: "too_long" });
  });
});

describe("statutory deadlines never ask the holiday calendar", () => {
  it("a case assigned at the end of 2026 has its 2027 deadlines in calendar days, though 2027 has no holiday data", () => {
    expect(createWorkCalendar().covers(2027)).toBe(false);
    const christmas: CaseFacts = { assignedOn: "2026-12-25", status: "assigned" };
    expect(caseDeadline(christmas)).toEqual({ day: "2027-01-09", basis: "accept" });
    expect(caseDeadline({ ...christmas, acceptedOn: "2026-12-31", status: "in_progress" })).toEqual({ day: "2027-03-01", basis: "handle" });
    expect(checkCaseExtension({ ...christmas, acceptedOn: "2026-12-31", status: "in_progress" }, "2027-03-31", "2027-01-04")).toEqual({ ok: true });
  });
});

