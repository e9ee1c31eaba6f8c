import { describe, expect, it } from "vitest";
import { inspectZip } from "../../src/io/zip";
import { xlsx } from "./helpers";
import { handBuiltZip, zeros } from "./zips";

describe("checking a zip before it is opened", () => {
  it("passes an ordinary .xlsx", async () => {
    const verdict = inspectZip(await xlsx({ name: "台账", rows: [["序号", "问题"], [1, "x"]] }));
    expect(verdict.ok).toBe(true);
  });

  it("refuses a bomb of zeros by its compression ratio, before inflating it", () => {
    expect(inspectZip(handBuiltZip([{ name: "xl/worksheets/sheet1.xml", data: zeros(64) }]))).toEqual({ ok: false, reason: "ratio" });
  });

  it("refuses a bomb whose headers lie about its size, at the declared size", () => {
    const liar = handBuiltZip([{ name: "xl/worksheets/sheet1.xml", data: zeros(16), claim: 1000 }]);
    expect(inspectZip(liar)).toEqual({ ok: false, reason: "tooLarge" });
  });

  it("refuses many honest parts that add up to too much", () => {
    const parts = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}.bin`, data: Buffer.alloc(1024, i) }));
    expect(inspectZip(handBuiltZip(parts), { maxEntries: 100, maxTotalBytes: 4096, maxRatio: 400 })).toEqual({ ok: false, reason: "tooLarge" });
    expect(inspectZip(handBuiltZip(parts), { maxEntries: 4, maxTotalBytes: 1 << 20, maxRatio: 400 })).toEqual({ ok: false, reason: "tooManyEntries" });
  });

  it("calls a truncated file corrupt", async () => {
    const file = await xlsx({ name: "台账", rows: [["序号"]] });
    expect(inspectZip(file.subarray(0, file.length - 40))).toEqual({ ok: false, reason: "corrupt" });
  });
});
