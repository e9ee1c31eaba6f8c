/** zh-CN messages: finding items and units by keyword, a loosely typed code or part of a name. */
export const find = {
  didYouMean: (p: { code: string; codes: string }) => `没有找到编号为 ${p.code} 的整改任务。您是不是要找：${p.codes}`,
  results: (p: { keyword: string; total: number; page: number; pages: number }) =>
    `包含“${p.keyword}”的整改任务（${p.total}）${p.pages > 1 ? ` · 第 ${p.page}/${p.pages} 页` : ""}`,
  noResults: (p: { keyword: string }) => `没有找到包含“${p.keyword}”的整改任务。可以换个关键词，或发送 /我的 查看本单位的任务。`,
  tooMany: (p: { max: number }) => `结果较多，只列出前 ${p.max} 项，请用更具体的关键词。`,
  noPage: (p: { page: number; pages: number }) => `没有第 ${p.page} 页（共 ${p.pages} 页）。`,
  previous: "◀ 上一页",
  next: "下一页 ▶",
  hint: "发送 /查询 <编号> 查看详情。",
  whichUnit: (p: { name: string; units: string }) => `有几个单位与“${p.name}”相符：${p.units}。请点选，或写出完整的单位名称。`,
};
