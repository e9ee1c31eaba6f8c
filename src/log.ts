/**
 * Structured logs: one JSON object a line (pino) on stderr, pretty when stderr is a
 * terminal. Every line written while an inbound event (or a web request) is handled
 * carries its id, from withLogFields(): the handling's lines can be found together
 * among many processes' interleaved output. Tests pass their own `write` or `silent`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { pino, type DestinationStream } from "pino";
import type pretty from "pino-pretty";
import { lazily } from "./lazy";

const prettyStream = lazily<typeof pretty>("pino-pretty");

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs fn with these fields on every line logged inside it (nested calls add to them). */
export function withLogFields<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const destination: DestinationStream = write
    ? { write: (line: string) => write(line.replace(/\n$/, "")) }
    : process.stderr.isTTY
      ? prettyStream()({ destination: 2, sync: true, translateTime: "SYS:standard" })
      : pino.destination({ dest: 2, sync: true });
  const base = pino(
    // Errors are turned into fields by withErrors(), whatever their key, cause and code included.
    { level, base: { pid: process.pid }, serializers: { err: (v: unknown) => v }, timestamp: pino.stdTimeFunctions.isoTime, mixin: () => context.getStore() ?? {} },
    destination,
  );
  const at = (lvl: Exclude<LogLevel, "silent">) => (msg: string, fields?: Record<string, unknown>) => {
    if (fields) base[lvl](withErrors(fields), msg);
    else base[lvl](msg);
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

function withErrors(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? errorFields(v) : v;
  return out;
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
    ...(err.cause !== undefined ? { cause: err.cause instanceof Error ? errorFields(err.cause) : err.cause } : {}),
  };
}

export const silentLogger: Logger = createLogger("silent", () => undefined);
