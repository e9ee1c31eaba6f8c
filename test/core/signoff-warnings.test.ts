import { describe, expect, it } from "vitest";
import { signOffWarnings, type SignOffFacts } from "../../src/core/history";

const now = new Date("2026-11-25T02:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const clean: SignOffFacts = {
  progress: 100, lastPhotoAt: daysAgo(2), flaggedPhotos: 0, deadline: "2026-12-31", appliedOn: "2026-11-24", reportsAfterApplication: 0,
};
const kinds = (f: Partial<SignOffFacts>) => signOffWarnings({ ...clean, ...f }, now, 14).map((w) => w.kind);

describe("what a coordinator is warned about before signing off", () => {
  it("nothing, when the work is reported done with a fresh photo and nothing odd", () => {
    expect(kinds({})).toEqual([]);
  });

  it("progress under 100 %, or never reported", () => {
    expect(signOffWarnings({ ...clean, progress: 30 }, now, 14)).toEqual([{ kind: "progress", progress: 30 }]);
    expect(kinds({ progress: null })).toEqual(["progress"]);
  });

  it("no photo within the configured days, or none at all", () => {
    expect(kinds({ lastPhotoAt: daysAgo(15) })).toEqual(["no_recent_photo"]);
    expect(kinds({ lastPhotoAt: daysAgo(13) })).toEqual([]);
    expect(kinds({ lastPhotoAt: null })).toEqual(["no_recent_photo"]);
    expect(signOffWarnings({ ...clean, lastPhotoAt: daysAgo(5) }, now, 3)).toEqual([{ kind: "no_recent_photo", days: 3 }]);
  });

  it("flagged evidence, an application on the deadline day, and reports after the application", () => {
    expect(kinds({ flaggedPhotos: 2, appliedOn: "2026-12-31", reportsAfterApplication: 1 })).toEqual([
      "flagged", "applied_on_deadline", "report_after_application",
    ]);
  });
});
