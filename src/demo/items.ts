/**
 * The demo ledger's items: every state an item can be in, with days counted from today so
 * that the demo always looks alive (overdue, due this week, stale, awaiting sign-off…).
 */
import type { Category, ItemSource } from "../core/types";
import { LEADER_NAMES as L, type PersonKey, type UnitKey } from "./people";

export interface DemoReport {
  daysAgo: number;
  text: string;
  percent?: number;
  photos?: number;
  by?: PersonKey;
}

export interface DemoItem {
  code: string;
  source: ItemSource;
  batch: string;
  category: Category;
  title: string;
  problem: string;
  measures: string;
  lead: UnitKey;
  coop?: UnitKey[];
  leader: string;
  /** A bound person, or only a name as the county's plan writes it. */
  person: PersonKey | { name: string };
  /** Days from today; null is long-term (长期坚持). */
  due: number | null;
  assignedDaysAgo: number;
  reports?: DemoReport[];
  applied?: number;
  returns?: { count: number; reason: string };
  signedOff?: { daysAgo: number; lookbackIn: number };
  reopened?: { daysAgo: number; note: string };
  extension?: { originalDue: number; daysAgo: number; reason: string };
  /** An evidence flag on the last report's first photo. */
  flag?: "reused" | "old";
}

const C = "第二轮中央生态环境保护督察反馈";
const P = "2025年省生态环境保护督察反馈";
const R = "2026年生态环境风险隐患排查";
const S = "县级自查";

