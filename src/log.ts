/** A small levelled logger writing one line per event to stderr; tests pass `silent`. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const order: LogLevel[] = ["debug", "info", "warn", "error", "silent"];

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l + "\n")): Logger {
  const min = order.indexOf(level);
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(lvl) < min) return;
    const extra = fields ? " " + JSON.stringify(fields, (_k, v) => (v instanceof Error ? v.message : v)) : "";
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${extra}`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export const silentLogger: Logger = createLogger("silent");
