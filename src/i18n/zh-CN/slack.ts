/** zh-CN messages: slack. */
export const slack = {
  /** Shown only to the person whose /duban command the bot could not take in. */
  commandFailed: "抱歉，这条指令没有处理成功，请稍后再试。",
};
