/** zh-CN messages: look-backs (回头看) — the ask for fresh photos, the coordinators' list and card. */
type Code = { code: string };

export const lookback = {
  /** To the unit's group and the responsible person, once, on the due day. */
  ask: (p: { code: string; title: string; due: string }) =>
    `🔍 回头看：请发送 #${p.code} 现场新照片\n${p.code} ${p.title}（回头看 ${p.due} 到期）：请到现场重新拍照，回复“#${p.code} 现场情况”并附新照片。请勿重发销号时的照片。`,
  dueHeading: (n: number) => `🔍 回头看到期 ${n} 项，已请责任单位发送现场新照片`,
  dueEntry: (p: { code: string; title: string; unit: string; due: string }) => `${p.code} ${p.title}｜${p.unit}｜${p.due} 到期`,
  dueHint: "收到现场新照片后将推送回头看卡片；也可直接发送 /回头看 <编号> <通过|不通过> [说明]。",
  card: {
    title: (p: { code: string; title: string; unit: string }) => `🔍 回头看：${p.code} ${p.title} · ${p.unit}`,
    report: (p: { who: string; text: string }) => `${p.who} 报送：${p.text || "（仅照片）"}`,
    signedOff: (p: { when: string; due: string }) => `销号于 ${p.when}，回头看 ${p.due} 到期`,
    counts: (p: { fresh: number; signOff: number }) => `现场新照片 ${p.fresh} 张，对照销号照片 ${p.signOff} 张`,
    repeats: (p: { n: number; date: string; kind: string }) => `⚠️ 新照片${p.n} 与 ${p.date} 的销号照片雷同（${p.kind}）：疑似重发旧照片`,
    otherFlags: (p: { n: number; reasons: string }) => `⚠️ 新照片${p.n}：${p.reasons}`,
    noRepeats: "新照片与销号照片没有雷同。",
    noPhotos: "本次报送没有照片：回头看需要现场新照片。",
    freshCaption: (p: { n: number; when: string; warning: string }) => `新照片${p.n} ${p.when}${p.warning ? ` ⚠️ ${p.warning}` : ""}`,
    signOffCaption: (p: { when: string }) => `销号照片 ${p.when}`,
    repeatsShort: (kind: string) => `与销号照片雷同（${kind}）`,
  },
  passButton: "回头看通过",
  failButton: "回头看不通过",
  receipt: "🔍 已收到回头看现场照片，已转督察整改办与销号照片比对。",
  askReason: (p: Code) => `请写明回头看不通过的原因，发送：/回头看 ${p.code} 不通过 <原因>`,
};
