/** zh-CN messages: digest. */
import type { LookbackRisk } from "../../core/lookback-risk";
import type { PhotoFlag } from "../../core/types";
export const digest = {
  title: (p: { month: number; day: number; weekday: number }) =>
    `📋 督察整改日报 · ${p.month}月${p.day}日 ${["周日", "周一", "周二", "周三", "周四", "周五", "周六"][p.weekday]}`,
  totals: (p: { open: number; lights: string; signedOff: number }) =>
    `在办 ${p.open} 项：${p.lights}；已销号 ${p.signedOff} 项`,
  /** A change since yesterday, shown after a count. */
  change: (n: number) => (n > 0 ? `(+${n})` : `(−${-n})`),
  sep: "｜",
  listSep: "、",
  newlyRed: "🆕",
  red: (p: { count: number; newly: number }) =>
    p.newly > 0 ? `🔴 逾期及红灯 ${p.count} 项（今日新增 ${p.newly} 项）` : `🔴 逾期及红灯 ${p.count} 项`,
  returned: (n: number) => `退回${n}次`,
  dueSoon: (p: { count: number; days: number }) => `⏰ ${p.days}天内到期 ${p.count} 项`,
  stale: (p: { count: number; days: number }) => `💤 久未报送进展 ${p.count} 项（${p.days}天以上，长期坚持类按报送周期）`,
  silent: (n: number) => `${n}天未报送`,
  awaiting: (count: number) => `📝 待销号 ${count} 项`,
  waiting: (n: number) => (n === 0 ? "今日申请" : `已等${n}天`),
  cases: (count: number) => `📨 信访件到期或逾期 ${count} 件`,
  owner: (name: string) => `包案：${name}`,
  afterSignOff: (count: number) => `🚩 销号后又有报送 ${count} 项`,
  afterSignOffReports: (n: number) => `报送 ${n} 条`,
  lookback: {
    failed: (count: number) => `↩️ 回头看不通过、已重新打开 ${count} 项`,
    failedOn: (day: string) => `${day} 回头看不通过`,
    note: (note: string) => `原因：${note}`,
    due: (count: number) => `🔍 回头看待复查 ${count} 项（今日到期及逾期）`,
    signedOff: (day: string) => `${day} 销号`,
    dueToday: "今日到期",
    asked: "已请单位发送现场新照片",
    why: (reasons: string) => `风险：${reasons}`,
    routine: "常规复查",
    risk: {
      deadlineDay: "截止当日销号",
      flaggedEvidence: "佐证照片存疑",
      easyToUndo: "措施易反弹（停产、覆土、遮盖、冲洗、关停）",
      repeatPetition: "群众重复信访",
    } satisfies Record<LookbackRisk, string>,
  },
  flags: (count: number) => `⚠️ 佐证照片存疑 ${count} 张`,
  flag: {
    reused: "与其他报告的照片相同",
    near_copy: "与其他报告的照片近似（裁剪、翻转、旋转或截屏）",
    old: "拍摄时间远早于发送时间",
    before_assigned: "拍摄于任务交办之前",
    far_from_place: "拍摄地点远离整改点",
  } satisfies Record<PhotoFlag, string>,
  flagMatch: (code: string) => `对照 ${code} 的照片`,
  units: "🏢 各单位红黄绿灯（括号内为较昨日变化）",
  yesterday: (p: { reports: number; photos: number }) => `昨日收到进展 ${p.reports} 条、照片 ${p.photos} 张`,
  allClear: "今日没有逾期、临期、久未报送或待销号的事项。",
  more: (p: { count: number; command: string }) => `…另有 ${p.count} 项，发送 ${p.command} 查看`,
  moreUnits: (p: { count: number; command: string }) => `…另有 ${p.count} 个单位，发送 ${p.command} 查看`,
  command: {
    overdue: "/逾期",
    due: "/临期",
    unit: "/单位 <单位名称>",
    case: "/信访 <交办编号>",
    history: "/进展 <编号>",
  },
  notAllowed: "只有督察整改办或管理员可以设置日报。",
  chatNotBound: "本群还没有绑定为领导群或督察整改办群，不能接收日报。请管理员先发送 /设置群 领导 绑定本群。",
  enabled: (time: string) => `已开启每日日报：每天 ${time} 发送到本群。`,
  disabled: "已关闭本群的每日日报。发送 /日报 开 可重新开启。",
};
