/**
 * Chinese column headers as real ledgers write them, and finding the header row of a
 * sheet (below any title rows, possibly two rows deep). Headers match after NFKC,
 * without spaces or a required-mark "*", and again without a bracketed remark, so
 * "整改时限（完成时间）" and "责 任 单 位" are both found.
 */
import type { CellValue, Sheet } from "./sheet";

export const ITEM_FIELDS = {
  seq: ["序号", "序"],
  code: ["编号", "问题编号", "任务编号", "整改编号", "台账编号", "项目编号"],
  source: ["来源", "问题来源", "督察来源", "督察类别"],
  batch: ["批次", "督察批次", "轮次"],
  category: ["类别", "问题类别", "问题类型", "领域", "所属领域", "污染类型"],
  problem: ["问题", "反馈问题", "问题描述", "存在问题", "具体问题", "问题内容", "督察反馈问题", "反馈意见", "主要问题", "风险隐患", "隐患问题"],
  target: ["整改目标", "目标", "整改要求"],
  measures: ["整改措施", "措施", "具体措施", "整改举措", "主要措施"],
  place: ["地点", "问题地点", "整改地点", "位置", "具体位置", "所在位置", "点位", "问题点位"],
  // "经度,纬度" in one cell, or the two in cells of their own; as a Chinese map gives them (GCJ-02).
  coordinates: ["经纬度", "坐标", "经纬度坐标", "地理坐标", "点位坐标", "中心点坐标"],
  longitude: ["经度"],
  latitude: ["纬度"],
  leader: ["责任领导", "牵头领导", "分管领导", "责任县领导", "责任市领导", "县级责任领导"],
  unit: ["责任单位", "牵头单位", "牵头责任单位", "主体责任单位", "责任部门", "牵头部门", "主责单位", "牵头"],
  coUnits: ["配合单位", "协办单位", "配合部门", "协助单位", "配合"],
  person: ["责任人", "具体责任人", "经办人"],
  deadline: ["整改时限", "完成时限", "时限", "整改期限", "完成时间", "整改完成时限", "计划完成时间"],
  progressNote: ["进展情况", "整改进展", "工作进展", "进展", "推进情况", "整改进展情况", "目前进展"],
  completionNote: ["完成情况", "整改情况", "完成状态", "整改状态", "是否完成", "整改完成情况"],
} as const;

export const CASE_FIELDS = {
  seq: ["序号"],
  caseNo: ["交办编号", "信访编号", "受理编号", "案件编号", "编号"],
  batch: ["批次", "交办批次"],
  assignedOn: ["交办时间", "交办日期", "转办时间", "受理时间"],
  summary: ["反映问题", "信访内容", "反映内容", "投诉内容", "举报内容", "问题描述", "主要问题"],
  place: ["所在地", "所在地区", "行政区域", "所属地区", "所在区域", "地址", "问题地址"],
  pollutionType: ["污染类型", "污染类别", "问题类型"],
  unit: ["责任单位", "办理单位", "承办单位"],
  ownerLeader: ["包案领导", "责任领导"],
  due: ["办理时限", "办结时限"],
  status: ["办理状态", "状态", "是否办结"],
  finding: ["是否属实", "调查核实情况", "核实情况", "属实情况"],
  actions: ["处理和整改情况", "处理整改情况", "整改情况", "办理情况", "处理情况"],
  accountability: ["问责情况", "责任追究情况"],
  disclosed: ["是否公开", "公开情况"],
  repeats: ["重复件", "重复信访", "重复交办编号"],
  // The ledger item the case is about (what /关联 sets): the item sheet's own "问题编号" among them.
  item: ["关联问题编号", "整改问题编号", "问题编号", "关联编号"],
  petitionerName: ["信访人", "举报人", "投诉人", "信访人姓名"],
  petitionerContact: ["联系方式", "联系电话", "信访人电话"],
} as const;

export const UNIT_FIELDS = {
  name: ["单位名称", "单位", "名称"],
  aliases: ["简称", "别名", "别称", "又称"],
  parent: ["上级单位", "主管单位"],
} as const;

/** Columns that duban itself writes (on export, in a rejected-rows file); read back, they are ignored. */
export const DERIVED_HEADERS = [
  "当前状态", "当前时限", "进度", "销号时间", "验收人", "回头看", "最近报告时间", "最近报告", "照片数", "红绿灯", "备注", "错误", "Problems",
];

