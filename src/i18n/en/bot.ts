import type { bot as zh } from "../zh-CN/bot";

export const bot: typeof zh = {};
