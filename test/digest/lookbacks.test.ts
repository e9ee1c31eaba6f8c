import { beforeEach, describe, expect, it } from "vitest";
import type { Block } from "../../src/core/chat";
import { plainText } from "../../src/core/chat";
import { DEFAULT_THRESHOLDS } from "../../src/core/lights";
import { composeDigest } from "../../src/digest/compose";
import { renderDigest } from "../../src/digest/render";
import type { Ledger } from "../../src/ledger/db";
import { DB_KINDS, useLedger } from "../support/databases";
import { buildCase, buildItem, buildPerson, buildReport, buildUnit } from "../support/ledger-builders";

const TZ = "Asia/Shanghai";
const at = (local: string) => new Date(`${local}+08:00`);
/** Tuesday morning, digest time. */
const NOW = at("2026-03-10T08:30:00");
const compose = (ledger: Ledger, opts: { unitIds?: number[]; top?: number } = {}) =>
  composeDigest(ledger, { now: NOW, tz: TZ, thresholds: DEFAULT_THRESHOLDS, ...opts });
const headings = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "heading" ? [b.text] : []));
const lists = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "list" ? [b.items] : []));

describe.each(DB_KINDS)("look-backs in the leaders' digest on %s", (kind) => {
  const open = useLedger(kind);
  let ledger: Ledger;
  beforeEach(async () => {
    ledger = await open();
  });

  /** Two units' signed-off items: look-backs due, overdue, answered, not yet due, and failed. */
  async function county() {
    const db = ledger.db;
    const housing = await buildUnit(db, { name: "住建局" });
    const water = await buildUnit(db, { name: "水利局" });
    const zhang = await buildPerson(db, { name: "张三", unitId: housing.id });
    const signedOff = (code: string, unitId: number, fields: Partial<Parameters<typeof buildItem>[1]>) =>
      buildItem(db, { code, leadUnitId: unitId, status: "signed_off", deadline: "2026-03-31", lastReportAt: at("2026-01-20T10:00:00"), ...fields });

    // Closed on its deadline day by shutting the site: the look-back came early, and is due today.
    await signedOff("中央-01", housing.id, {
      deadline: "2026-02-01", signedOffAt: at("2026-02-01T17:00:00"), measures: "责令关停并清理现场", lookbackDue: "2026-03-10",
    });
    // Flagged evidence and petitions again: overdue since 1 March, the unit already asked.
    const petitioned = await signedOff("中央-02", water.id, {
      signedOffAt: at("2026-01-20T10:00:00"), lookbackDue: "2026-03-01", lookbackAskedAt: at("2026-03-01T09:00:00"),
    });
    await buildReport(db, { itemId: petitioned.id, reporterId: zhang.id, at: at("2026-01-19T10:00:00"), photos: [{ flags: "reused", receivedAt: at("2026-01-19T10:00:00") }] });
    await buildCase(db, { caseNo: "X-2026-011", unitId: water.id, assignedOn: "2026-02-10", itemId: petitioned.id, petitioner: { name: "王秘密", contact: "13900000000" } });
    await buildCase(db, { caseNo: "X-2026-012", unitId: water.id, assignedOn: "2026-02-20", itemId: petitioned.id, repeats: "X-2026-011" });
    // Nothing risky: due on the base interval, on 5 March.
    await signedOff("中央-03", housing.id, { signedOffAt: at("2025-12-01T10:00:00"), lookbackDue: "2026-03-05" });
    // Answered (passed) after this closure: nothing to do.
    await signedOff("中央-04", housing.id, {
      signedOffAt: at("2026-01-10T10:00:00"), lookbackDue: "2026-03-02", lookbackAt: at("2026-03-03T10:00:00"), lookbackResult: "pass",
    });
    // Not due yet.
    await signedOff("中央-05", housing.id, { signedOffAt: at("2026-02-20T10:00:00"), lookbackDue: "2026-03-20" });
    // Answered for an earlier closure, signed off again since: this closure's look-back is due.
    await signedOff("中央-06", water.id, {
      signedOffAt: at("2026-02-01T10:00:00"), lookbackDue: "2026-03-08", lookbackAt: at("2025-12-01T10:00:00"), lookbackResult: "pass",
    });
    // Failed yesterday afternoon: reopened.
    await buildItem(db, {
      code: "中央-07", leadUnitId: housing.id, status: "reopened", deadline: "2026-03-31", lookbackDue: "2026-03-09",
      lookbackAt: at("2026-03-09T16:00:00"), lookbackResult: "fail", lookbackNote: "覆土被扒开，黄土裸露",
    });
    // Failed a week ago: in an earlier digest.
    await buildItem(db, {
      code: "中央-08", leadUnitId: water.id, status: "in_progress", deadline: "2026-03-31", lookbackDue: "2026-03-02",
      lookbackAt: at("2026-03-03T10:00:00"), lookbackResult: "fail", lookbackNote: "复查发现仍在生产",
    });
    return { housing, water };
  }

  it("lists the look-backs due and not answered, earliest first, with when each was signed off and why it was picked", async () => {
    await county();
    const message = renderDigest(await compose(ledger), "zh-CN");
    expect(headings(message.blocks)).toContain("🔍 回头看待复查 4 项（今日到期及逾期）");
    expect(lists(message.blocks)).toContainEqual([
      "中央-02｜水利局｜2026-01-20 销号｜逾期9天｜风险：佐证照片存疑、群众重复信访｜已请单位发送现场新照片",
      "中央-03｜住建局｜2025-12-01 销号｜逾期5天｜常规复查",
      "中央-06｜水利局｜2026-02-01 销号｜逾期2天｜常规复查",
      "中央-01｜住建局｜2026-02-01 销号｜今日到期｜风险：截止当日销号、措施易反弹（停产、覆土、遮盖、冲洗、关停）",
    ]);
  });

  it("lists the look-backs that failed since the last digest, which reopened their items, with the reason", async () => {
    await county();
    const digest = await compose(ledger);
    const message = renderDigest(digest, "zh-CN");
    expect(headings(message.blocks)).toContain("↩️ 回头看不通过、已重新打开 1 项");
    // 中央-08 failed a week ago: an earlier digest told of it.
    expect(lists(message.blocks)).toContainEqual(["中央-07｜住建局｜2026-03-09 回头看不通过｜原因：覆土被扒开，黄土裸露"]);
    expect(digest.lookbacks.failed.top.map((e) => e.code)).toEqual(["中央-07"]);
  });

  it("never names a petitioner, even of the petitions that made a look-back risky", async () => {
    await county();
    const text = plainText(renderDigest(await compose(ledger), "zh-CN"));
    expect(text).toContain("群众重复信访");
    expect(text).not.toContain("王秘密");
    expect(text).not.toContain("13900000000");
  });

  it("reads the same in English", async () => {
    await county();
    const text = plainText(renderDigest(await compose(ledger), "en"));
    expect(text).toContain("🔍 Look-backs to check (due today or overdue): 4 items");
    expect(text).toContain("中央-01 | 住建局 | signed off 2026-02-01 | due today | risk: signed off on the deadline day, measures easy to undo");
    expect(text).toContain("↩️ Look-backs failed, items reopened: 1 item");
    expect(text).toContain("中央-07 | 住建局 | look-back failed 2026-03-09 | reason: 覆土被扒开，黄土裸露");
  });

  it("counts every due look-back while showing the first few, and says how to see the rest", async () => {
    await county();
    const digest = await compose(ledger, { top: 2 });
    expect(digest.lookbacks.due.count).toBe(4);
    expect(digest.lookbacks.due.top.map((e) => e.code)).toEqual(["中央-02", "中央-03"]);
    expect(plainText(renderDigest(digest, "zh-CN"))).toContain("…另有 2 项，发送 /进展 <编号> 查看");
  });

  it("shows a unit's leaders only their unit's look-backs", async () => {
    const { water } = await county();
    const digest = await compose(ledger, { unitIds: [water.id] });
    expect(digest.lookbacks.due.top.map((e) => e.code)).toEqual(["中央-02", "中央-06"]);
    expect(digest.lookbacks.failed).toEqual({ count: 0, top: [] });
  });

  it("leaves the section out when no look-back is due or failed", async () => {
    const unit = await buildUnit(ledger.db, { name: "交通局" });
    await buildItem(ledger.db, { code: "中央-09", leadUnitId: unit.id, status: "signed_off", signedOffAt: at("2026-02-20T10:00:00"), lookbackDue: "2026-04-01" });
    const text = plainText(renderDigest(await compose(ledger), "zh-CN"));
    expect(text).not.toContain("回头看");
  });
});
