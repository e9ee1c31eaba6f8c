/** English messages: digest. Keys and parameters must match ../zh-CN/digest.ts. */
import type { digest as zh } from "../zh-CN/digest";

export const digest: typeof zh = {};
