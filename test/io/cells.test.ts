import { describe, expect, it } from "vitest";
import { derivedCode, explicitCode, initialStatus, readDate, splitPeople, splitUnits, titleOf } from "../../src/io/cells";
import { locateHeader } from "../../src/io/headers";
import type { Sheet } from "../../src/io/sheet";

const sheet = (rows: (string | null)[][]): Sheet => ({ name: "s", rows: rows.map((cells, i) => ({ number: i + 1, cells, wideMerge: false })) });

describe("deadline cells", () => {
  it("reads an Excel date cell as the day it shows, whatever the time of day in it", () => {
    expect(readDate(new Date("2026-06-30T00:00:00Z"))).toEqual({ kind: "day", day: "2026-06-30" });
    expect(readDate(new Date("2026-06-30T23:30:00Z"))).toEqual({ kind: "day", day: "2026-06-30" });
  });

  it("reads a date serial number, as a date cell formatted as a number shows it", () => {
    expect(readDate(46203)).toEqual({ kind: "day", day: "2026-06-30" });
    expect(readDate(12)).toEqual({ kind: "bad", text: "12" });
  });

  it("reads the words of real ledgers and refuses what has no year", () => {
    expect(readDate("2025年12月底前")).toEqual({ kind: "day", day: "2025-12-31" });
    expect(readDate("2026-06-30")).toEqual({ kind: "day", day: "2026-06-30" });
    expect(readDate("长期坚持")).toEqual({ kind: "long_term" });
    expect(readDate("年底")).toEqual({ kind: "bad", text: "年底" });
    expect(readDate("  ")).toEqual({ kind: "empty" });
  });
});

describe("units and people in a cell", () => {
  it("splits units on the separators people use and drops remarks", () => {
    expect(splitUnits("县住建局（牵头）、县城管局，各乡镇\n县财政局")).toEqual(["县住建局", "县城管局", "各乡镇", "县财政局"]);
  });

  it("takes a phone number out of a responsible person's cell", () => {
    expect(splitPeople("张伟（局长）13912345678、李娜")).toEqual([
      { name: "张伟", phone: "13912345678" },
      { name: "李娜", phone: null },
    ]);
  });
});

describe("item codes", () => {
  it("keeps a code the plan wrote, and makes one from a numeric 序号 with a prefix", () => {
    expect(explicitCode("中央－07－2")).toBe("中央-07-2");
    expect(explicitCode("7-2")).toBeNull();
    expect(derivedCode("中央", 7)).toBe("中央-07");
    expect(derivedCode("中央", "7-2")).toBe("中央-07-2");
    expect(derivedCode("省", "12（3）")).toBe("省-12-3");
    expect(derivedCode("省", "七")).toBeNull();
  });

  it("gives an item a short title from the first sentence of its problem", () => {
    expect(titleOf("县城污水处理厂进水浓度偏低。管网老化。")).toBe("县城污水处理厂进水浓度偏低");
    expect(titleOf("很".repeat(60))).toBe(`${"很".repeat(40)}…`);
  });

  it("starts a new item in the state its 完成情况 says", () => {
    expect(initialStatus("已完成", false)).toBe("signed_off");
    expect(initialStatus("未完成", false)).toBe("not_started");
    expect(initialStatus("未完成", true)).toBe("in_progress");
    expect(initialStatus("序时推进", false)).toBe("in_progress");
    expect(initialStatus("", false)).toBe("not_started");
  });
});

describe("finding the header row", () => {
  it("finds it below a title row and matches spaced, starred and remarked variants", () => {
    const h = locateHeader(sheet([
      ["清河县整改台账", null, null, null],
      ["序 号", "*反馈问题", "牵头单位", "整改时限（完成时间）", "自定义列"],
      ["1", "x", "县住建局", "2026-06-30", ""],
    ]))!;
    expect(h.kind).toBe("items");
    expect(h.headerIndex).toBe(1);
    expect(h.columns).toMatchObject({ seq: 0, problem: 1, unit: 2, deadline: 3 });
    expect(h.unknown).toEqual(["自定义列"]);
    expect(h.missing).toEqual([]);
  });

  it("reads a two-row header where 责任单位 spans 牵头单位 and 配合单位", () => {
    const h = locateHeader(sheet([
      ["序号", "问题", "责任单位", null, "整改时限"],
      ["序号", "问题", "牵头单位", "配合单位", "整改时限"],
    ]))!;
    expect(h.headerIndex).toBe(1);
    expect(h.columns).toMatchObject({ unit: 2, coUnits: 3 });
  });

  it("tells a petition list from a ledger, and names the columns a sheet lacks", () => {
    expect(locateHeader(sheet([["交办编号", "反映问题", "责任单位", "交办时间"]]))!.kind).toBe("cases");
    expect(locateHeader(sheet([["序号", "问题", "责任单位"]]))!.missing).toEqual(["整改时限"]);
    expect(locateHeader(sheet([["姓名", "年龄"], ["张三", "30"]]))).toBeNull();
  });
});
