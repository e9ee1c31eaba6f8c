/** zh-CN messages: the bot's replies to reports and commands. */
import type { DeadlineBasis } from "../../core/petition";
type Code = { code: string };
type Case = { caseNo: string };

const lifecycle = {
  not_your_unit: (p: Code) => `${p.code} 不是您单位的整改任务，不能申请或报送。`,
  not_coordinator: (_: Code) => "只有督察整改办（协调人）可以做这一步。",
  already_signed_off: (p: Code) => `${p.code} 已经销号。如需重新整改，请督察整改办发送 /重新打开 ${p.code} <原因>。`,
  already_awaiting: (p: Code) => `${p.code} 已在等待销号审核，请勿重复申请。`,
  not_awaiting: (p: Code) => `${p.code} 没有待审核的销号申请。`,
  not_signed_off: (p: Code) => `${p.code} 尚未销号。`,
  no_evidence: (p: Code) => `申请销号需要佐证材料：请先发送 ${p.code} 的整改照片（交办之后拍摄发送的），再发送 /申请销号 ${p.code}。`,
  own_application: (p: Code) => `${p.code} 的销号申请是您本人提交的，按“四眼原则”须由另一位督察整改办同志验收。`,
  reason_required: (p: Code) => `请写明原因，例如：/退回 ${p.code} 照片不能反映整改效果`,
  long_term_no_signoff: (p: Code) => `${p.code} 是长期坚持类任务，不销号，只需定期报送进展。`,
  long_term_no_deadline: (p: Code) => `${p.code} 是长期坚持类任务，没有整改时限，无需延期。`,
  date_not_later: (p: Code) => `延期后的时限必须晚于 ${p.code} 当前的整改时限。`,
  date_in_past: (_: Code) => "延期日期不能早于今天。",
  lookback_reason_required: (p: Code) => `请写明回头看不通过的原因，例如：/回头看 ${p.code} 不通过 围挡被拆除，裸土重新外露`,
};

/** An application's evidence: its photos, and its documents when there are any. */
export const evidenceZh = (p: { photos: number; documents: number }) => `佐证照片 ${p.photos} 张${p.documents ? `、文件 ${p.documents} 份` : ""}`;

