/** zh-CN messages: telegram. */
export const telegram = {};
