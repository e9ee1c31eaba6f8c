/** zh-CN messages: reminders. */
export const reminders = {};
