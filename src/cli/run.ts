/**
 * The admin CLI, callable in-process: `runCli(argv)` returns the exit code. Every
 * command answers --help; wrong arguments give the reason and exit code 2.
 */
import { configuredAuditKey } from "../secret";
import { systemClock, type Clock } from "../core/clock";
import { ConfigError, loadConfig } from "../config";
import { messagesFor } from "../i18n/index";
import { openLedger, type Ledger } from "../ledger/db";
import { parseCommandArgs, type CliContext, type Command } from "./command";
import { chatsCommand } from "./commands/chats";
import { digestCommand } from "./commands/digest";
import { exportCommand } from "./commands/export";
import { importCommand } from "./commands/import";
import { inviteCommand } from "./commands/invite";
import { migrateCommand } from "./commands/migrate";
import { statusCommand } from "./commands/status";
import { inboundCommand } from "./commands/inbound";
import { backupCommand } from "./commands/backup";
import { evidenceCommand } from "./commands/evidence";
import { auditCommand } from "./commands/audit";

export const COMMANDS = {
  migrate: migrateCommand,
  import: importCommand,
  export: exportCommand,
  invite: inviteCommand,
  chats: chatsCommand,
  digest: digestCommand,
  status: statusCommand,
  inbound: inboundCommand,
  backup: backupCommand,
  evidence: evidenceCommand,
  audit: auditCommand,
};

type CommandName = keyof typeof COMMANDS;

export interface CliDeps {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  stdout?: (chunk: string | Uint8Array) => void;
  stderr?: (chunk: string) => void;
  /** A terminal to draw progress on; null when stderr is not one. */
  tty?: NodeJS.WritableStream | null;
}

export async function runCli(argv: string[], deps: CliDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? ((c) => void process.stdout.write(c));
  const stderr = deps.stderr ?? ((c) => void process.stderr.write(c));
  let config;
  try {
    config = loadConfig(deps.env ?? process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    stderr(err.message + "\n");
    return 2;
  }
  const msg = messagesFor(config.DUBAN_LANG);
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = rest[0];
    stdout((topic && topic in COMMANDS ? msg.io.cli.help[topic as CommandName] : msg.io.cli.usage) + "\n");
    return name === undefined ? 2 : 0;
  }
  if (!(name in COMMANDS)) {
    stderr(msg.io.cli.unknownCommand({ command: name }) + "\n");
    return 2;
  }
  const command = COMMANDS[name as CommandName] as Command<unknown>;
  const parsed = parseCommandArgs(command, rest);
  if (parsed.ok === "help") {
    stdout(msg.io.cli.help[name as CommandName] + "\n");
    return 0;
  }
  if (!parsed.ok) {
    stderr(msg.io.cli.badArgs({ command: name, detail: parsed.detail }) + "\n");
    return 2;
  }
  const opened: { ledger?: Promise<Ledger> } = {};
  const ctx: CliContext = {
    config,
    msg,
    clock: deps.clock ?? systemClock,
    out: (line) => stdout(line + "\n"),
    err: (line) => stderr(line + "\n"),
    write: (bytes) => stdout(bytes),
    tty: deps.tty === undefined ? (process.stderr.isTTY ? process.stderr : null) : deps.tty,
    ledger: () => (opened.ledger ??= openLedger({ databaseUrl: config.databaseUrl, retryBusy: true, auditKey: configuredAuditKey(config) })),
  };
  try {
    return await command.run(ctx, parsed.args);
  } catch (err) {
    stderr(msg.io.cli.failed({ detail: (err as Error).message }) + "\n");
    return 1;
  } finally {
    if (opened.ledger) await (await opened.ledger).close();
  }
}
