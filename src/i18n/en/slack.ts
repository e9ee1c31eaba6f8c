/** English messages: slack. Keys and parameters must match ../zh-CN/slack.ts. */
import type { slack as zh } from "../zh-CN/slack";

export const slack: typeof zh = {
  commandFailed: "Sorry, that command could not be handled. Please try again in a moment.",
};
