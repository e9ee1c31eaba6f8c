import { describe, expect, it } from "vitest";
import { lookbackDueDay, lookbackRisks, soonerLookbackDue } from "../../src/core/lookback-risk";

const calm = { today: "2026-11-25", deadline: "2026-12-31", flaggedPhotos: 0, measures: "清理河道淤泥，建设截污管网" } as const;

describe("when a signed-off item is looked back at", () => {
  it("a closure with no risk waits the whole base interval", () => {
    expect(lookbackRisks(calm)).toEqual([]);
    expect(lookbackDueDay(calm, 180)).toBe("2027-05-24");
  });

  it("signed off on the deadline day, or with measures easy to undo, comes twice as soon", () => {
    expect(lookbackDueDay({ ...calm, deadline: "2026-11-25" }, 180)).toBe("2027-02-23");
    expect(lookbackRisks({ ...calm, measures: "对裸露地块覆土并遮盖" })).toEqual(["easyToUndo"]);
    expect(lookbackDueDay({ ...calm, measures: "责令企业停产整治" }, 180)).toBe("2027-02-23");
  });

  it("flagged evidence weighs most, and every risk together comes first, but never sooner than two weeks", () => {
    expect(lookbackDueDay({ ...calm, flaggedPhotos: 1 }, 180)).toBe("2027-01-24");
    const all = { ...calm, deadline: "2026-11-25", flaggedPhotos: 2, measures: "关停并冲洗" };
    expect(lookbackRisks(all)).toEqual(["deadlineDay", "flaggedEvidence", "easyToUndo"]);
    expect(lookbackDueDay(all, 180)).toBe("2026-12-31");
    expect(lookbackDueDay(all, 30)).toBe("2026-12-09");
  });
});

describe("a repeat petition about a signed-off item", () => {
  it("weighs as much as flagged evidence", () => {
    expect(lookbackRisks({ ...calm, repeatPetitions: 1 })).toEqual(["repeatPetition"]);
    expect(lookbackDueDay({ ...calm, repeatPetitions: 1 }, 180)).toBe("2027-01-24");
  });

  it("brings a look-back forward, never back", () => {
    expect(soonerLookbackDue("2027-05-24", { ...calm, repeatPetitions: 1 }, 180)).toBe("2027-01-24");
    expect(soonerLookbackDue("2026-12-20", { ...calm, repeatPetitions: 1 }, 180)).toBeNull();
    expect(soonerLookbackDue(null, { ...calm, repeatPetitions: 1 }, 180)).toBe("2027-01-24");
  });
});
