/** English messages: reminders. Keys and parameters must match ../zh-CN/reminders.ts. */
import type { reminders as zh } from "../zh-CN/reminders";

export const reminders: typeof zh = {};
