/** `npm run cli -- <command>`: the admin's command line (see `npm run cli -- --help`). */
import { runCli } from "./run";

process.exitCode = await runCli(process.argv.slice(2));
