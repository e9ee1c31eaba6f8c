/** What a person is told when a command cannot be read, in their language. */
import type { CommandError } from "../core/commands";
import type { Catalogue } from "../i18n/index";

export function commandErrorText(error: CommandError, m: Catalogue): string {
  const t = m.commands;
  switch (error.code) {
    case "unknown_command":
      return t.errors.unknown_command({ name: error.name });
    case "missing_argument":
      return t.errors.missing_argument({ argument: t.argument[error.argument], usage: t.usage[error.command] });
    case "bad_date":
      return t.errors.bad_date({ raw: error.raw, usage: t.usage[error.command] });
    case "date_in_past":
      return t.errors.date_in_past({ day: error.day, today: error.today });
    case "bad_role":
    case "bad_purpose":
    case "bad_finding":
    case "bad_time":
    case "bad_lang":
      return t.errors[error.code]({ raw: error.raw });
    case "bad_choice":
      return t.errors.bad_choice({ raw: error.raw, argument: t.argument[error.argument], usage: t.usage[error.command] });
    case "bad_year":
    case "bad_range":
    case "days_without_kind":
      return t.errors[error.code]({ raw: error.raw, usage: t.usage[error.command] });
    case "too_long":
      return t.errors.too_long({ length: error.length, max: error.max });
  }
}
