import type { Lang } from "../core/types";
import { zhCN } from "./zh-CN/index";
import { en } from "./en/index";

export type Catalogue = typeof zhCN;

const catalogues: Record<Lang, Catalogue> = { "zh-CN": zhCN, en };

export function messagesFor(lang: Lang): Catalogue {
  return catalogues[lang];
}

/** Read a user's language choice leniently: anything not English is Chinese. */
export function langOf(value: string | null | undefined, fallback: Lang): Lang {
  if (!value) return fallback;
  return /^en/i.test(value) ? "en" : /^zh/i.test(value) ? "zh-CN" : fallback;
}
