/** English messages: dingtalk. Keys and parameters must match ../zh-CN/dingtalk.ts. */
import type { dingtalk as zh } from "../zh-CN/dingtalk";

export const dingtalk: typeof zh = {
  groupHelp: "In a DingTalk group, start with @督办 or I will not see the message, e.g. \"@督办 #中央-07-2 dredging 60% done\" with photos. In a one-to-one chat with me no @ is needed.",
};
