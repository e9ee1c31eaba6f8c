/** zh-CN messages: reminders. */
import type { DeadlineBasis } from "../../core/petition";
export const reminders = {
  heading: (n: number) => (n === 1 ? "⏰ 督办提醒" : `⏰ 督办提醒：${n}项需要关注`),
  caseEntry: (p: { caseNo: string; unit: string; basis: string; deadline: string; when: string }) =>
    `信访件 ${p.caseNo}｜${p.unit}｜${p.basis} ${p.deadline}｜${p.when}`,
  itemEntry: (p: { code: string; title: string; unit: string; deadline: string; when: string }) =>
    `${p.code} ${p.title}｜${p.unit}｜整改时限 ${p.deadline}｜${p.when}`,
  basis: {
    batch: "交办时限",
    accept: "受理时限",
    handle: "办理时限",
    extended: "延期办理时限",
  } satisfies Record<DeadlineBasis, string>,
  stale: (days: number) => `已${days}天未报送进展`,
  period: (days: number, periodDays: number) => `每${periodDays}天报送一次，已${days}天未报送`,
  longTermHeading: (p: { month: string }) => `📅 ${p.month} 长期坚持类任务：请报送本月进展`,
  longTermEntry: (p: { code: string; title: string; last: string | null }) =>
    `${p.code} ${p.title}｜最近报送：${p.last ?? "无"}`,
  longTermHint: "直接回复“#编号 进展内容”即可，可附照片。",
};