interface KindSpec {
  fields: Record<string, readonly string[]>;
  /** The sheet is of this kind only when one of these is present. */
  distinctive: string[];
  /** Each inner list: one of these columns must be present. */
  required: string[][];
}

export const KINDS = {
  items: { fields: ITEM_FIELDS, distinctive: ["problem", "measures"], required: [["problem"], ["unit"], ["deadline"], ["code", "seq"]] },
  cases: { fields: CASE_FIELDS, distinctive: ["caseNo", "summary"], required: [["caseNo"], ["summary"], ["unit"], ["assignedOn"]] },
  units: { fields: UNIT_FIELDS, distinctive: ["name"], required: [["name"]] },
} satisfies Record<string, KindSpec>;

export type SheetKind = keyof typeof KINDS;

export interface HeaderMap {
  kind: SheetKind;
  /** Index into sheet.rows of the (lower) header row; data follows it. */
  headerIndex: number;
  /** Field → 0-based column. */
  columns: Record<string, number>;
  /** Field → the header as written, for messages. */
  names: Record<string, string>;
  /** Headers not understood (ignored). */
  unknown: string[];
  /** Required columns that are missing (as the first variant's name). */
  missing: string[];
}

const SCAN_ROWS = 12;

export function normaliseHeader(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").replace(/^[*※]+|[*※:：]+$/g, "");
}

function withoutRemark(h: string): string {
  return h.replace(/\(.*?\)$/, "");
}

function fieldOf(fields: Record<string, readonly string[]>, text: string): string | undefined {
  const h = normaliseHeader(text);
  for (const candidate of [h, withoutRemark(h)]) {
    for (const [field, variants] of Object.entries(fields)) if (variants.includes(candidate)) return field;
  }
  return undefined;
}

function headerText(v: CellValue): string {
  return typeof v === "string" ? v.trim() : "";
}

/** The kind and header of a sheet, or null when no row looks like a ledger header. */
export function locateHeader(sheet: Sheet): HeaderMap | null {
  let best: { kind: SheetKind; index: number; score: number } | null = null;
  const scan = Math.min(SCAN_ROWS, sheet.rows.length);
  for (let i = 0; i < scan; i++) {
    for (const kind of Object.keys(KINDS) as SheetKind[]) {
      const spec: KindSpec = KINDS[kind];
      const found = new Set(sheet.rows[i].cells.map((c) => fieldOf(spec.fields, headerText(c))).filter(Boolean));
      if (!spec.distinctive.some((f) => found.has(f)) || found.size < 2) continue;
      // Ties go to the lower row: in a two-row header it is the more specific one.
      if (!best || found.size >= best.score) best = { kind, index: i, score: found.size };
    }
  }
  return best ? mapHeader(sheet, best.kind, best.index) : null;
}

function mapHeader(sheet: Sheet, kind: SheetKind, index: number): HeaderMap {
  const spec: KindSpec = KINDS[kind];
  const lower = sheet.rows[index].cells;
  const upper = index > 0 ? sheet.rows[index - 1].cells : [];
  const columns: Record<string, number> = {};
  const names: Record<string, string> = {};
  const unknown: string[] = [];
  const width = Math.max(lower.length, upper.length);
  for (let c = 0; c < width; c++) {
    // A two-row header: "责任单位" above "牵头单位 | 配合单位", or the same text merged down.
    const texts = [headerText(lower[c]), headerText(upper[c])].filter((t) => t !== "");
    const hit = texts.map((t) => ({ t, f: fieldOf(spec.fields, t) })).find((x) => x.f !== undefined);
    if (hit?.f !== undefined) {
      if (!(hit.f in columns)) {
        columns[hit.f] = c;
        names[hit.f] = hit.t;
      }
    } else if (texts[0] && !DERIVED_HEADERS.includes(withoutRemark(normaliseHeader(texts[0])))) unknown.push(texts[0]);
  }
  const missing = spec.required.filter((any) => !any.some((f) => f in columns)).map((any) => spec.fields[any[0]][0]);
  return { kind, headerIndex: index, columns, names, unknown, missing };
}
