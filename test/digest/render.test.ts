import { describe, expect, it } from "vitest";
import { plainText, type Block } from "../../src/core/chat";
import { DEFAULT_THRESHOLDS } from "../../src/core/lights";
import { renderDigest, TOP_ENTRIES } from "../../src/digest/render";
import { noCounts, noLights, type DigestData, type ItemEntry } from "../../src/digest/types";

function entry(code: string, fields: Partial<ItemEntry> = {}): ItemEntry {
  return {
    id: 0, code, unit: "住建局", person: "张三", status: "in_progress", longTerm: false, overdueDays: 0,
    dueInDays: null, silentDays: 1, returnCount: 0, newlyRed: false, waitingDays: null, ...fields,
  };
}

const none = () => ({ count: 0, top: [] });
const all = <T>(top: T[]) => ({ count: top.length, top });

function digest(fields: Partial<DigestData> = {}): DigestData {
  return {
    day: "2026-03-10",
    thresholds: DEFAULT_THRESHOLDS,
    totals: { today: { red: 0, yellow: 0, green: 12 }, yesterday: { red: 0, yellow: 0, green: 12 }, signedOff: 3 },
    units: [],
    red: { count: 0, newly: 0, top: [] },
    dueSoon: none(), stale: none(), awaiting: none(), cases: none(), flags: none(), afterSignOff: none(), chases: none(), instructions: none(),
    lookbacks: { due: none(), failed: none() },
    yesterday: { day: "2026-03-09", reports: 4, photos: 7 },
    chainHead: null,
    ...fields,
  };
}

const headings = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "heading" ? [b.text] : []));
const lists = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "list" ? [b.items] : []));

