/** zh-CN messages: the office's daily work — transfers, assignments, cooperating units, chases, instructions. */
type Item = { code: string; title: string };

export const office = {
  sameUnit: (p: { code: string; unit: string }) => `${p.code} 已由${p.unit}牵头，无需转办。`,
  transferred: (p: Item & { from: string; to: string; reason: string }) =>
    `🔀 转办：${p.code} ${p.title} 由${p.from}转至${p.to}牵头。原因：${p.reason}\n请${p.to}指派责任人（督察整改办：/指派 ${p.code} <姓名>）。`,
  unknownPerson: (p: { name: string }) => `台账中没有名为“${p.name}”的人员。请核对姓名，或先用 /邀请 添加。`,
  otherUnitPerson: (p: { name: string; unit: string; code: string; lead: string }) =>
    `${p.name} 是${p.unit}的人员，不属于 ${p.code} 的牵头单位${p.lead}。请指派${p.lead}的人员，或先 /转办。`,
  assigned: (p: Item & { from: string | null; to: string; unit: string }) =>
    `👤 ${p.code} ${p.title} 的责任人：${p.to}（${p.unit}）${p.from ? `，原为 ${p.from}` : ""}。`,
  leadCannotCooperate: (p: { code: string; unit: string }) => `${p.unit}是 ${p.code} 的牵头单位，不能同时作为配合单位。`,
  cooperatingSet: (p: Item & { units: string }) => `🤝 ${p.code} ${p.title} 的配合单位：${p.units || "无"}。`,
  chaseDenied: "只有督察整改办和领导可以催办。",
  chaseNotice: (p: Item & { unit: string; by: string; request: string; due: string | null }) =>
    `📣 督办：${p.code} ${p.title}（${p.unit}）\n${p.by}要求：${p.request || "请抓紧整改并报送进展"}${p.due ? `，期限 ${p.due}` : ""}。\n请回复本消息或发送“#${p.code} 进展内容”报送。`,
  chaseUnitNotice: (p: { unit: string; n: number; lines: string; by: string; request: string; due: string | null }) =>
    `📣 督办：${p.unit}有 ${p.n} 项逾期整改任务\n${p.lines}\n${p.by}要求：${p.request || "请抓紧整改并逐项报送进展"}${p.due ? `，期限 ${p.due}` : ""}。`,
  chased: (p: { code: string; unit: string; later: string | null }) =>
    `已督办 ${p.code}（${p.unit}），已记录并通知单位工作群和责任人。${p.later ? `现在是休息时间，通知将于 ${p.later} 发出。` : ""}`,
  chasedUnit: (p: { unit: string; n: number; later: string | null }) =>
    `已督办${p.unit}的 ${p.n} 项逾期任务，逐项记录并通知。${p.later ? `现在是休息时间，通知将于 ${p.later} 发出。` : ""}`,
  noOverdue: (p: { unit: string }) => `${p.unit}没有逾期的整改任务，无需催办。`,
  chaseAnswered: (p: { unit: string; code: string; when: string; text: string }) =>
    `✅ ${p.unit}已报送 ${p.code} 的进展，回复了您 ${p.when} 的催办：${p.text || "（照片）"}`,
  answeredChase: "📌 本条已作为对督办的回复，已告知督办人。",
  chaseSummary: (p: { n: number; last: string; unanswered: boolean }) => `已催办 ${p.n} 次，最近 ${+p.last.slice(5, 7)}月${+p.last.slice(8, 10)}日，${p.unanswered ? "未回复" : "已回复"}`,
  instructDenied: "只有领导可以作出批示。",
  instructionNotice: (p: Item & { unit: string; by: string; text: string }) =>
    `📝 领导批示：${p.code} ${p.title}\n${p.by}：${p.text}\n请${p.unit}抓紧落实，并报送落实情况（“#${p.code} 落实情况”）。`,
  instructed: (p: { code: string; unit: string }) => `已记录对 ${p.code} 的批示，并转${p.unit}落实。`,
  followedUp: (p: { unit: string; code: string; text: string }) => `✅ ${p.unit}报送了 ${p.code} 落实批示的情况：${p.text || "（照片）"}`,
  followsUp: "📌 本条已作为落实领导批示的情况报送。",
  heldUntil: (p: { at: string }) => `现在是休息时间，通知将于 ${p.at} 发出。`,
  lightWord: { overdue: "逾期", red: "红灯", dueSoon: "临期", stale: "久未报送", normal: "正常", signedOff: "已销号" },
  leads: (p: { unit: string }) => `${p.unit}牵头`,
  lead: "本单位牵头",
  cooperates: (p: { unit: string }) => `本单位配合（${p.unit}牵头）`,
  mineOwn: "我负责的整改任务",
  mineUnit: "本单位牵头或配合的其他任务",
  chatInDirect: "私聊不能设置为群。请先把我拉进要设置的群，再在那个群里发送 /设置群 领导、/设置群 督察办 或 /设置群 单位 <单位名称>。",
  digest: {
    chases: (count: number) => `📣 催办未回复 ${count} 项`,
    chasedBy: (p: { by: string; due: string }) => `${p.by}催办，期限 ${p.due}`,
    instructions: (count: number) => `📝 新批示 ${count} 条`,
  },
  history: {
    transferred: (p: { when: string; who: string; from: string; to: string; reason: string }) =>
      `${p.when} ${p.who} 转办：${p.from} → ${p.to}，原因：${p.reason}`,
    personAssigned: (p: { when: string; who: string; from: string | null; to: string }) =>
      `${p.when} ${p.who} 指派责任人${p.from ? `：${p.from} → ${p.to}` : ` ${p.to}`}`,
    cooperatingSet: (p: { when: string; who: string; units: string }) => `${p.when} ${p.who} 设定配合单位：${p.units || "无"}`,
    chased: (p: { when: string; who: string; request: string; due: string | null }) =>
      `${p.when} ${p.who} 催办${p.request ? `：${p.request}` : ""}${p.due ? `（期限 ${p.due}）` : ""}`,
    instructed: (p: { when: string; who: string; text: string }) => `${p.when} ${p.who} 批示：${p.text}`,
  },
};
