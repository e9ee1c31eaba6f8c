/** zh-CN messages: digest. */
export const digest = {};
