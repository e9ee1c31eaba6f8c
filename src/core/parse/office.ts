/**
 * The office's commands: /转办 <编号> <单位> <原因>, /指派 <编号> <姓名>, /配合 <编号> <单位…>,
 * /催办 <编号|单位> [要求] [期限], /批示 <编号> <内容>.
 */
import type { ParseResult } from "../commands";
import type { Day } from "../types";
import { parseDay } from "./dates";
import { allOf, next, nextCode } from "./args";

export type OfficeCommand =
  | { name: "transfer"; code: string; unit: string; reason: string }
  | { name: "assign"; code: string; person: string }
  /** An empty list clears the cooperating units ("/配合 中央-03 无"). */
  | { name: "cooperate"; code: string; units: string[] }
  /** `target` as typed (a code or a unit), `code` the same read as a code. */
  | { name: "chase"; target: string; code: string; request: string; due: Day | null }
  | { name: "instruct"; code: string; text: string };

const NONE = new Set(["无", "none", "-"]);

export function parseOfficeArgs(command: OfficeCommand["name"], args: string, today: Day): ParseResult {
  const missing = (argument: "code" | "unit" | "person" | "reason" | "content"): ParseResult => ({ ok: false, error: { code: "missing_argument", command, argument } });
  const [code, rest] = nextCode(args);
  if (!code) return missing("code");
  switch (command) {
    case "chase": {
      const target = next(args)[0].replace(/^[#＃]/, "");
      const words = rest.trim().split(/\s+/u).filter(Boolean);
      // The 期限 is the last word when it reads as a day ("12月10日", "2026-12-10").
      const due = words.length ? parseDay(words.at(-1)!, today) : null;
      if (due !== null && due < today) return { ok: false, error: { code: "date_in_past", command, day: due, today } };
      const request = (due !== null ? words.slice(0, -1) : words).join(" ");
      return { ok: true, command: { name: command, target, code, request, due } };
    }
    case "instruct":
      return rest.trim() ? { ok: true, command: { name: command, code, text: rest.trim() } } : missing("content");
    case "transfer": {
      const [unit, reason] = next(rest);
      if (!unit) return missing("unit");
      return reason.trim() ? { ok: true, command: { name: command, code, unit, reason: reason.trim() } } : missing("reason");
    }
    case "assign": {
      const [person] = next(rest);
      return person ? { ok: true, command: { name: command, code, person } } : missing("person");
    }
    case "cooperate": {
      const units = allOf(rest);
      if (!units.length) return missing("unit");
      return { ok: true, command: { name: command, code, units: units.length === 1 && NONE.has(units[0]!.toLowerCase()) ? [] : units } };
    }
  }
}
