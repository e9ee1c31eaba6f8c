/** English messages: io. Keys and parameters must match ../zh-CN/io.ts. */
import type { io as zh } from "../zh-CN/io";

export const io: typeof zh = {};
