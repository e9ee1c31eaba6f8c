/** zh-CN messages: io. */
export const io = {};