export const bot = {
  unbound: "您好！您的账号还没有绑定到台账中的人员，所以我暂时不能记录您的报送。请向督察整改办索取绑定码，然后发送：/绑定 <绑定码>",
  unknownItem: (p: Code) => `没有找到编号为 ${p.code} 的整改任务。`,
  unknownItemQuery: (p: Code) => `没有找到编号为 ${p.code} 的整改任务。发送 /我的 查看您单位的任务编号。`,
  unknownUnit: (p: { name: string }) => `没有找到单位“${p.name}”。请使用台账中的单位名称或简称。`,
  notYourUnit: (p: { code: string; unit: string }) => `${p.code} 由${p.unit}负责，您只能报送本单位的整改任务。本次内容未记录。`,
  badPercent: (p: { raw: string }) => `无法识别进度“${p.raw}”：进度应在 0% 到 100% 之间。进展已记录，进度未更新。`,
  notYourReport: "这条报送不是您发的，不能由您选择任务。",
  reportAlreadyFiled: "这条报送已经归入任务，无需再选。",
  staleButton: "此按钮已失效，请重新发送命令。",
  mediaRejected: {
    download_failed: (_: { name: string }) => "有一张图片未能接收（下载失败），请重新发送。",
    too_large: (_: { name: string }) => "有一个文件太大，未能作为佐证照片接收，请压缩后重新发送。",
    not_an_image: (p: { name: string }) => `${p.name ? `“${p.name}”` : "有一个文件"}不是图片，未作为佐证照片接收。请发送照片。`,
    unsupported_image: (p: { name: string }) => `${p.name ? `“${p.name}”` : "有一张图片"}的格式无法识别，请转为 JPG 或 PNG 后重新发送。`,
    too_many_pixels: (_: { name: string }) => "有一张图片像素过大，未能接收，请缩小后重新发送。",
    empty: (_: { name: string }) => "有一个文件是空的，未能接收。",
    not_accepted: (p: { name: string }) =>
      `${p.name ? `“${p.name}”` : "有一个文件"}不是可接收的佐证材料，未能接收。可以发送照片、PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）或扫描图片（JPG/PNG/TIFF）。`,
    document_too_large: (p: { name: string; maxMb: number }) =>
      `${p.name ? `“${p.name}”` : "有一个文件"}超过 ${p.maxMb} MB 的上限，未能接收，请压缩或拆分后重新发送。`,
  },
  receiptTitle: (p: { code: string; title: string }) => `✅ 已记录进展：${p.code} ${p.title}`,
  receiptFacts: (p: { percent: number | null; photos: number; documents: number }) =>
    [p.percent !== null ? `进度 ${p.percent}%` : null, `照片 ${p.photos} 张`, p.documents ? `文件 ${p.documents} 份` : null].filter(Boolean).join(" · "),
  /**
   * Once per report, when none of its photos has a capture time, worded for the way the
   * platform sends an original (AdapterCaps.originalPhoto); a platform without one gets none.
   */
  askOriginal: {
    as_file: (p: { minutes: number }): string =>
      `📎 照片没有拍摄时间（按照片发送时会被去掉）。请在 ${p.minutes} 分钟内从相册选中原图，点“以文件形式发送”再发一次，原图会并入本条报送。`,
    upload: (p: { minutes: number }): string =>
      `📎 照片没有拍摄时间（截图和转发的图片都没有）。请在 ${p.minutes} 分钟内上传手机相册里的原始照片，原图会并入本条报送。`,
  },
  statusLine: (p: { status: string; light: string; deadline: string }) => `状态：${p.status} · ${p.light} · 时限：${p.deadline}`,
  whichItem: "收到。这条进展是关于哪项整改任务的？请点选（或回复带编号的内容，如“#中央-07-2 已完成60%”）：",
  whichItemNoChoices: "收到，但没有找到对应的整改任务。请在内容前加上任务编号重新发送，如“#中央-07-2 已完成60%”。本条内容已保存。",
  card: {
    unit: (p: { lead: string; cooperating: string }) => `责任单位：${p.lead}${p.cooperating ? `（配合：${p.cooperating}）` : ""}`,
    people: (p: { leader: string; person: string }) => `责任领导：${p.leader} · 责任人：${p.person}`,
    status: (p: { status: string; light: string; progress: number | null }) =>
      `状态：${p.status} · ${p.light}${p.progress !== null ? ` · 进度 ${p.progress}%` : ""}`,
    deadline: (p: { deadline: string; original: string | null; extensions: number }) =>
      `整改时限：${p.deadline}${p.original ? `（原时限 ${p.original}，已延期${p.extensions}次）` : ""}`,
    reports: (p: { reports: number; photos: number; last: string | null; stale: number | null }) =>
      `进展 ${p.reports} 条 · 照片 ${p.photos} 张 · 最近报送：${p.last ?? "无"}${p.stale !== null ? `（已${p.stale}天未报送）` : ""}`,
    flagged: (p: { n: number }) => `⚠️ ${p.n} 张照片存疑（重复使用或拍摄时间过早）`,
    returned: (p: { n: number; reason: string }) => `销号申请被退回 ${p.n} 次，最近原因：${p.reason}`,
    lookback: (p: { due: string; result: string | null }) =>
      `回头看：${p.result === "pass" ? "已通过" : p.result === "fail" ? "未通过" : `计划于 ${p.due} 前`}`,
  },
  lists: {
    mine: "本单位未销号的整改任务",
    mineEmpty: "您单位目前没有未销号的整改任务。",
    overdue: "逾期未销号的整改任务",
    overdueEmpty: "没有逾期的整改任务。",
    due: (p: { days: number }) => `${p.days}天内到期的整改任务`,
    dueEmpty: "近期没有到期的整改任务。",
    attention: "需关注（红灯、黄灯）",
    attentionEmpty: "没有红灯或黄灯任务。",
    hintStatus: "发送 /查询 <编号> 查看详情。",
    hintUnit: "发送 /单位 <名称> 按单位查看。",
  },
  unitSummary: (p: { unit: string; total: number; statuses: string; red: number; yellow: number; green: number }) =>
    `共 ${p.total} 项：${p.statuses}\n未销号：🔴 ${p.red} · 🟡 ${p.yellow} · 🟢 ${p.green}`,
  lifecycle,
  applied: (p: { code: string; photos: number; documents: number }) => `📨 已提交 ${p.code} 的销号申请（${evidenceZh(p)}），等待督察整改办验收。`,
  applicationNotice: (p: { code: string; title: string; unit: string; person: string; photos: number; documents: number; note: string }) =>
    `📨 销号申请：${p.code} ${p.title}\n${p.unit} ${p.person} 申请销号，${evidenceZh(p)}。${p.note ? `\n说明：${p.note}` : ""}\n验收：/销号 ${p.code}；退回：/退回 ${p.code} <原因>`,
  acceptButton: "验收销号",
  statusButton: "查看详情",
  accepted: (p: { code: string; title: string; lookback: string }) => `✅ ${p.code} ${p.title} 已验收销号。回头看计划于 ${p.lookback} 前开展。`,
  returned: (p: { code: string; title: string; reason: string; returns: number }) =>
    `↩️ ${p.code} ${p.title} 的销号申请被退回（第${p.returns}次）。原因：${p.reason}${p.returns >= 2 ? "\n该任务已退回两次，亮红灯。" : ""}`,
  extended: (p: { code: string; from: string; to: string; reason: string; original: string }) =>
    `🗓️ ${p.code} 整改时限由 ${p.from} 延期至 ${p.to}。原因：${p.reason}（原定时限 ${p.original} 仍作为按期完成的判断依据）`,
  reopened: (p: { code: string; title: string; reason: string }) => `🔁 ${p.code} ${p.title} 已重新打开，请继续整改并报送进展。原因：${p.reason}`,
  lookbackPassed: (p: Code) => `✅ ${p.code} 回头看通过，整改成果保持。`,
  lookbackFailed: (p: { code: string; note: string }) => `❗ ${p.code} 回头看未通过，任务已重新打开。${p.note ? `情况：${p.note}` : ""}`,
  cases: {
    unknown: (p: Case) => `没有找到交办编号为 ${p.caseNo} 的信访件。`,
    linked: (p: { caseNo: string; code: string; title: string }) => `🔗 信访件 ${p.caseNo} 已关联整改任务 ${p.code} ${p.title}。`,
    unlinked: (p: Case) => `信访件 ${p.caseNo} 已取消与整改任务的关联。`,
    lookbackForward: (p: { code: string; repeats: number; due: string }) =>
      `⚠️ ${p.code} 已销号，但已有 ${p.repeats} 件重复信访：回头看提前至 ${p.due} 前开展。`,
    assigned: (p: { batch: string; on: string }) => `批次：${p.batch} · 交办时间：${p.on}`,
    unit: (p: { unit: string; leader: string }) => `责任单位：${p.unit} · 包案领导：${p.leader}`,
    status: (p: { status: string }) => `办理状态：${p.status}`,
    deadline: (p: { day: string; basis: string; days: number }) =>
      `办理时限：${p.day}（${p.basis}）${p.days < 0 ? ` · 已逾期${-p.days}天` : p.days === 0 ? " · 今天到期" : ` · 还有${p.days}天`}`,
    basis: { batch: "督察组要求", accept: "受理期限", handle: "办理期限", extended: "延期后" } satisfies Record<DeadlineBasis, string>,
    place: (p: { place: string; type: string }) => `所在地：${p.place} · 污染类型：${p.type}`,
    finding: (p: { finding: string; actions: string }) => `调查核实：${p.finding}${p.actions ? ` · 处理情况：${p.actions}` : ""}`,
    repeats: (p: { cases: string }) => `⚠️ 重复信访，关联：${p.cases}`,
    notYourCase: (p: Case) => `${p.caseNo} 不由您单位办理。`,
    alreadyHandled: (p: Case) => `${p.caseNo} 已经办结。`,
    handled: (p: { caseNo: string; finding: string }) => `✅ ${p.caseNo} 已办结（${p.finding}），待公开。`,
    extensionRefused: {
      already_extended: (p: Case) => `${p.caseNo} 已延期过一次，按《信访工作条例》只能延期一次。`,
      too_long: (p: Case) => `${p.caseNo} 延期不能超过30天。`,
      not_later: (p: Case) => `延期后的日期必须晚于 ${p.caseNo} 当前的办理时限。`,
      handled: (p: Case) => `${p.caseNo} 已办结，无需延期。`,
    },
    extended: (p: { caseNo: string; day: string; reason: string }) => `🗓️ ${p.caseNo} 办理时限延期至 ${p.day}。原因：${p.reason}`,
    notHandled: (p: Case) => `${p.caseNo} 尚未办结，不能公开。`,
    disclosed: (p: Case) => `📢 ${p.caseNo} 的办理结果已标记为公开。`,
  },
  denied: { coordinatorOnly: "只有督察整改办（协调人）可以使用这个命令。" },
  bind: {
    unknown_code: "绑定码不正确，请核对后重新发送：/绑定 <绑定码>",
    used_code: "这个绑定码已经用过了，请向督察整改办索取新的绑定码。",
    expired_code: "这个绑定码已过期（有效期7天），请向督察整改办索取新的绑定码。",
    already_bound: "您的账号已经绑定过了。发送 /我是谁 查看。",
    tooManyAttempts: (p: { minutes: number }) => `尝试次数过多，请 ${p.minutes} 分钟后再试。`,
    done: (p: { name: string; roles: string }) => `绑定成功！${p.name}（${p.roles}），欢迎使用督办。发送 /帮助 查看可用命令。`,
  },
  invite: {
    directOnly: "绑定码相当于登录凭证，请在与我的私聊中发送 /邀请。",
    issued: (p: { name: string; unit: string; role: string; code: string }) =>
      `已为 ${p.unit} ${p.name}（${p.role}）生成绑定码：${p.code}\n有效期7天，仅可使用一次。请对方向我发送：/绑定 ${p.code}`,
  },
  chat: {
    unitRequired: "设置单位工作群时请写明单位，例如：/设置群 单位 水利局",
    bound: (p: { purpose: string; unit: string }) => `本群已设置为：${p.purpose}${p.unit ? `（${p.unit}）` : ""}。`,
    unbound: "未设置用途",
    notBound: "本群还没有设置用途，请先发送 /设置群 领导 或 /设置群 单位 <单位名称>。",
    remindersOn: "本群已开启提醒。",
    remindersOff: "本群已关闭提醒。",
    groupUnsupported: "本渠道不能由我建群：请把我拉进已有的群，在群里发送 /设置群 单位 <单位名称>、/设置群 领导 或 /设置群 督察办。",
    groupTooFew: (p: { who: string }) => `建群至少需要两人：${p.who}还没有人在本渠道绑定账号，请先让他们发送 /绑定 <码>。`,
    groupRefused: (p: { reason: string }) =>
      `平台拒绝建群（${p.reason}），群没有建立。请管理员检查应用的权限（企业微信：应用的可见范围须为根部门，成员须在可见范围内）后再发送一次。`,
    groupCreated: (p: { title: string; purpose: string; unit: string; members: number }) =>
      `已建立“${p.title}”（${p.members} 人），并设为${p.unit ? `${p.unit}的` : ""}${p.purpose}。`,
    groupWelcome: (p: { title: string; purpose: string; unit: string; by: string }) =>
      `${p.by}建立了“${p.title}”，作为${p.unit ? `${p.unit}的` : ""}${p.purpose}：相关通知和日报会发到这里。`,
  },
  files: {
    noFile: "请把台账文件（.xlsx 或 .csv）作为文件发送，并在说明中写 /导入。",
    downloadFailed: "台账文件未能接收（下载失败），请重新发送。",
    imported: (p: { name: string }) => `📥 导入 ${p.name}`,
    exported: (p: { items: number; cases: number }) => `📤 整改台账已导出：整改任务 ${p.items} 项，信访件 ${p.cases} 件（不含信访人信息）。`,
  },
  langSet: "好的，以后用中文回复您。",
  whoami: (p: { name: string; unit: string; roles: string; chat: string }) => `您是：${p.name} · 单位：${p.unit} · 角色：${p.roles}\n本群用途：${p.chat}`,
  help: {
    title: "督办 · 使用帮助",
    reporting: "报送进展：直接发送“#任务编号 进展内容 进度%”，可附照片（一次多张亦可），例如“#中央-07-2 河道清淤完成60%”。也可以回复我关于某项任务的消息。",
    privacy: "⚠️ 我目前看不到本群的普通消息和照片。请管理员在 BotFather 中关闭隐私模式（/setprivacy → Disable），或将我设为群管理员。",
  },
};
