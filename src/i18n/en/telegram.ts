/** English messages: telegram. Keys and parameters must match ../zh-CN/telegram.ts. */
import type { telegram as zh } from "../zh-CN/telegram";

export const telegram: typeof zh = {
  chatMoved: "This group was upgraded to a supergroup; its binding and digest settings have moved with it.",
  anonymousSender: "Messages sent as an anonymous admin cannot be recorded. Turn off “Remain anonymous” and post as yourself.",
};
