/**
 * What a subcommand of the admin CLI is: its options (node:util parseArgs), a zod schema
 * that turns them into typed arguments, and its run function. Output goes through the
 * context so that tests can read it.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";
import type { Clock } from "../core/clock";
import type { Config } from "../config";
import type { Catalogue } from "../i18n/index";
import type { Ledger } from "../ledger/db";

export interface CliContext {
  config: Config;
  msg: Catalogue;
  clock: Clock;
  /** A line for the user (stdout). */
  out(line: string): void;
  /** A line about a failure (stderr). */
  err(line: string): void;
  /** Raw bytes to stdout (an export to "-"). */
  write(bytes: Uint8Array): void;
  /** stderr when it is a terminal: progress bars are drawn there and nowhere else. */
  tty: NodeJS.WritableStream | null;
  /** The ledger, opened (and migrated) on first use and closed when the command ends. */
  ledger(): Promise<Ledger>;
}

export interface Command<A> {
  name: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Receives { positionals, ...options }. */
  schema: z.ZodType<A>;
  run(ctx: CliContext, args: A): Promise<number>;
}

export function defineCommand<A>(c: Command<A>): Command<A> {
  return c;
}

export type Parsed<A> = { ok: true; args: A } | { ok: false; detail: string } | { ok: "help" };

/** Telegram group ids are negative numbers; parseArgs would take "-1001…" for an option. */
const NEGATIVE = /^-\d/;
const MARK = "\u0000";
const unmark = (v: unknown): unknown => (typeof v === "string" && v.startsWith(MARK) ? v.slice(1) : v);

export function parseCommandArgs<A>(c: Command<A>, argv: string[]): Parsed<A> {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv.map((a) => (NEGATIVE.test(a) ? MARK + a : a)),
      options: { ...c.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
  if (values.help) return { ok: "help" };
  values = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, unmark(v)]));
  const parsed = c.schema.safeParse({ positionals: positionals.map(unmark), ...values });
  if (parsed.success) return { ok: true, args: parsed.data };
  const where = (path: PropertyKey[]) =>
    path.length === 0 ? "" : path[0] === "positionals" ? `#${Number(path[1] ?? 0) + 1}: ` : `--${String(path[0])}: `;
  const detail = parsed.error.issues.map((i) => `${where(i.path)}${i.message}`).join("; ");
  return { ok: false, detail };
}
