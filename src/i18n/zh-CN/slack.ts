/** zh-CN messages: slack. */
export const slack = {};
