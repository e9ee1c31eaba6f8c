/** zh-CN messages: flagged evidence photos, for coordinators (/存疑, /核实) and the CLI. */
import type { PhotoFlag } from "../../core/types";
import type { NearCopyKind } from "../../evidence/near-copy-index";

export const evidence = {
  kind: {
    same: "同一张照片",
    resized: "缩放后的副本",
    retouched: "调色或压缩后的副本",
    cropped: "裁剪后的副本",
    mirrored: "镜像翻转的副本",
    rotated: "旋转后的副本",
    framed: "截屏或加框的副本",
  } satisfies Record<NearCopyKind, string>,
  reason: {
    reused: "与其他报告的照片相同",
    near_copy: "与其他报告的照片近似",
    old: "拍摄时间远早于发送时间",
    before_assigned: "拍摄于任务交办之前",
    far_from_place: "拍摄地点远离整改点",
  } satisfies Record<PhotoFlag, string>,
  /** far_from_place with its distance, wherever a flag's reason is shown. */
  farFrom: (p: { distance: string }) => `拍摄地点距整改点 ${p.distance}`,
  /** Metres under a kilometre, kilometres to one decimal above. */
  distance: (m: number) => (m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 公里`),
  /** The earlier photo a flagged one copies. */
  match: (p: { item: string; unit: string; date: string; kind: string }) => `对照：${p.item}（${p.unit}）${p.date} 的照片，本张为其${p.kind}`,
  /** A document sent without its name (WeCom's intelligent robot), called by its type. */
  unnamedFile: (ext: string) => `文件.${ext}`,
  unfiled: "（未归入任务）",
  photo: (p: { id: number; item: string; unit: string; when: string; who: string; reasons: string }) =>
    `照片#${p.id} ${p.item}（${p.unit}）${p.when} ${p.who}：${p.reasons}`,
  cleared: (p: { when: string; who: string; reason: string }) => `已核实（${p.when} ${p.who}）：${p.reason}`,
  listTitle: (count: number) => `⚠️ 待核实的存疑照片 ${count} 张`,
  listTitleFor: (p: { code: string; count: number }) => `⚠️ ${p.code} 待核实的存疑照片 ${p.count} 张`,
  more: (count: number) => `…另有 ${count} 张，可发送 /存疑 <编号> 按任务查看`,
  clearHint: "核实无误后发送 /核实 <照片号> <原因>。",
  verifyButton: (id: number) => `核实无误 照片#${id}`,
  askReason: (id: number) => `请写明照片#${id} 核实无误的原因，发送：/核实 ${id} <原因>`,
  none: "目前没有待核实的存疑照片。",
  noneFor: (code: string) => `${code} 目前没有待核实的存疑照片。`,
  denied: "只有督察整改办可以查看和核实存疑照片。",
  badPhoto: (raw: string) => `“${raw}”不是照片号：请写 /存疑 列表中“照片#”后面的数字。`,
  verified: (p: { id: number; reason: string }) => `已核实照片#${p.id}：${p.reason}。`,
  notFound: (id: number) => `没有照片#${id}。`,
  notFlagged: (id: number) => `照片#${id} 没有存疑标记，无需核实。`,
  alreadyCleared: (id: number) => `照片#${id} 已经核实过了。`,
  cli: {
    none: "没有存疑照片。",
    noMatch: "台账中没有与这张照片相同或近似的照片。",
    matchLine: (p: { id: number; item: string; unit: string; date: string; kind: string; distance: number }) =>
      `照片#${p.id} ${p.item}（${p.unit}）${p.date}：${p.kind}（差异 ${p.distance}/64）`,
    notAPhoto: (p: { file: string; detail: string }) => `${p.file} 不是可读的照片：${p.detail}`,
  },
};