export const ITEMS: DemoItem[] = [
  {
    code: "中央-01", source: "central", batch: C, category: "water", title: "县城污水处理厂提标改造",
    problem: "县城污水处理厂出水总氮、总磷不能稳定达到一级A标准。", measures: "新增深度处理单元，更换曝气设备，完善在线监测。",
    lead: "housing", coop: ["eco"], leader: L.deputy, person: "housing", due: 45, assignedDaysAgo: 120,
    reports: [
      { daysAgo: 60, text: "完成设计方案评审，进入招标。", percent: 20 },
      { daysAgo: 25, text: "深度处理单元土建完成，设备进场。", percent: 55, photos: 2 },
      { daysAgo: 4, text: "设备安装调试中，在线监测已联网。", percent: 70, photos: 1 },
    ],
  },
  {
    code: "中央-02", source: "central", batch: C, category: "water", title: "城西沟黑臭水体整治",
    problem: "城西沟沿线存在生活污水直排，水体黑臭反弹。", measures: "截污纳管、清淤疏浚、生态补水，建立长效管护机制。",
    lead: "housing", coop: ["water", "city"], leader: L.deputy, person: "housing", due: -12, assignedDaysAgo: 150,
    reports: [
      { daysAgo: 70, text: "截污管网完成1.2公里。", percent: 40, photos: 1 },
      { daysAgo: 30, text: "清淤完成，生态补水工程施工中。", percent: 70, photos: 2 },
    ],
  },
  {
    code: "中央-03", source: "central", batch: C, category: "water", title: "青山河河道清淤及岸线整治",
    problem: "青山河城区段淤积严重，岸线堆放建筑垃圾。", measures: "分段清淤，清运岸线垃圾，恢复植被。",
    lead: "water", coop: ["qingshan", "city"], leader: L.deputy, person: "official", due: 20, assignedDaysAgo: 90,
    reports: [
      { daysAgo: 40, text: "完成第一段（城东桥至水文站）清淤。", percent: 20, photos: 2 },
      { daysAgo: 12, text: "第二段清淤完成，岸线垃圾清运300吨。", percent: 40, photos: 2 },
      { daysAgo: 1, text: "第三段开始清淤，已完成六成。", percent: 55, photos: 2 },
    ],
  },
  {
    code: "中央-04", source: "central", batch: C, category: "drinking_water", title: "饮用水水源地一级保护区违建清理",
    problem: "县城饮用水水源地一级保护区内存在3处违章建筑。", measures: "依法拆除违建，设置隔离设施和警示标志。",
    lead: "water", coop: ["land", "qingshan"], leader: L.secretary, person: "official", due: 5, assignedDaysAgo: 100,
    reports: [
      { daysAgo: 35, text: "2处违建已拆除。", percent: 60, photos: 2 },
      { daysAgo: 6, text: "第3处违建已签订拆除协议，隔离网安装完成80%。", percent: 80, photos: 1 },
    ],
  },
  {
    code: "中央-05", source: "central", batch: C, category: "water", title: "工业园区污水管网雨污分流",
    problem: "工业园区部分企业雨污混接，雨天污水溢流。", measures: "排查混接点，实施雨污分流改造。",
    lead: "industry", coop: ["housing"], leader: L.deputy, person: "industry", due: 3, assignedDaysAgo: 60,
  },
  {
    code: "中央-06", source: "central", batch: C, category: "waste", title: "生活垃圾填埋场渗滤液处理",
    problem: "填埋场渗滤液处理能力不足，调节池高水位运行。", measures: "新建渗滤液应急处理设施，清理调节池存量。",
    lead: "city", coop: ["eco"], leader: L.deputy, person: "city", due: 10, assignedDaysAgo: 110,
    reports: [
      { daysAgo: 50, text: "应急处理设施建成投运。", percent: 60, photos: 1 },
      { daysAgo: 3, text: "调节池存量已处理完毕，出水达标，申请销号。", percent: 100, photos: 3 },
    ],
    applied: 2,
  },
  {
    code: "中央-07-1", source: "central", batch: C, category: "hydropower", title: "小水电站生态流量泄放设施改造",
    problem: "12座小水电站未按要求泄放生态流量。", measures: "加装生态流量泄放设施和在线监控。",
    lead: "water", leader: L.deputy, person: "official", due: 15, assignedDaysAgo: 130,
    reports: [
      { daysAgo: 45, text: "8座电站完成泄放设施改造。", percent: 65, photos: 2 },
      { daysAgo: 2, text: "12座电站全部完成改造，在线监控已接入平台，申请销号。", percent: 100, photos: 3 },
    ],
    applied: 1,
  },
  {
    code: "中央-07-2", source: "central", batch: C, category: "hydropower", title: "白沙段小水电站清理整改",
    problem: "白沙段5座小水电站手续不全、影响河道连通。", measures: "分类实施退出、整改，恢复河道连通。",
    lead: "water", coop: ["baisha"], leader: L.deputy, person: "waterHead", due: -30, assignedDaysAgo: 200,
    reports: [
      { daysAgo: 90, text: "2座电站完成退出拆除。", percent: 50, photos: 2 },
      { daysAgo: 50, text: "其余3座完成整改验收。", percent: 100, photos: 2 },
    ],
    applied: 48, signedOff: { daysAgo: 40, lookbackIn: 50 },
  },
  {
    code: "中央-08", source: "central", batch: C, category: "soil", title: "畜禽养殖禁养区关闭搬迁",
    problem: "禁养区内仍有7家养殖场未关闭搬迁。", measures: "依法关闭或搬迁，粪污设施拆除并复绿。",
    lead: "agri", coop: ["qingshan", "baisha"], leader: L.secretary, person: "agri", due: 8, assignedDaysAgo: 140,
    reports: [
      { daysAgo: 60, text: "5家已关闭。", percent: 70, photos: 1 },
      { daysAgo: 9, text: "7家全部关闭，复绿完成。", percent: 100, photos: 2 },
    ],
    returns: { count: 2, reason: "复绿照片与上次提交相同，且缺少粪污设施拆除的佐证。" },
  },
  {
    code: "中央-09", source: "central", batch: C, category: "nature_reserve", title: "非法采砂点生态修复",
    problem: "青山河上游4处非法采砂点未完成生态修复。", measures: "回填砂坑，恢复河床和岸坡植被。",
    lead: "land", coop: ["water"], leader: L.county, person: "land", due: -3, assignedDaysAgo: 80,
  },
  {
    code: "中央-10", source: "central", batch: C, category: "air", title: "建筑工地扬尘治理",
    problem: "城区建筑工地扬尘防治“六个百分百”落实不到位。", measures: "每月巡查，落实围挡、覆盖、冲洗、湿法作业。",
    lead: "housing", coop: ["city"], leader: L.deputy, person: "housing", due: null, assignedDaysAgo: 160,
    reports: [
      { daysAgo: 40, text: "10月巡查工地23个，整改问题15处。", photos: 1 },
      { daysAgo: 10, text: "11月巡查工地21个，整改问题9处。", photos: 2 },
    ],
  },
  {
    code: "中央-11", source: "central", batch: C, category: "nature_reserve", title: "自然保护区核心区违建拆除",
    problem: "县级自然保护区核心区内存在农家乐违建。", measures: "拆除违建，恢复植被。",
    lead: "land", leader: L.county, person: "land", due: -130, assignedDaysAgo: 260,
    reports: [{ daysAgo: 140, text: "违建全部拆除，植被恢复完成。", percent: 100, photos: 2 }],
    applied: 135, signedOff: { daysAgo: 120, lookbackIn: -2 },
  },
  {
    code: "中央-12", source: "central", batch: C, category: "air", title: "秸秆露天焚烧管控",
    problem: "秋收期间秸秆露天焚烧时有发生。", measures: "网格化巡查，推广秸秆综合利用。",
    lead: "agri", coop: ["qingshan", "baisha"], leader: L.secretary, person: "agri", due: null, assignedDaysAgo: 200,
    reports: [{ daysAgo: 45, text: "9月开展巡查，发现并制止焚烧2起。", photos: 1 }],
  },
  {
    code: "省-01", source: "provincial", batch: P, category: "water", title: "乡镇污水处理站正常运行",
    problem: "青山镇污水处理站长期低负荷运行。", measures: "完善配套管网，落实运维经费。",
    lead: "qingshan", coop: ["housing"], leader: L.deputy, person: "qingshan", due: 30, assignedDaysAgo: 90,
    reports: [{ daysAgo: 20, text: "配套管网完成招标。", percent: 30 }],
  },
  {
    code: "省-02", source: "provincial", batch: P, category: "water", title: "农村黑臭水体排查整治",
    problem: "全县农村黑臭水体底数不清。", measures: "全面排查建立清单，按年度计划整治。",
    lead: "agri", coop: ["eco"], leader: L.secretary, person: "agri", due: 60, assignedDaysAgo: 30,
  },
  {
    code: "省-03", source: "provincial", batch: P, category: "waste", title: "医疗废物规范化处置",
    problem: "部分乡镇卫生院医疗废物暂存不规范。", measures: "规范暂存间建设，落实转运联单。",
    lead: "health", leader: L.county, person: { name: "何晓梅" }, due: 25, assignedDaysAgo: 70,
  },
  {
    code: "省-04", source: "provincial", batch: P, category: "air", title: "砖瓦窑企业脱硫除尘改造",
    problem: "3家砖瓦窑企业废气治理设施简易。", measures: "实施脱硫除尘改造，安装在线监测。",
    lead: "industry", coop: ["eco"], leader: L.deputy, person: "industry", due: 18, assignedDaysAgo: 100,
    reports: [
      { daysAgo: 30, text: "2家完成改造。", percent: 70, photos: 1 },
      { daysAgo: 8, text: "3家全部完成改造。", percent: 100, photos: 2 },
    ],
    returns: { count: 1, reason: "缺少第三方监测报告。" },
  },
  {
    code: "省-05", source: "provincial", batch: P, category: "air", title: "城区餐饮油烟治理",
    problem: "城区餐饮服务单位油烟净化设施安装率低。", measures: "督促安装油烟净化设施并定期清洗。",
    lead: "city", leader: L.deputy, person: "city", due: 10, assignedDaysAgo: 90,
    reports: [{ daysAgo: 15, text: "已安装126家，占比60%。", percent: 60, photos: 1 }],
    extension: { originalDue: -20, daysAgo: 22, reason: "部分商户装修停业，需待复业后安装。" },
  },
  {
    code: "省-06", source: "provincial", batch: P, category: "nature_reserve", title: "河道采砂规范管理",
    problem: "河道采砂许可管理不规范。", measures: "编制采砂规划，规范许可和现场监管。",
    lead: "water", leader: L.deputy, person: "official", due: -10, assignedDaysAgo: 120,
    reports: [{ daysAgo: 20, text: "采砂规划已批复，现场监管制度建立。", percent: 100, photos: 2 }],
    applied: 18, signedOff: { daysAgo: 15, lookbackIn: 80 },
  },
  {
    code: "省-07", source: "provincial", batch: P, category: "waste", title: "青山镇集镇生活垃圾转运",
    problem: "集镇垃圾转运不及时，存在垃圾堆放点。", measures: "增配转运车辆，建立日产日清制度。",
    lead: "qingshan", coop: ["city"], leader: L.deputy, person: "qingshan", due: -2, assignedDaysAgo: 80,
    reports: [
      { daysAgo: 25, text: "新增转运车2辆。", percent: 60, photos: 1 },
      { daysAgo: 5, text: "堆放点全部清理，日产日清制度落实，申请销号。", percent: 100, photos: 2 },
    ],
    applied: 4, flag: "reused",
  },
  {
    code: "省-08", source: "provincial", batch: P, category: "nature_reserve", title: "矿山地质环境恢复治理",
    problem: "5处废弃矿山未完成恢复治理。", measures: "削坡整形、覆土复绿。",
    lead: "land", leader: L.county, person: "land", due: 15, assignedDaysAgo: 220,
    reports: [{ daysAgo: 150, text: "5处矿山复绿完成。", percent: 100, photos: 2 }],
    applied: 148, signedOff: { daysAgo: 140, lookbackIn: -10 }, reopened: { daysAgo: 6, note: "回头看发现2处复绿植被大面积枯死，需补植。" },
  },
  {
    code: "省-09", source: "provincial", batch: P, category: "noise", title: "城区夜间施工噪声扰民",
    problem: "群众反映城区工地夜间施工噪声扰民。", measures: "严格夜间施工审批，加强巡查执法。",
    lead: "housing", coop: ["city"], leader: L.deputy, person: "housing", due: 12, assignedDaysAgo: 20,
  },
  {
    code: "风险-危废-001", source: "risk", batch: R, category: "waste", title: "危险废物贮存库规范化",
    problem: "2家企业危废贮存库防渗、标识不规范。", measures: "按标准改造贮存库，完善标识和台账。",
    lead: "industry", coop: ["eco"], leader: L.deputy, person: "industry", due: 2, assignedDaysAgo: 45,
    reports: [{ daysAgo: 7, text: "1家完成改造，另1家施工中。", percent: 90, photos: 2 }],
  },
  {
    code: "风险-危废-002", source: "risk", batch: R, category: "waste", title: "废矿物油收集台账管理",
    problem: "汽修行业废矿物油去向不清。", measures: "每月核查汽修企业废矿物油台账和转移联单。",
    lead: "industry", leader: L.deputy, person: "industry", due: null, assignedDaysAgo: 100,
    reports: [{ daysAgo: 12, text: "11月核查汽修企业32家，规范台账5家。" }],
  },
  {
    code: "风险-饮用水-001", source: "risk", batch: R, category: "drinking_water", title: "水源地隔离防护网建设",
    problem: "乡镇水源地缺少隔离防护设施。", measures: "建设隔离防护网和警示标志。",
    lead: "water", coop: ["qingshan", "baisha"], leader: L.secretary, person: "official", due: 8, assignedDaysAgo: 50,
    reports: [{ daysAgo: 10, text: "青山镇水源地防护网完成。", percent: 30, photos: 1 }],
  },
  {
    code: "风险-园区-001", source: "risk", batch: R, category: "soil", title: "工业园区固废堆场防渗",
    problem: "园区一般固废临时堆场未做防渗。", measures: "建设防渗堆场，清运存量固废。",
    lead: "industry", leader: L.deputy, person: "industry", due: -7, assignedDaysAgo: 60,
    reports: [{ daysAgo: 16, text: "防渗层施工完成45%。", percent: 45, photos: 1 }],
  },
  {
    code: "风险-重金属-001", source: "risk", batch: R, category: "soil", title: "涉重企业废水在线监测",
    problem: "1家电镀企业未安装重金属在线监测。", measures: "安装在线监测设备并联网。",
    lead: "industry", coop: ["eco"], leader: L.deputy, person: "industry", due: 6, assignedDaysAgo: 40,
    reports: [{ daysAgo: 3, text: "在线监测设备已安装联网，申请销号。", percent: 100, photos: 2 }],
    applied: 3, flag: "old",
  },
  {
    code: "风险-污水垃圾-001", source: "risk", batch: R, category: "waste", title: "垃圾填埋场封场覆土",
    problem: "老填埋场未按规范封场。", measures: "实施封场覆土和绿化。",
    lead: "city", leader: L.deputy, person: "city", due: -100, assignedDaysAgo: 200,
    reports: [{ daysAgo: 100, text: "封场覆土绿化完成。", percent: 100, photos: 2 }],
    applied: 98, signedOff: { daysAgo: 95, lookbackIn: 3 },
  },
  {
    code: "风险-尾矿库-001", source: "risk", batch: R, category: "soil", title: "尾矿库闭库治理",
    problem: "白沙镇1座停用尾矿库未闭库。", measures: "编制闭库设计，实施闭库治理。",
    lead: "land", coop: ["baisha"], leader: L.county, person: "land", due: 90, assignedDaysAgo: 40,
    reports: [{ daysAgo: 5, text: "闭库设计已通过评审。", percent: 20 }],
  },
  {
    code: "风险-保护区-001", source: "risk", batch: R, category: "nature_reserve", title: "保护区内采石场关停复绿",
    problem: "保护区实验区内1处采石场仍在开采。", measures: "依法关停，实施复绿。",
    lead: "land", leader: L.county, person: "land", due: 40, assignedDaysAgo: 10,
  },
  {
    code: "自查-01", source: "self", batch: S, category: "water", title: "白沙镇河道垃圾清理",
    problem: "白沙河沿线存在漂浮物和岸边垃圾。", measures: "组织集中清理，落实河长巡河。",
    lead: "baisha", leader: L.secretary, person: "baisha", due: 10, assignedDaysAgo: 30,
    reports: [
      { daysAgo: 14, text: "集中清理垃圾12吨。", percent: 50, photos: 2 },
      { daysAgo: 1, text: "完成下游段清理，河长巡河制度落实。", percent: 80, photos: 2 },
    ],
  },
  {
    code: "自查-02", source: "self", batch: S, category: "waste", title: "城区建筑垃圾乱倒整治",
    problem: "城郊结合部存在建筑垃圾乱倒。", measures: "清运存量，设置监控，查处乱倒行为。",
    lead: "city", leader: L.deputy, person: "city", due: -1, assignedDaysAgo: 25,
  },
  {
    code: "自查-03", source: "self", batch: S, category: "water", title: "青山镇养殖场粪污直排整治",
    problem: "群众反映养殖场粪污直排青山河支流。", measures: "封堵排口，建设粪污处理设施。",
    lead: "qingshan", coop: ["agri", "eco"], leader: L.secretary, person: "qingshan", due: 0, assignedDaysAgo: 35,
    reports: [{ daysAgo: 2, text: "排口已封堵，粪污处理设施调试中。", percent: 85, photos: 2 }],
  },
  {
    code: "信访-01", source: "petition", batch: "第1批信访件转办", category: "air", title: "石材加工厂粉尘扰民整治",
    problem: "信访件反映石材加工厂粉尘扰民（D2026-002）。", measures: "加装除尘设施，车间密闭。",
    lead: "industry", coop: ["eco"], leader: L.deputy, person: "industry", due: 6, assignedDaysAgo: 35,
    reports: [{ daysAgo: 9, text: "车间密闭改造完成。", percent: 60, photos: 1 }],
  },
];
