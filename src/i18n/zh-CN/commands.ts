/** zh-CN messages: commands. */
export const commands = {};
