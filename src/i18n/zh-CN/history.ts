/** zh-CN messages: an item's history (/进展), the sign-off card and its warnings, reports after sign-off. */
import { evidenceZh } from "./bot";
type Code = { code: string };

export const history = {
  title: (p: { code: string; title: string }) => `📜 ${p.code} ${p.title} · 整改进展`,
  place: (p: { place: string }) => `📍 地点：${p.place}`,
  page: (p: { page: number }) => `（第${p.page}页）`,
  empty: (p: Code) => `${p.code} 还没有任何进展记录。`,
  noOlder: (p: Code) => `${p.code} 没有更早的记录了。`,
  olderButton: "更早",
  photosMissing: (p: { photos: number }) => `⚠️ 有 ${p.photos} 张照片的文件在服务器上找不到，未能显示，其余照片见下。`,
  olderHint: (p: { code: string; page: number }) => `更早的记录：/进展 ${p.code} ${p.page}`,
  entry: {
    report: (p: { when: string; who: string; text: string; percent: number | null; photos: number; flags: string; notes: string }) =>
      `${p.when} ${p.who} 报送${p.percent !== null ? `（进度 ${p.percent}%）` : ""}：${p.text || "（无文字）"}${p.photos ? ` 📷${p.photos}` : ""}${p.flags ? ` ⚠️${p.flags}` : ""}${p.notes ? ` · ${p.notes}` : ""}`,
    assigned: (p: { when: string; unit: string | null }) => `${p.when} 交办${p.unit ? `给 ${p.unit}` : ""}`,
    applied: (p: { when: string; who: string; note: string; evidence: number; documents: number }) =>
      `${p.when} ${p.who} 申请销号（${evidenceZh({ photos: p.evidence, documents: p.documents })}）${p.note ? `：${p.note}` : ""}`,
    returned: (p: { when: string; who: string; reason: string }) => `${p.when} ${p.who} 退回销号申请，原因：${p.reason}`,
    extended: (p: { when: string; who: string; from: string | null; to: string; reason: string }) =>
      `${p.when} ${p.who} 延期${p.from ? `：${p.from} → ${p.to}` : `至 ${p.to}`}，原因：${p.reason}`,
    signedOff: (p: { when: string; who: string; note: string; warnings: string }) =>
      `${p.when} ${p.who} 验收销号${p.note ? `：${p.note}` : ""}${p.warnings ? `（明知：${p.warnings}）` : ""}`,
    reopened: (p: { when: string; who: string; reason: string }) => `${p.when} ${p.who} 重新打开，原因：${p.reason}`,
    lookback: (p: { when: string; who: string; passed: boolean; note: string }) =>
      `${p.when} ${p.who} 回头看${p.passed ? "通过" : "未通过"}${p.note ? `：${p.note}` : ""}`,
  },
  flag: { reused: "照片重复使用", near_copy: "照片与他处近似", old: "照片拍摄过早", before_assigned: "拍摄于交办前", far_from_place: "拍摄地点远离整改点" },
  /** Soft flags: a quiet note, not a warning. `answered`: the same report holds a photo with a capture time (the original). */
  soft: { no_capture_time: (p: { answered: boolean }): string => (p.answered ? "拍摄时间未知，本次报送另有原图" : "拍摄时间未知") },
  /** A document in a history entry or on the sign-off card: name, type, size. */
  document: (p: { name: string; type: string; size: string }) => `📎 ${p.name || "（未命名文件）"}（${p.type}，${p.size}）`,
  documentType: {
    pdf: "PDF", docx: "Word 文档", doc: "Word 97-2003 文档", xlsx: "Excel 表格", xls: "Excel 97-2003 表格",
    tiff: "TIFF 扫描件", jpeg: "JPG 图片", png: "PNG 图片", bmp: "BMP 图片",
  },
  photoCaption: (p: { when: string; who: string; flags: string; notes: string }) => `${p.when} ${p.who}${p.flags ? ` ⚠️${p.flags}` : ""}${p.notes ? ` · ${p.notes}` : ""}`,
  card: {
    title: (p: { code: string; title: string }) => `📋 销号核验：${p.code} ${p.title}`,
    applied: (p: { who: string; when: string; note: string }) => `${p.who} 于 ${p.when} 申请销号${p.note ? `，说明：${p.note}` : ""}`,
    progress: (p: { progress: number | null }) => `进度：${p.progress !== null ? `${p.progress}%` : "未报"}`,
    lastReport: (p: { when: string; who: string; text: string }) => `最近报送：${p.when} ${p.who}：${p.text || "（无文字）"}`,
    noReport: "最近报送：无",
    photos: (p: { shown: number; total: number }) => `佐证照片 ${p.total} 张${p.total > p.shown ? `，下附最近 ${p.shown} 张` : p.total ? "，见下" : ""}`,
    documents: (p: { shown: number; total: number }) => `佐证文件 ${p.total} 份${p.total > p.shown ? `，下附最近 ${p.shown} 份` : "，见下"}：`,
    warningsTitle: "⚠️ 请注意：",
    noWarnings: "✅ 未发现需要注意的情况。",
    confirmHint: (p: Code) => `如核实无误仍要销号，请点“仍然销号”或发送 /销号 ${p.code} 确认`,
    confirmButton: "仍然销号",
    historyButton: "全部进展",
  },
  warning: {
    progress: (p: { progress: number | null }) => (p.progress === null ? "没有报过进度" : `进度只有 ${p.progress}%，未到 100%`),
    no_recent_photo: (p: { days: number }) => `最近 ${p.days} 天没有新的佐证照片或文件`,
    flagged: (p: { photos: number }) => `${p.photos} 张照片存疑（重复使用、拍摄过早或远离整改点）`,
    applied_on_deadline: (_: Record<string, never>) => "在整改时限当天申请销号",
    report_after_application: (p: { reports: number }) => `申请销号后又有 ${p.reports} 条报送`,
  },
  afterSignOff: {
    notice: (p: { code: string; title: string; unit: string; who: string; signedOff: string; text: string }) =>
      `🚩 已销号任务又有报送：${p.code} ${p.title}\n${p.unit} ${p.who} 报送：${p.text || "（仅照片）"}\n该任务已于 ${p.signedOff} 销号，请核实是否需要重新打开。`,
    reopenButton: "重新打开",
    receipt: "⚠️ 该任务已销号，本条报送已转督察整改办核实。",
    askReason: (p: Code) => `请写明重新打开的原因，发送：/重新打开 ${p.code} <原因>`,
  },
};
