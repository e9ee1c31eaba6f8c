/**
 * The demo's petition cases (信访件) in four batches, days counted from today. The
 * petitioners are invented and, as in real use, stored apart and never shown in a chat.
 */
import type { CaseStatus, Finding } from "../core/types";
import { LEADER_NAMES as L, type UnitKey } from "./people";

export interface DemoCase {
  caseNo: string;
  batch: number;
  summary: string;
  place: string;
  pollutionType: string;
  unit: UnitKey;
  owner: string;
  /** Days from today. */
  batchDue: number;
  accepted?: number;
  extendedTo?: { day: number; reason: string };
  status: CaseStatus;
  finding?: Finding;
  actions?: string;
  accountability?: string;
  repeats?: string;
  petitioner: { name: string; contact: string };
}

/** Days ago each batch was assigned. */
export const BATCH_ASSIGNED = [40, 25, 12, 3];

export const CASES: DemoCase[] = [
  {
    caseNo: "D2026-001", batch: 1, summary: "反映青山镇某养殖场粪污直排青山河支流，气味刺鼻。", place: "青山镇石桥村", pollutionType: "水",
    unit: "qingshan", owner: L.secretary, batchDue: -33, accepted: -39, status: "disclosed", finding: "true",
    actions: "责令停养整改，封堵排口，立案处罚2万元。", accountability: "约谈村支书1人。", petitioner: { name: "周桂兰", contact: "13811110001" },
  },
  {
    caseNo: "D2026-002", batch: 1, summary: "反映工业园区石材加工厂粉尘大，晾晒衣物落满灰。", place: "城东工业园区", pollutionType: "大气",
    unit: "industry", owner: L.deputy, batchDue: -33, accepted: -39, status: "handled", finding: "partly_true",
    actions: "责令车间密闭、加装除尘设施，列入整改台账（信访-01）。", petitioner: { name: "吴志强", contact: "13811110002" },
  },
  {
    caseNo: "D2026-003", batch: 1, summary: "反映城区某KTV夜间噪声扰民。", place: "城关镇新华路", pollutionType: "噪声",
    unit: "city", owner: L.deputy, batchDue: -33, accepted: -39, status: "disclosed", finding: "false",
    actions: "夜间三次监测均达标，向信访人当面反馈。", petitioner: { name: "郑海波", contact: "13811110003" },
  },
  {
    caseNo: "D2026-004", batch: 2, summary: "反映白沙河夜间有人非法采砂。", place: "白沙镇河口段", pollutionType: "生态",
    unit: "water", owner: L.county, batchDue: -18, accepted: -24, status: "in_progress", petitioner: { name: "冯秀英", contact: "13811110004" },
  },
  {
    caseNo: "D2026-005", batch: 2, summary: "反映城西沟又出现黑臭，夏天蚊蝇多。", place: "城关镇城西社区", pollutionType: "水",
    unit: "housing", owner: L.deputy, batchDue: 5, accepted: -24, status: "in_progress",
    extendedTo: { day: 5, reason: "生态补水工程需完工后复测。" }, petitioner: { name: "何建国", contact: "13811110005" },
  },
  {
    caseNo: "D2026-006", batch: 2, summary: "反映某砖厂烟囱冒黑烟。", place: "白沙镇新村", pollutionType: "大气",
    unit: "industry", owner: L.deputy, batchDue: -18, accepted: -24, status: "handled", finding: "true",
    actions: "责令停产整改，脱硫除尘设施已改造（省-04）。", accountability: "企业罚款5万元。", petitioner: { name: "陈立新", contact: "13811110006" },
  },
  {
    caseNo: "D2026-007", batch: 3, summary: "反映县城饮用水源地附近有人养鸭。", place: "青山水库", pollutionType: "水",
    unit: "water", owner: L.secretary, batchDue: 1, accepted: -11, status: "in_progress", petitioner: { name: "杨丽华", contact: "13811110007" },
  },
  {
    caseNo: "D2026-008", batch: 3, summary: "反映建筑工地夜间施工，噪声影响休息。", place: "城关镇滨河路", pollutionType: "噪声",
    unit: "housing", owner: L.deputy, batchDue: 2, status: "assigned", petitioner: { name: "黄永明", contact: "13811110008" },
  },
  {
    caseNo: "D2026-009", batch: 3, summary: "反映垃圾中转站臭气熏人。", place: "城关镇北门", pollutionType: "大气",
    unit: "city", owner: L.deputy, batchDue: 0, accepted: -11, status: "in_progress", petitioner: { name: "林小燕", contact: "13811110009" },
  },
  {
    caseNo: "D2026-010", batch: 4, summary: "再次反映青山镇石桥村养殖场粪污直排。", place: "青山镇石桥村", pollutionType: "水",
    unit: "qingshan", owner: L.secretary, batchDue: 4, status: "assigned", repeats: "D2026-001", petitioner: { name: "周桂兰", contact: "13811110001" },
  },
  {
    caseNo: "D2026-011", batch: 4, summary: "反映白沙镇采石场炮声和粉尘扰民。", place: "白沙镇石坝村", pollutionType: "大气",
    unit: "land", owner: L.county, batchDue: 4, status: "assigned", petitioner: { name: "王德胜", contact: "13811110011" },
  },
  {
    caseNo: "D2026-012", batch: 4, summary: "反映村里生活污水直排水沟。", place: "白沙镇新村", pollutionType: "水",
    unit: "agri", owner: L.secretary, batchDue: 4, status: "assigned", petitioner: { name: "孙桂芳", contact: "13811110012" },
  },
];