describe("the digest message", () => {
  it("ends with the day's audit chain head, for the leaders' group to witness", () => {
    const head = { seq: 1234, hash: "3f9a2c1b" };
    expect(plainText(renderDigest(digest({ chainHead: head }), "zh-CN")).split("\n").at(-1)).toBe("审计链 第 1234 条 · 3f9a2c1b");
    expect(plainText(renderDigest(digest({ chainHead: head }), "en")).split("\n").at(-1)).toBe("Audit chain position 1234 · 3f9a2c1b");
  });

  it("lists signed-off items reported on again, with the command that shows their history", () => {
    const message = renderDigest(digest({ afterSignOff: all([{ itemCode: "中央-07-2", unit: "水利局", reports: 2 }]) }), "zh-CN");
    expect(headings(message.blocks)).toContain("🚩 销号后又有报送 1 项");
    expect(lists(message.blocks)).toContainEqual(["中央-07-2｜水利局｜报送 2 条"]);
    expect(plainText(renderDigest(digest({ afterSignOff: all([{ itemCode: "中央-07-2", unit: "Water", reports: 1 }]) }), "en"))).toContain("Reports after sign-off: 1 item");
  });

  it("opens with the day, the totals by light and their change since yesterday", () => {
    const text = plainText(renderDigest(digest({
      totals: { today: { red: 3, yellow: 2, green: 10 }, yesterday: { red: 2, yellow: 4, green: 10 }, signedOff: 5 },
    }), "zh-CN"));
    expect(text.split("\n").slice(0, 2)).toEqual([
      "📋 督察整改日报 · 3月10日 周二",
      "在办 15 项：🔴3(+1) 🟡2(−2) 🟢10；已销号 5 项",
    ]);
  });

  it("shows a long section's first entries and says which command shows the rest", () => {
    const top = Array.from({ length: TOP_ENTRIES }, (_, i) => entry(`中央-${i + 1}`, { overdueDays: 20 - i }));
    const text = plainText(renderDigest(digest({ red: { count: TOP_ENTRIES + 3, newly: 0, top } }), "zh-CN"));
    expect(text).toContain("🔴 逾期及红灯 8 项");
    expect(text).toContain("• 中央-5｜住建局｜张三｜逾期16天");
    expect(text).not.toContain("中央-6｜");
    expect(text).toContain("…另有 3 项，发送 /逾期 查看");
  });

  it("puts the exceptions first, then the units, then yesterday's reports and photos", () => {
    const message = renderDigest(digest({
      red: { count: 1, newly: 1, top: [entry("中央-01", { overdueDays: 4, newlyRed: true })] },
      cases: all([{ caseNo: "X-1", unit: "水利局", ownerLeader: "李县长", deadline: "2026-03-08", basis: "batch" as const, dueInDays: -2 }]),
      dueSoon: all([entry("省-02", { dueInDays: 3 })]),
      stale: all([entry("中央-03", { silentDays: 30 })]),
      awaiting: all([entry("省-01", { status: "awaiting_signoff", waitingDays: 4 })]),
      flags: all([{ photoId: 1, itemCode: "中央-01", unit: "住建局", flags: ["reused", "old"], matchItem: "省-02" }]),
      units: [{ unitId: 1, name: "住建局", today: { red: 1, yellow: 0, green: 2 }, yesterday: { red: 0, yellow: 1, green: 2 }, counts: noCounts() }],
    }), "zh-CN");
    expect(headings(message.blocks).slice(1)).toEqual([
      "🔴 逾期及红灯 1 项（今日新增 1 项）",
      "📨 信访件到期或逾期 1 件",
      "⏰ 7天内到期 1 项",
      "💤 久未报送进展 1 项（14天以上，长期坚持类按报送周期）",
      "📝 待销号 1 项",
      "⚠️ 佐证照片存疑 1 张",
      "🏢 各单位红黄绿灯（括号内为较昨日变化）",
    ]);
    expect(lists(message.blocks)).toEqual([
      ["🆕 中央-01｜住建局｜张三｜逾期4天"],
      ["X-1｜水利局｜包案：李县长｜逾期2天"],
      ["省-02｜住建局｜张三｜3天后到期"],
      ["中央-03｜住建局｜张三｜30天未报送"],
      ["省-01｜住建局｜张三｜已等4天"],
      ["中央-01｜住建局｜与其他报告的照片相同、拍摄时间远早于发送时间｜对照 省-02 的照片"],
      ["住建局 🔴1(+1) 🟡0(−1) 🟢2"],
    ]);
    expect(plainText(message).split("\n").at(-1)).toBe("昨日收到进展 4 条、照片 7 张");
  });

  it("says so on a day with nothing to chase, and leaves out units with nothing to show", () => {
    const message = renderDigest(digest({
      units: [{ unitId: 1, name: "住建局", today: { ...noLights(), green: 12 }, yesterday: { ...noLights(), green: 12 }, counts: noCounts() }],
    }), "zh-CN");
    expect(plainText(message)).toContain("今日没有逾期、临期、久未报送或待销号的事项。");
    expect(plainText(message)).not.toContain("住建局");
  });

  it("marks a red item awaiting sign-off and one returned too often", () => {
    const text = plainText(renderDigest(digest({
      red: { count: 2, newly: 0, top: [entry("省-01", { overdueDays: 2, status: "awaiting_signoff" }), entry("省-09", { returnCount: 2 })] },
    }), "zh-CN"));
    expect(text).toContain("省-01｜住建局｜张三｜逾期2天｜待销号");
    expect(text).toContain("省-09｜住建局｜张三｜退回2次");
  });

  it("reads in English with the English commands", () => {
    const top = Array.from({ length: TOP_ENTRIES }, (_, i) => entry(`P-${i}`, { dueInDays: 1, person: null }));
    const text = plainText(renderDigest(digest({ dueSoon: { count: TOP_ENTRIES + 1, top } }), "en"));
    expect(text).toContain("📋 Rectification digest · Tue 10 Mar");
    expect(text).toContain("12 open items: 🔴0 🟡0 🟢12; 3 signed off");
    expect(text).toContain("• P-0 | 住建局 | due in 1 day");
    expect(text).toContain("…and 1 more: send /due");
    expect(text).toContain("Yesterday: 4 progress reports, 7 photos");
  });
});
