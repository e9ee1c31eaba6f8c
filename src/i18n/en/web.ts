/** English messages: web. Keys and parameters must match ../zh-CN/web.ts. */
import type { web as zh } from "../zh-CN/web";

export const web: typeof zh = {};
