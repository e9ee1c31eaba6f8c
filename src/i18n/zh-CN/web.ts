/** zh-CN messages: web. */
export const web = {};
