import { describe, expect, it } from "vitest";
import { commandErrorText } from "../../src/bot/command-errors";
import { parseCommand, splitCommand, type CommandError } from "../../src/core/commands";
import { messagesFor } from "../../src/i18n/index";

const zh = messagesFor("zh-CN");
const en = messagesFor("en");

function errorOf(text: string): CommandError {
  const split = splitCommand(text)!;
  const r = parseCommand(split.name, split.args, "2026-07-15");
  if (r.ok) throw new Error(`"${text}" was accepted`);
  return r.error;
}

describe("telling a person what was wrong with their command", () => {
  it("an unknown command points to /帮助", () => {
    expect(commandErrorText(errorOf("/查查 省-15"), zh)).toBe("没有这个命令：/查查。发送 /帮助 查看可用命令。");
    expect(commandErrorText(errorOf("/frob"), en)).toBe("No such command: /frob. Send /help to see the commands.");
  });

  it("a missing argument is named, with the command's usage in the person's language", () => {
    expect(commandErrorText(errorOf("/退回 省-15"), zh)).toBe("缺少原因。用法：/退回 <编号> <原因> — 退回销号申请");
    expect(commandErrorText(errorOf("/return 省-15"), en)).toBe(
      "Missing a reason. Usage: /return <code> <reason> — return a sign-off application",
    );
  });

  it("an unreadable date is quoted back with an example and the usage", () => {
    const text = commandErrorText(errorOf("/延期 省-15 明年 汛期"), zh);
    expect(text).toContain("“明年”");
    expect(text).toContain("2026-12-31");
    expect(text).toContain("/延期 <编号> <新时限> <原因>");
  });

  it("a date in the past shows the date and today", () => {
    expect(commandErrorText(errorOf("/延期 省-15 2026-07-01 汛期"), zh)).toBe(
      "2026-07-01 已经过去了（今天是 2026-07-15），请给今天或以后的日期。",
    );
    expect(commandErrorText(errorOf("/extend 省-15 2026-07-01 rain"), en)).toContain("today is 2026-07-15");
  });

  it("a wrong role, purpose, finding, time or language lists what would do", () => {
    expect(commandErrorText(errorOf("/邀请 王五 县政府 局长"), zh)).toContain("责任人、单位负责人、督察办、领导、管理员");
    expect(commandErrorText(errorOf("/设置群 私聊"), zh)).toContain("单位、领导、督察办");
    expect(commandErrorText(errorOf("/办结 D-1 基本属实 已处理"), zh)).toContain("属实、部分属实、不属实");
    expect(commandErrorText(errorOf("/日报 25:00"), zh)).toContain("08:30");
    expect(commandErrorText(errorOf("/lang fr"), en)).toBe('"fr" is not supported. Choose zh or en.');
  });

  it("an unrecognised choice names the argument and shows the usage", () => {
    expect(commandErrorText(errorOf("/回头看 省-15 还行"), zh)).toBe(
      "看不懂回头看结果“还行”。用法：/回头看 <编号> <通过|不通过> [说明] — 记录回头看结果",
    );
    expect(commandErrorText(errorOf("/export pdf"), en)).toBe(
      'Cannot read the export format "pdf". Usage: /export [xlsx|json] — export the rectification ledger',
    );
  });

  it("text that is too long says how long it was and the limit", () => {
    const error: CommandError = { code: "too_long", command: "apply", length: 2400, max: 2000 };
    expect(commandErrorText(error, zh)).toBe("内容太长了（2400字，最多2000字），请精简后再发。");
    expect(commandErrorText(error, en)).toContain("2400 characters, at most 2000");
  });
});
