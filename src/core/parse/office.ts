/** The office's commands: /转办 <编号> <单位> <原因>, /指派 <编号> <姓名>, /配合 <编号> <单位…>. */
import type { ParseResult } from "../commands";
import { allOf, next, nextCode } from "./args";

export type OfficeCommand =
  | { name: "transfer"; code: string; unit: string; reason: string }
  | { name: "assign"; code: string; person: string }
  /** An empty list clears the cooperating units ("/配合 中央-03 无"). */
  | { name: "cooperate"; code: string; units: string[] };

const NONE = new Set(["无", "none", "-"]);

export function parseOfficeArgs(command: OfficeCommand["name"], args: string): ParseResult {
  const missing = (argument: "code" | "unit" | "person" | "reason"): ParseResult => ({ ok: false, error: { code: "missing_argument", command, argument } });
  const [code, rest] = nextCode(args);
  if (!code) return missing("code");
  switch (command) {
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
