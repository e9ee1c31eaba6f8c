/** zh-CN messages: what the bot says about a message it could not process (dead letters). */
export const inbound = {
  apology: "抱歉，这条消息没能处理，已记录并通知管理员。",
  adminNotice: (p: { id: number; platform: string; error: string }) =>
    `⚠️ 一条来自 ${p.platform} 的消息处理失败（失败记录 #${p.id}）：${p.error}\n修复后可用 npm run cli -- inbound retry ${p.id} 重新处理。`,
  cli: {
    none: "没有处理失败的消息。",
    heading: (p: { n: number }) => `处理失败的消息：${p.n} 条（npm run cli -- inbound retry <编号> 重新处理）`,
    row: (p: { id: number; at: string; platform: string; chatId: string; attempts: number; error: string }) =>
      `  #${p.id} ${p.at} ${p.platform} ${p.chatId} · 已试 ${p.attempts} 次 · ${p.error}`,
    replayed: (p: { id: number }) => `失败记录 #${p.id} 已重新处理，回复已排队发送。`,
    notFound: (p: { id: number }) => `没有编号为 #${p.id} 的失败记录。`,
    alreadyReplayed: (p: { id: number }) => `失败记录 #${p.id} 已经重新处理过了。`,
    failedAgain: (p: { id: number; error: string }) => `失败记录 #${p.id} 重新处理时再次失败：${p.error}`,
    badId: (p: { raw: string }) => `“${p.raw}”不是失败记录的编号（应为数字，见 npm run cli -- inbound list）。`,
  },
};
