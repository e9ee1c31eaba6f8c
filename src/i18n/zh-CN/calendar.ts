/** zh-CN messages: the holiday calendar — /节假日, the coordinators' warning, a year without data. */
import type { ScheduleProblem } from "../../core/workdays";

type Year = { year: number };

const problem = (p: ScheduleProblem): string => {
  switch (p.code) {
    case "not_a_date":
      return `“${p.raw}”不是有效日期，请写成 2027-01-01`;
    case "outside_year":
      return `${p.day} 不在 ${p.year} 年内`;
    case "not_weekend":
      return `${p.day} 不是周六或周日，不能作为调休上班日`;
    case "listed_twice":
      return `${p.day} 既写在“休”里又写在“班”里`;
    case "no_holidays":
      return "没有放假的日子：每年都有法定节假日，请在“休”后面写上放假日期";
    case "bad_year":
      return "年份不对，应为 2000 到 2100 之间的四位数";
    case "malformed":
      return `格式不对（${p.path || "整个文件"}），应为 {"year": 2027, "holidays": [...], "workdays": [...]}`;
  }
};

export const calendar = {
  problem,
  /** How to supply a year: said by /节假日, the coordinators' warning and the CLI status alike. */
  howTo: (p: Year) => [
    `在督察办群或私聊中发送：/节假日 ${p.year} 休 <放假日期…> 班 <调休上班日期…>，例如 /节假日 ${p.year} 休 ${p.year}-01-01~${p.year}-01-03 ${p.year}-02-06至${p.year}-02-12 班 ${p.year}-02-14（例子只示意格式，日期请照抄国务院办公厅关于${p.year}年部分节假日安排的通知）`,
    "休 = 放假的日子（连休可写成 开始~结束 或 开始至结束），班 = 调休上班的周六、周日",
    `也可以把 JSON 文件作为文件发送，说明写 /节假日，文件内容：{"year": ${p.year}, "holidays": ["${p.year}-01-01", …], "workdays": ["${p.year}-02-14", …]}`,
  ],
  heading: (p: Year) => `📅 ${p.year}年节假日安排`,
  source: {
    package: "来源：chinese-days 软件包",
    file: (p: { file: string }) => `来源：数据目录文件 ${p.file}`,
    ledger: (p: { by: string; at: string }) => `来源：${p.by} 于 ${p.at} 在聊天中录入`,
  },
  counts: (p: { runs: number; offWeekdays: number; workdays: number }) =>
    `放假 ${p.runs} 段（其中周一至周五 ${p.offWeekdays} 天），调休上班 ${p.workdays} 天`,
  holidays: (p: { days: string }) => `放假：${p.days}`,
  workdays: (p: { days: string }) => `调休上班：${p.days}`,
  daySep: "、",
  filesBroken: (p: { detail: string }) => `数据目录中的节假日文件有误，未计入：${p.detail}`,
  noWorkdays: "调休上班：无",
  fileShadowed: (p: { file: string }) => `数据目录中的 ${p.file} 不再使用：聊天中录入的安排优先（它更新，且有操作记录）。`,
  someone: "督察整改办",
  missing: (p: Year) => `⚠️ ${p.year}年的节假日安排还没有录入。`,
  supplied: (p: Year) => `✅ 已录入${p.year}年节假日安排，所有进程立即生效。`,
  replaced: (p: Year) => `✅ 已更新${p.year}年节假日安排（原安排已记入操作记录），所有进程立即生效。`,
  unchanged: (p: Year) => `${p.year}年节假日安排与已录入的完全相同，没有改动。`,
  invalid: (p: Year) => `${p.year}年节假日安排有误，未录入：`,
  invalidFile: (p: { name: string }) => `文件“${p.name}”中的节假日安排有误，未录入：`,
  file: {
    download_failed: "节假日安排文件未能接收（下载失败），请重新发送。",
    too_large: "这个文件太大，不像节假日安排。请发送只含 year、holidays、workdays 的 JSON 文件。",
    not_json: (p: { name: string }) => `文件“${p.name}”不是有效的 JSON，未录入。`,
    year_mismatch: (p: { typed: number; inFile: number }) => `说明里写的是 ${p.typed} 年，文件里是 ${p.inFile} 年，未录入。请核对后重新发送。`,
    both: "请二选一：要么在命令里写日期，要么发送文件（说明只写 /节假日），未录入。",
  },
  warning: {
    heading: (p: Year) => `⚠️ ${p.year}年节假日安排尚未录入`,
    nextYear: (p: Year & { days: number }) =>
      `从 ${p.year}-01-01 起（还有 ${p.days} 天），提醒将暂按周一至周五发送，节假日也会发；按工作日计算的督办时限无法计算。`,
    thisYear: (_: Year) => `今年的提醒正暂按周一至周五发送，节假日也会发；按工作日计算的督办时限无法计算。`,
  },
  reminderMissing: (p: Year) => `注：${p.year}年节假日安排尚未录入，提醒暂按周一至周五发送，请督察整改办用 /节假日 ${p.year} 录入。`,
  status: {
    known: (p: Year & { source: string }) => `${p.year}年 已有（${p.source}）`,
    missing: (p: Year) => `${p.year}年 缺失`,
    line: (p: { years: string }) => `节假日安排：${p.years}`,
    sep: "；",
    sources: { package: "chinese-days 软件包", file: "数据目录文件", ledger: "聊天中录入" },
    needed: (p: Year) => `请尽快录入${p.year}年节假日安排：`,
  },
};
