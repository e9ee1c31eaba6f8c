/** English messages: io. Keys and parameters must match ../zh-CN/io.ts. */
import type { io as zh } from "../zh-CN/io";

type At = { sheet?: string; row?: number; column?: string };
type P = { text: string; n: number };
type N = { sheet: string; text: string };

export const io: typeof zh = {
  where: (p: At) => [p.sheet ? `[${p.sheet}]` : "", p.row ? `Row ${p.row}` : "", p.column ?? ""].filter(Boolean).join(", "),
  problem: {
    notSpreadsheet: (_: P) => "not an Excel (.xlsx) or CSV file",
    legacyXls: (_: P) => "old .xls files are not supported: save it as .xlsx in Excel and import that",
    badEncoding: (_: P) => "the encoding of this CSV file is not recognised (UTF-8 and GBK/GB18030 are read): save it as \"CSV UTF-8\" in Excel",
    badXlsx: (_: P) => "this Excel file cannot be read; it may be damaged",
    tooManyRows: (_: P) => "too many rows (over 50,000): split the file and import the parts",
    zipCorrupt: (_: P) => "the Excel file is damaged (broken zip structure)",
    zipTooLarge: (_: P) => "refused: the file expands to too much data (looks like a zip bomb)",
    zipTooManyEntries: (_: P) => "refused: the file holds too many parts to be an ordinary Excel file",
    zipRatio: (_: P) => "refused: the file compresses suspiciously well (looks like a zip bomb)",
    zipUnsupported: (_: P) => "this compression is not supported: save the file again in Excel and import that",
    noHeader: (_: P) =>
      "no header row found: a ledger needs columns such as 问题, 责任单位, 整改时限; a petition list needs 交办编号, 反映问题",
    noSheets: (_: P) => "the file has no sheet that can be imported",
    missingColumns: (p: P) => `required columns missing: ${p.text}`,
    required: (_: P) => "must not be empty",
    badDate: (p: P) => `cannot read the date "${p.text}"`,
    notLongTerm: (_: P) => "needs a date here, not 长期坚持 (long-term)",
    duplicateCode: (p: P) => `code "${p.text}" repeats row ${p.n}`,
    duplicateCase: (p: P) => `case number "${p.text}" repeats row ${p.n}`,
    unknownItem: (p: P) => `no ledger item has the code "${p.text}": check the code (or import the items first, or in the same file)`,
    noCode: (_: P) => "cannot make a code: add a 编号 column, or give the source (--source) or a code prefix (--prefix)",
    noSource: (_: P) => "cannot tell the source: add a 来源 column, or give the source (--source)",
    badSource: (p: P) => `unknown source "${p.text}" (use 中央督察, 省督察, 信访, 风险排查 or 自查)`,
    badCategory: (p: P) => `unknown category "${p.text}" (use 水, 大气, 土壤, 固废危废, 饮用水, 小水电, 自然保护区, 噪声 or 其他)`,
    badCaseStatus: (p: P) => `unknown case state "${p.text}" (use 已交办, 办理中, 已办结 or 已公开)`,
    badFinding: (p: P) => `unknown finding "${p.text}" (use 属实, 部分属实 or 不属实)`,
    badYesNo: (p: P) => `"${p.text}" should be 是 (yes) or 否 (no)`,
    badCoordinates: (p: P) => `cannot read the coordinates "${p.text}": write two numbers, longitude then latitude, as in "119.65,29.08" (longitude up to 180, latitude up to 90)`,
  },
  note: {
    skippedSheet: (p: N) => `sheet "${p.sheet}" has no ledger header; skipped`,
    unknownColumns: (p: N) => `sheet "${p.sheet}": these columns are not understood and were ignored: ${p.text}`,
    aliasTaken: (p: N) => `the alias "${p.text}" already belongs to another unit; left unchanged`,
    lookbackForward: (p: N) => `signed-off items petitioned about again, look-back brought forward: ${p.text}`,
  },
  summary: {
    dryRun: "Dry run: the results of checking the file; nothing was written.",
    items: (p) => `Items: ${p.created} new, ${p.updated} updated, ${p.unchanged} unchanged`,
    cases: (p) => `Petition cases: ${p.created} new, ${p.updated} updated, ${p.unchanged} unchanged`,
    created: (p) => `Created ${p.units} unit(s) and ${p.people} person(s)`,
    problems: (p) => `${p.n} problem(s) found:`,
    blocked: "The file has problems; nothing was written. Fix them and import again, or import only the valid rows (--skip-invalid).",
    rejected: (p) => `${p.n} row(s) with problems were not imported`,
    empty: "The file has no data rows.",
    notes: "Notes:",
  },
  export: {
    casesSheet: "Petition cases",
    sourceTitle: (p) => `Rectification ledger: ${p.source} (as of ${p.day})`,
    summarySheet: "Summary",
    summaryTitle: (p) => `Summary (this week: ${p.from} to ${p.to})`,
    total: "Total",
    report: (p) => `${p.day}: ${p.text}`,
    completion: { done: "done", longTerm: "long-term", awaiting: "awaiting sign-off", inProgress: "in progress", notStarted: "not started" },
    byImport: (p) => `import (${p.file})`,
    lookbackDue: (p) => `by ${p.day}`,
    lookbackDone: (p) => `${p.day} ${p.passed ? "passed" : "failed"}${p.note ? `: ${p.note}` : ""}`,
    casesTitle: (p) => `Petition cases (as of ${p.day}; without petitioners)`,
    errorColumn: "Problems",
  },
  cli: {
    usage: `duban admin commands

Usage: npm run cli -- <command> [options]

Commands:
  migrate          update the database structure
  import <file>    import a rectification ledger or petition list (.xlsx / .csv)
  export <file>    export the ledger (Excel, CSV or JSON)
  invite <name>    issue a one-time bind code for a person
  chats            list or bind chats
  digest           preview a chat's daily digest
  status           ledger, delivery queue and failed messages at a glance
  inbound          list or replay messages that could not be processed
  backup [file]    online backup of the SQLite ledger (pg_dump for PostgreSQL)
  evidence         list flagged photos, or find the ledger photos a photo copies
  audit verify     check that no audit event was edited, deleted or inserted

Every command takes --help for details.
The database is DATABASE_URL (default ./data/duban.db).`,
    help: {
      backup: `Usage: npm run cli -- backup [file]

Copies the SQLite ledger while the bot runs (SQLite's online backup: one consistent copy).
Without a file name it writes backups/duban-<day>-<hhmm>.db beside the ledger. An
existing file is never overwritten.
To restore: stop duban, copy the backup over the file DATABASE_URL names (removing the
-wal and -shm files beside it), start duban.
A PostgreSQL ledger is backed up with pg_dump; this command prints the command to use.`,
      migrate: `Usage: npm run cli -- migrate

Applies the database migrations not yet applied, in order (none twice).`,
      import: `Usage: npm run cli -- import <file.xlsx|file.csv> [options]

Imports a rectification ledger (问题, 整改目标, 整改措施, 责任领导, 责任单位, 配合单位,
责任人, 整改时限, 进展情况, 完成情况) and petition lists (交办编号, 批次, 交办时间, 反映问题,
所在地, 污染类型, 责任单位, 包案领导, 办理时限, 办理状态). A sheet named 单位 (单位名称,
简称, 上级单位) registers unit aliases.

The whole file is checked first: with any problem nothing is written, and every
problem is listed with its row and column. Importing the same file again changes
nothing; importing an updated file updates items by code and records each change in
the audit history. An item's status is taken from 完成情况 only when it is created;
after that the bot's reports and sign-offs decide it.

Codes: the 编号 column when present (e.g. 中央-07-2). With only a numeric 序号, the
code is prefix-序号 with the number padded to two digits: 7 → 中央-07, 7-2 → 中央-07-2.
The prefix is --prefix, or else follows the source: central → 中央, provincial → 省,
petition → 信访, risk → 风险, self → 自查. The source comes from, in order: a 来源
column, --source, the sheet name (for a CSV, the file name) containing 中央, 省, 风险 …,
a title row above the header naming the inspection, the code's prefix. A section heading
(四、生态保护问题) sets the category of the rows under it. 完成情况 "已完成" on a new item
signs it off, recorded as signed off by this import.

Options:
  --dry-run            check and report only; write nothing
  --skip-invalid       import the valid rows; rows with problems go to <name>.rejected.<ext>
  --rejected <file>    write the rows with problems to this file instead
  --source <source>    central | provincial | petition | risk | self, or 中央 | 省 | 信访 | 风险 | 自查
  --prefix <prefix>    prefix for codes made from 序号, e.g. 中央
  --help               show this help

CSV files are read as UTF-8 or, as Excel on Chinese Windows saves them, GBK/GB18030.`,
      export: `Usage: npm run cli -- export <file> [options]

Exports the items, one sheet per source (中央, 省, 信访, 风险, 自查) in the imported
order and 序号, with the import template's columns (进展情况 is the latest report with
its date, 完成情况 follows the status) plus current status, current deadline, progress,
sign-off date, accepted by, look-back, photo count and traffic light; the petition cases
on their own sheet; and 调度汇总, per unit: open, overdue, reported and signed off this
week. Autofilter, frozen header, A4 landscape with the title rows on every page. No export contains a petitioner's name or contact. An exported Excel
file imports back without any change. A CSV file holds one table: the items, or with
--cases the petition cases (UTF-8 with a BOM, so Excel opens it).

Options:
  --format <xlsx|csv|json>  default: from the file's extension (.csv, .json), else xlsx
  --cases                   in CSV, the petition cases instead of the items
  --help                    show this help

With file - and --format json the export goes to standard output.`,
      invite: `Usage: npm run cli -- invite <name> --unit <unit> --role <role> [--phone <phone>] [--new-unit]

Finds the person in the unit (creating them if needed) and prints a one-time bind code,
valid for 7 days. --new-unit creates the unit when it does not exist yet (e.g. the first
coordinator, before the ledger is imported). The person sends /bind <code> in a chat to bind their account.

Roles: official | unit_head | coordinator | leader | admin; several separated by commas.`,
      chats: `Usage:
  npm run cli -- chats
      list the bound chats
  npm run cli -- chats bind <platform> <chatId> --purpose <purpose> [--unit <unit>] [--title <title>] [--digest-time HH:MM]
      bind (or re-bind) a chat

Platforms: web | telegram | slack | dingtalk | feishu | wecom
Purposes: leaders | coordinators | unit (needs --unit)`,
      digest: `Usage: npm run cli -- digest --chat <id> [--at <time>] --preview

Prints the daily digest the chat (id as listed by chats) would get at the given time
(ISO; default now). Nothing is sent.`,
      status: `Usage: npm run cli -- status

Shows items by status and traffic light, petition cases by status, the health of
the delivery queue, and the messages that could not be processed.`,
      audit: `Usage: npm run cli -- audit verify

Seals the new audit events onto the audit chain, then checks it from the start: each
row's hash, its link to the one before, and its mark. A sound chain prints its length and
head (the same as the last line of the leaders' daily digest); an edited, deleted or
inserted row is listed with where it is, and the exit code is non-zero.`,
      inbound: `Usage:
  npm run cli -- inbound list
      list the messages that could not be processed (latest 20)
  npm run cli -- inbound retry <id>
      once the cause is fixed, hand the message to the bot again (the running bot sends the replies)

A message that fails again and again (bad data, a bug) is recorded, its sender gets an
apology, the coordinators' group is told, and the bot goes on with the next message.`,
      evidence: `Usage:
  npm run cli -- evidence flags [--json] [--item <code>] [--all]
      list the flagged photos (not yet verified; --all includes verified ones), each with the earlier photo it copies
  npm run cli -- evidence match <photo file>
      list the ledger's photos that a photo received by other means is the same as or a near copy of

--json prints one JSON array whose objects have item, kind, flags, sentAt, reason and matches.`,
    },
    badArgs: (p) => `Wrong arguments: ${p.detail}\nRun npm run cli -- ${p.command} --help for usage`,
    unknownCommand: (p) => `There is no command "${p.command}". Run npm run cli -- --help for the list.`,
    failed: (p) => `Failed: ${p.detail}`,
    backup: {
      written: (p) => `Backed up to ${p.file} (${p.pages} pages)`,
      exists: (p) => `${p.file} exists and is not overwritten. Choose another file name.`,
      noLedger: "There is no ledger file: check DATABASE_URL or DUBAN_DATA_DIR.",
      usePgDump: (p) =>
        `The ledger is on PostgreSQL; this command backs up SQLite only. Use pg_dump (it works while duban runs):
  pg_dump --format=custom --file=duban-${p.day}.dump "$DATABASE_URL"
To restore into an empty database:
  pg_restore --no-owner --dbname "$DATABASE_URL" duban-${p.day}.dump`,
    },
    migrated: (p) => `Applied migrations: ${p.names}`,
    upToDate: "The database is up to date.",
    ledgerWhere: (p) => `Ledger: ${p.where} (${p.kind})`,
    rejectedWritten: (p) => `${p.n} row(s) with problems written to ${p.file}`,
    exported: (p) => `Exported ${p.items} item(s) and ${p.cases} petition case(s) to ${p.file}`,
    exportedTable: (p) => (p.table === "cases" ? `Exported ${p.rows} petition case(s) to ${p.file}` : `Exported ${p.rows} item(s) to ${p.file}`),
    unitNotFound: (p) => `No unit "${p.unit}". Check the name or import the ledger first; add --new-unit to create it.`,
    chatNotFound: (p) => `No chat with id ${p.id}. Run chats for the list.`,
    invited: (p) => `${p.created ? "Created" : "Found"} ${p.name} (${p.unit}, ${p.roles})`,
    bindCode: (p) => `Bind code: ${p.code} (valid until ${p.until}, once)\nThe person sends in a chat: /bind ${p.code}`,
    noChats: "No chat is bound yet.",
    chatLine: (p) =>
      `${p.id}. [${p.platform}] ${p.chatId} ${p.title} — ${p.purpose}${p.unit ? ` (${p.unit})` : ""}, digest ${p.digest}`,
    chatBound: (p) => `Bound as chat ${p.id}, purpose: ${p.purpose}`,
    digestOff: "off",
    status: {
      items: (p) => `${p.n} item(s)`,
      byStatus: (p) => `By status: ${p.detail}`,
      byLight: (p) => `By light (not signed off): ${p.detail}`,
      cases: (p) => `${p.n} petition case(s): ${p.detail}`,
      count: (p) => `${p.label} ${p.n}`,
      sep: ", ",
      outbox: (p) => `Delivery queue: ${p.pending} pending, ${p.sending} sending, ${p.failed} failed`,
      oldestPending: (p) => `The oldest pending message has waited ${p.minutes} min`,
      stuck: (p) => `${p.n} message(s) have an expired sending lease (is the sender running?)`,
      failedMessage: (p) => `  Failed #${p.id} [${p.platform}] ${p.chatId} ${p.key}: ${p.error}`,
      noError: "(the platform gave no reason)",
      moreFailed: (p) => `  and ${p.n} more failed`,
    },
    progress: { writing: "Writing", exporting: "Exporting" },
  },
};
