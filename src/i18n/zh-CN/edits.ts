/** zh-CN messages: what the bot says when a person edits a message they sent. */
export const edits = {
  corrected: "（已按修改后的内容更正）",
  tooLate: (p: { minutes: number }) =>
    `这条报送已超过 ${p.minutes} 分钟，修改不会更改台账。如需更正，请重新发送一条带编号的进展，例如“#中央-07-2 更正：已完成70%”。`,
  signedOff: (p: { code: string }) => `${p.code} 已经销号，这条报送不能再修改。如需更正，请联系督察整改办。`,
  notAReport: "修改后的消息不会重新处理。如需报送或执行命令，请重新发送一条新消息。",
};
