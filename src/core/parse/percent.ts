/**
 * The progress percentage in a report: "完成60%", "60 ％", "百分之六十五", "百分之百".
 *
 * Choices:
 * - When several appear ("从40%推进到60%") the last one is the current progress; only
 *   that one is judged, so an earlier figure never makes a good report fail.
 * - Decimals are truncated, not rounded: "99.5%" is 99, so a report never claims more
 *   than the official wrote (rounding would turn 99.5% into "done").
 * - Out of 0–100, negative, or "百分之" without a number is malformed, quoted back as
 *   written so the official can see what was not understood.
 */
import { halfWidth } from "./width";

export type PercentResult = { ok: true; value: number | null } | { ok: false; raw: string };

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

// Groups: 1 Chinese numeral after 百分之, 2 digits after 百分之, 3 minus sign, 4 digits before %.
// A minus right after a letter, digit or % is a hyphen ("ZY-5%", "40%-60%"), not a sign.
const PERCENT =
  /百分之\s*(?:([零〇一二两三四五六七八九十百千万]+)|(\d+(?:\.\d+)?))?|((?<![A-Za-z0-9%])[-\u2212]\s*)?(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*%/gu;

export function parsePercent(text: string): PercentResult {
  let last: RegExpExecArray | null = null;
  for (const m of halfWidth(text).matchAll(PERCENT)) last = m;
  if (!last) return { ok: true, value: null };

  const raw = text.slice(last.index, last.index + last[0].length).trim();
  const [, chinese, afterPhrase, sign, digits] = last;
  const value =
    chinese !== undefined ? chineseNumber(chinese)
    : afterPhrase !== undefined ? Number(afterPhrase)
    : digits !== undefined && sign === undefined ? Number(digits.replace(/,/g, ""))
    : null;
  if (value === null || !(value >= 0 && value <= 100)) return { ok: false, raw };
  return { ok: true, value: Math.floor(value) };
}

/** 六十五 → 65, 百 → 100, 一百零五 → 105; null for sequences that are not a number ("六六"). */
function chineseNumber(s: string): number | null {
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d === 0) {
      if (digit !== null) return null;
    } else if (d !== undefined) {
      if (digit !== null) return null;
      digit = d;
    } else {
      const unit = CN_UNITS[ch]!;
      if (unit >= lastUnit) return null;
      total += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    }
  }
  return total + (digit ?? 0);
}
