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
    const extra = fields ? " " + JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? errorFields(v) : v)) : "";
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${extra}`);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/**
 * An error as fields, its stack included: the stack is what finds the bug. JSON keeps the
 * stack's line breaks as \n, so the event stays one line; a cause is written the same way.
 */
function errorFields(err: Error): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: err.message,
    ...(code !== undefined ? { code } : {}),
    stack: err.stack,
    ...(err.cause !== undefined ? { cause: err.cause } : {}),
  };
}

export const silentLogger: Logger = createLogger("silent");
