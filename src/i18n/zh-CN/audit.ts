/** zh-CN messages: the audit chain (`cli audit verify`, the digest's last line, the sealer's warnings). */
type Row = { seq?: number; id: number; at: string; action: string };
const where = (p: Row) => `${p.seq !== undefined ? `第 ${p.seq} 条` : `记录 #${p.id}`}（${p.seq !== undefined ? `记录 #${p.id}，` : ""}${p.at}，${p.action}）`;

export const audit = {
  clean: (p: { count: number; seq: number; hash: string }) => `审计链完好：共 ${p.count} 条，链头 第 ${p.seq} 条 · ${p.hash}`,
  empty: "审计链为空：还没有任何审计记录。",
  edited: (p: Row) => `${where(p)}被改动过：内容与链上的哈希不符`,
  forged: (p: Row) => `${where(p)}的校验标记不对：这条记录不是台账写入的，或被不掌握密钥的人改写过`,
  relinked: (p: Row) => `${where(p)}与前一条接不上：在它之前插入或替换过记录`,
  missing: (p: { after: number; before: number }) =>
    `第 ${p.after} 条与第 ${p.before} 条之间缺了 ${p.before - p.after - 1} 条：记录被删除`,
  unsealed: (p: Row & { mark: "bad" | "missing" }) =>
    `${where(p)}不在链上，${p.mark === "missing" ? "也没有校验标记" : "校验标记不对"}：是绕过台账插入的`,
  broken: (p: { n: number; count: number }) => `审计链有 ${p.n} 处问题（链上共 ${p.count} 条）。`,
  moreProblems: (p: { n: number }) => `……另有 ${p.n} 处问题未列出。`,
  /** The digest's last line: the leaders' group witnesses the head every morning. */
  head: (p: { seq: number; hash: string }) => `审计链 第 ${p.seq} 条 · ${p.hash}`,
};
