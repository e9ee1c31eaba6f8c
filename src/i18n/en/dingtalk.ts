/** English messages: dingtalk. Keys and parameters must match ../zh-CN/dingtalk.ts. */
import type { dingtalk as zh } from "../zh-CN/dingtalk";

export const dingtalk: typeof zh = {
  groupHelp: "In a DingTalk group, start with @督办 or I will not see the message, e.g. \"@督办 #中央-07-2 dredging 60% done\" with photos. In a one-to-one chat with me no @ is needed.",
  howTo: "Hello, I am 督办 and I keep the rectification ledger. To report in this group, start with @督办, e.g. \"@督办 #中央-07-2 dredging 60% done\" with photos; send \"@督办 /help\" for everything I do. Coordinators: send \"@督办 /chat unit <unit name>\" (or \"/chat leaders\") here to set what this group is for.",
  buttonInGroup: (p: { text: string }) => `In a group, @督办 and send: ${p.text}`,
};
