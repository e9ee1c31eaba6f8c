/** English messages: telegram. Keys and parameters must match ../zh-CN/telegram.ts. */
import type { telegram as zh } from "../zh-CN/telegram";

export const telegram: typeof zh = {};
