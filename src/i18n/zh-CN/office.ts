/** zh-CN messages: the office's daily work — transfers, assignments, cooperating units. */
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
  history: {
    transferred: (p: { when: string; who: string; from: string; to: string; reason: string }) =>
      `${p.when} ${p.who} 转办：${p.from} → ${p.to}，原因：${p.reason}`,
    personAssigned: (p: { when: string; who: string; from: string | null; to: string }) =>
      `${p.when} ${p.who} 指派责任人${p.from ? `：${p.from} → ${p.to}` : ` ${p.to}`}`,
    cooperatingSet: (p: { when: string; who: string; units: string }) => `${p.when} ${p.who} 设定配合单位：${p.units || "无"}`,
  },
};
