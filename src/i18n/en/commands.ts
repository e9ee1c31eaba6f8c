/** English messages: commands. Keys and parameters must match ../zh-CN/commands.ts. */
import type { commands as zh } from "../zh-CN/commands";

export const commands: typeof zh = {};
