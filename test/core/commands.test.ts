import { describe, expect, it } from "vitest";
import {
  bareQuery,
  COMMANDS, parseCommand, resolveCommandName, splitCommand, type Command, type CommandError,
} from "../../src/core/commands";
import { zhCN } from "../../src/i18n/zh-CN/index";
import { en } from "../../src/i18n/en/index";

const today = "2026-07-15";

/** What a person typing `text` asks for. */
function read(text: string): Command {
  const split = splitCommand(text);
  if (!split) throw new Error(`"${text}" is not a command`);
  const r = parseCommand(split.name, split.args, today);
  if (!r.ok) throw new Error(`"${text}" was refused: ${JSON.stringify(r.error)}`);
  return r.command;
}

/** What is wrong with `text`. */
function refusal(text: string): CommandError {
  const split = splitCommand(text);
  if (!split) throw new Error(`"${text}" is not a command`);
  const r = parseCommand(split.name, split.args, today);
  if (r.ok) throw new Error(`"${text}" was accepted as ${JSON.stringify(r.command)}`);
  return r.error;
}

describe("recognising a command in a message", () => {
  it("a slash, a full-width slash and the Chinese IME's 、 all start a command", () => {
    expect(splitCommand("/status 中央-07-2")).toEqual({ name: "status", args: "中央-07-2" });
    expect(splitCommand("／查询 中央-07-2")).toEqual({ name: "查询", args: "中央-07-2" });
    expect(splitCommand("、查询 中央-07-2")).toEqual({ name: "查询", args: "中央-07-2" });
  });

  it("the bot's @name after a command is dropped", () => {
    expect(splitCommand("/status@duban_bot 中央-07-2")).toEqual({ name: "status", args: "中央-07-2" });
    expect(splitCommand("/mine@duban_bot")).toEqual({ name: "mine", args: "" });
  });

  it("English names are read in lower case, Chinese ones as typed", () => {
    expect(splitCommand("/STATUS 省-15")).toEqual({ name: "status", args: "省-15" });
    expect(splitCommand("/ＳｔａｔｕＳ 省-15")?.name).toBe("status");
    expect(splitCommand("/我的")).toEqual({ name: "我的", args: "" });
  });

  it("arguments are trimmed but keep their inner spacing and line breaks", () => {
    expect(splitCommand("/退回  省-15  照片  不清晰 \n请补拍  ")).toEqual({ name: "退回", args: "省-15  照片  不清晰 \n请补拍" });
  });

  it("a Chinese command typed straight into its argument is still found", () => {
    expect(splitCommand("/查询中央-07-2")).toEqual({ name: "查询", args: "中央-07-2" });
    expect(splitCommand("、信访延期2024-015 2026-08-01 需补充调查")).toEqual({
      name: "信访延期", args: "2024-015 2026-08-01 需补充调查",
    });
    expect(splitCommand("/我的任务")).toEqual({ name: "我的", args: "任务" });
  });

  it("an unknown name after a slash is still a command, so the person can be told", () => {
    expect(splitCommand("/frobnicate now")).toEqual({ name: "frobnicate", args: "now" });
  });

  it.each([
    ["今天开会"],
    ["中央-07-2 完成60%"],
    ["、今天开会"],
    ["/"],
    ["/ 查询"],
    ["/home/user/file"],
    [""],
  ])("%j is not a command", (text) => {
    expect(splitCommand(text)).toBeNull();
  });
});

describe("reading a command's arguments", () => {
  it("/查询, /状态 and /status each ask for one item", () => {
    for (const text of ["/查询 中央-07-2", "/状态 中央-07-2", "/status 中央-07-2", "/Status #中央-07-2"]) {
      expect(read(text)).toMatchObject({ name: "status", code: "中央-07-2" });
    }
  });

  it("/查询 and /search keep the whole argument as the query, for keywords", () => {
    expect(read("/查询 河道 采砂")).toEqual({ name: "status", code: "河道", query: "河道 采砂" });
    expect(read("/search 采砂")).toEqual({ name: "status", code: "采砂", query: "采砂" });
  });

  it("查询 中央-04 without the slash is a query; a report opening with 查询 is not", () => {
    expect(bareQuery("查询 中央-04")).toEqual({ name: "查询", args: "中央-04" });
    expect(bareQuery("查询中央-04")).toEqual({ name: "查询", args: "中央-04" });
    expect(bareQuery("搜索：采砂")).toEqual({ name: "搜索", args: "采砂" });
    expect(bareQuery("查询了河道沿线")).toBeNull();
    expect(bareQuery("查询 中央-04\n已完成清淤")).toBeNull();
  });

  it("an item code is normalised wherever a command takes one", () => {
    expect(read("/查询 ＃中央－０７－２")).toMatchObject({ name: "status", code: "中央-07-2" });
    expect(read("/查询 中央——07——2")).toMatchObject({ name: "status", code: "中央-07-2" });
  });

  it("commands without arguments ignore what follows them", () => {
    expect(read("/我的")).toEqual({ name: "mine" });
    expect(read("/mine please")).toEqual({ name: "mine" });
    expect(read("/我是谁")).toEqual({ name: "whoami" });
    expect(read("/导入")).toEqual({ name: "import" });
  });

  it("/逾期 and /临期 take an optional unit", () => {
    expect(read("/逾期")).toEqual({ name: "overdue" });
    expect(read("/逾期 住建局")).toEqual({ name: "overdue", unit: "住建局" });
    expect(read("/due")).toEqual({ name: "due" });
    expect(read("/临期 城关镇")).toEqual({ name: "due", unit: "城关镇" });
  });

  it("/单位 needs a unit and /信访 and /公开 need a case number", () => {
    expect(read("/单位 市住建局")).toEqual({ name: "unit", unit: "市住建局" });
    expect(refusal("/单位")).toEqual({ code: "missing_argument", command: "unit", argument: "unit" });
    expect(read("/信访 D2024-015")).toEqual({ name: "case", caseNo: "D2024-015" });
    expect(refusal("/case")).toEqual({ code: "missing_argument", command: "case", argument: "caseNo" });
    expect(read("/公开 D2024-015")).toEqual({ name: "disclose", caseNo: "D2024-015" });
  });

  it("/申请销号, /done and /apply apply for sign-off with an optional note", () => {
    expect(read("/申请销号 中央-07-2 清淤全部完成，照片已上传")).toEqual({
      name: "apply", code: "中央-07-2", note: "清淤全部完成，照片已上传",
    });
    expect(read("/done 省-15")).toEqual({ name: "apply", code: "省-15", note: "" });
    expect(read("/销号申请 省-15")).toEqual({ name: "apply", code: "省-15", note: "" });
  });

  it("a colon or comma after the code separates it from the note, as people write", () => {
    expect(read("/申请销号 中央-07-2：已完成清淤")).toEqual({ name: "apply", code: "中央-07-2", note: "已完成清淤" });
    expect(read("/销号 省-15，材料齐全")).toEqual({ name: "accept", code: "省-15", note: "材料齐全", confirmed: false });
  });

  it("/销号 accepts a sign-off and needs the item", () => {
    expect(read("/销号 省-15")).toEqual({ name: "accept", code: "省-15", note: "", confirmed: false });
    expect(refusal("/accept")).toEqual({ code: "missing_argument", command: "accept", argument: "code" });
  });

  it("/销号 <编号> 确认 accepts despite the warnings, with or without a note", () => {
    expect(read("/销号 省-15 确认")).toEqual({ name: "accept", code: "省-15", note: "", confirmed: true });
    expect(read("/accept 省-15 confirm photos checked on site")).toEqual({ name: "accept", code: "省-15", note: "photos checked on site", confirmed: true });
  });

  it("/进展 reads an item and an optional page, counted from 1", () => {
    expect(read("/进展 中央-07-2")).toEqual({ name: "history", code: "中央-07-2", page: 0 });
    expect(read("/history 中央-07-2 3")).toEqual({ name: "history", code: "中央-07-2", page: 2 });
    expect(refusal("/进展 中央-07-2 0")).toEqual({ code: "bad_choice", command: "history", argument: "page", raw: "0" });
    expect(refusal("/进展")).toEqual({ code: "missing_argument", command: "history", argument: "code" });
  });

  it("/退回 and /重新打开 refuse to act without a reason", () => {
    expect(read("/退回 省-15 照片 是旧的")).toEqual({ name: "return", code: "省-15", reason: "照片 是旧的" });
    expect(refusal("/退回 省-15")).toEqual({ code: "missing_argument", command: "return", argument: "reason" });
    expect(refusal("/return")).toEqual({ code: "missing_argument", command: "return", argument: "code" });
    expect(read("/reopen 省-15 回头看发现反弹")).toEqual({ name: "reopen", code: "省-15", reason: "回头看发现反弹" });
    expect(refusal("/重新打开 省-15")).toEqual({ code: "missing_argument", command: "reopen", argument: "reason" });
  });

  it("/延期 takes a new date and a reason", () => {
    expect(read("/延期 中央-07-2 2026-12-31 汛期无法施工")).toEqual({
      name: "extend", code: "中央-07-2", day: "2026-12-31", reason: "汛期无法施工",
    });
    expect(read("/extend 省-15 12月31日 rain")).toEqual({ name: "extend", code: "省-15", day: "2026-12-31", reason: "rain" });
  });

  it("/延期 to a date that has passed is refused, but today is allowed", () => {
    expect(refusal("/延期 省-15 2026-07-14 来不及")).toEqual({
      code: "date_in_past", command: "extend", day: "2026-07-14", today,
    });
    expect(read("/延期 省-15 2026-07-15 来不及")).toMatchObject({ day: "2026-07-15" });
  });

  it("/延期 says which part is missing or unreadable", () => {
    expect(refusal("/延期")).toEqual({ code: "missing_argument", command: "extend", argument: "code" });
    expect(refusal("/延期 省-15")).toEqual({ code: "missing_argument", command: "extend", argument: "date" });
    expect(refusal("/延期 省-15 2026-12-31")).toEqual({ code: "missing_argument", command: "extend", argument: "reason" });
    expect(refusal("/延期 省-15 明年 汛期")).toEqual({ code: "bad_date", command: "extend", raw: "明年" });
    expect(refusal("/延期 省-15 2026-02-30 汛期")).toEqual({ code: "bad_date", command: "extend", raw: "2026-02-30" });
  });

  it("/信访延期 extends a petition case the same way", () => {
    expect(read("/信访延期 D2024-015 2026-08-01 需补充调查")).toEqual({
      name: "caseExtend", caseNo: "D2024-015", day: "2026-08-01", reason: "需补充调查",
    });
    expect(read("/caseExtend D2024-015 8月1日 more time")).toMatchObject({ name: "caseExtend", day: "2026-08-01" });
    expect(refusal("/信访延期 D2024-015 2026-01-01 x")).toMatchObject({ code: "date_in_past", command: "caseExtend" });
    expect(refusal("/信访延期")).toEqual({ code: "missing_argument", command: "caseExtend", argument: "caseNo" });
  });

  it("/回头看 records a pass or a fail with an optional note", () => {
    expect(read("/回头看 省-15 通过")).toEqual({ name: "lookback", code: "省-15", passed: true, note: "" });
    expect(read("/回头看 省-15 不通过 围挡被拆除，污水直排")).toEqual({
      name: "lookback", code: "省-15", passed: false, note: "围挡被拆除，污水直排",
    });
    expect(read("/lookback 省-15 PASS")).toMatchObject({ passed: true });
    expect(read("/lookback 省-15 fail")).toMatchObject({ passed: false });
    expect(refusal("/回头看 省-15")).toEqual({ code: "missing_argument", command: "lookback", argument: "result" });
    expect(refusal("/回头看 省-15 还行")).toEqual({ code: "bad_choice", command: "lookback", argument: "result", raw: "还行" });
  });

  it("/关联 links a petition case to the item it is about, or to none", () => {
    expect(read("/关联 D2026-044 #中央-07-2")).toEqual({ name: "linkCase", caseNo: "D2026-044", code: "中央-07-2" });
    expect(read("/link D2026-044 none")).toEqual({ name: "linkCase", caseNo: "D2026-044", code: null });
    expect(refusal("/关联 D2026-044")).toEqual({ code: "missing_argument", command: "linkCase", argument: "code" });
    expect(refusal("/关联")).toEqual({ code: "missing_argument", command: "linkCase", argument: "caseNo" });
  });

  it("/办结 needs a finding from the three and the actions taken", () => {
    expect(read("/办结 D2024-015 属实 已责令停产整改")).toEqual({
      name: "handle", caseNo: "D2024-015", finding: "true", actions: "已责令停产整改",
    });
    expect(read("/办结 D2024-015，部分属实，已督促清理")).toMatchObject({ finding: "partly_true", actions: "已督促清理" });
    expect(read("/handle D2024-015 false no discharge found")).toMatchObject({ finding: "false", actions: "no discharge found" });
    expect(read("/handle D2024-015 partly cleaned up")).toMatchObject({ finding: "partly_true" });
    expect(refusal("/办结 D2024-015 属实")).toEqual({ code: "missing_argument", command: "handle", argument: "actions" });
    expect(refusal("/办结 D2024-015")).toEqual({ code: "missing_argument", command: "handle", argument: "finding" });
    expect(refusal("/办结 D2024-015 基本属实 已处理")).toEqual({ code: "bad_finding", command: "handle", raw: "基本属实" });
  });

  it("/绑定 takes the binding code as given, full-width folded", () => {
    expect(read("/绑定 K7QX-29")).toEqual({ name: "bind", code: "K7QX-29" });
    expect(read("/bind ｋ７ｑｘ")).toEqual({ name: "bind", code: "k7qx" });
    expect(refusal("/绑定")).toEqual({ code: "missing_argument", command: "bind", argument: "bindCode" });
  });

  it("/邀请 makes an official unless another role is named", () => {
    expect(read("/邀请 张三 城关镇")).toEqual({ name: "invite", person: "张三", unit: "城关镇", role: "official" });
    expect(read("/邀请 李四 生态环境局 督察办")).toMatchObject({ role: "coordinator" });
    expect(read("/invite Li county leader")).toMatchObject({ role: "leader" });
    expect(read("/invite Wang bureau Unit_Head")).toMatchObject({ role: "unit_head" });
    expect(read("/邀请 王五 县政府 管理员")).toMatchObject({ role: "admin" });
    expect(refusal("/邀请 王五 县政府 局长")).toEqual({ code: "bad_role", command: "invite", raw: "局长" });
    expect(refusal("/邀请 王五")).toEqual({ code: "missing_argument", command: "invite", argument: "unit" });
    expect(refusal("/邀请")).toEqual({ code: "missing_argument", command: "invite", argument: "person" });
  });

  it("/设置群 names the chat's purpose, and a unit chat names its unit", () => {
    expect(read("/设置群 单位 城关镇")).toEqual({ name: "chat", purpose: "unit", unit: "城关镇" });
    expect(read("/设置群 领导")).toEqual({ name: "chat", purpose: "leaders" });
    expect(read("/chat coordinators")).toEqual({ name: "chat", purpose: "coordinators" });
    expect(read("/设置群 督察办")).toEqual({ name: "chat", purpose: "coordinators" });
    expect(refusal("/设置群 单位")).toEqual({ code: "missing_argument", command: "chat", argument: "unit" });
    expect(refusal("/设置群 私聊")).toEqual({ code: "bad_purpose", command: "chat", raw: "私聊" });
    expect(refusal("/设置群")).toEqual({ code: "missing_argument", command: "chat", argument: "purpose" });
  });

  it("/日报 turns the digest on (at a time), off, or sends it now", () => {
    expect(read("/日报 开")).toEqual({ name: "digest", action: "on" });
    expect(read("/digest on 07:45")).toEqual({ name: "digest", action: "on", time: "07:45" });
    expect(read("/日报 开 8:30")).toEqual({ name: "digest", action: "on", time: "08:30" });
    expect(read("/订阅 08:30")).toEqual({ name: "digest", action: "on", time: "08:30" });
    expect(read("/订阅 ０８：３０")).toEqual({ name: "digest", action: "on", time: "08:30" });
    expect(read("/日报 8点半")).toEqual({ name: "digest", action: "on", time: "08:30" });
    expect(read("/日报 9点")).toEqual({ name: "digest", action: "on", time: "09:00" });
    expect(read("/日报 关")).toEqual({ name: "digest", action: "off" });
    expect(read("/digest OFF")).toEqual({ name: "digest", action: "off" });
    expect(read("/日报 现在")).toEqual({ name: "digest", action: "now" });
    expect(read("/digest now")).toEqual({ name: "digest", action: "now" });
  });

  it("/日报 refuses a time that is not on the clock and a word it does not know", () => {
    expect(refusal("/日报 25:00")).toEqual({ code: "bad_time", command: "digest", raw: "25:00" });
    expect(refusal("/日报 开 8:61")).toEqual({ code: "bad_time", command: "digest", raw: "8:61" });
    expect(refusal("/日报 开 早上")).toEqual({ code: "bad_time", command: "digest", raw: "早上" });
    expect(refusal("/日报 每天")).toEqual({ code: "bad_choice", command: "digest", argument: "setting", raw: "每天" });
    expect(refusal("/日报")).toEqual({ code: "missing_argument", command: "digest", argument: "setting" });
  });

  it("/提醒 is switched on or off", () => {
    expect(read("/提醒 开")).toEqual({ name: "reminders", on: true });
    expect(read("/reminders off")).toEqual({ name: "reminders", on: false });
    expect(read("/提醒 关闭")).toEqual({ name: "reminders", on: false });
    expect(refusal("/提醒 有时")).toEqual({ code: "bad_choice", command: "reminders", argument: "setting", raw: "有时" });
    expect(refusal("/提醒")).toEqual({ code: "missing_argument", command: "reminders", argument: "setting" });
  });

  it("/语言 switches between Chinese and English", () => {
    expect(read("/语言 中文")).toEqual({ name: "lang", lang: "zh-CN" });
    expect(read("/lang English")).toEqual({ name: "lang", lang: "en" });
    expect(read("/lang en")).toEqual({ name: "lang", lang: "en" });
    expect(read("/lang zh-CN")).toEqual({ name: "lang", lang: "zh-CN" });
    expect(refusal("/语言 日语")).toEqual({ code: "bad_lang", command: "lang", raw: "日语" });
    expect(refusal("/lang")).toEqual({ code: "missing_argument", command: "lang", argument: "lang" });
  });

  it("/导出 gives Excel unless JSON is asked for", () => {
    expect(read("/导出")).toEqual({ name: "export", format: "xlsx" });
    expect(read("/export JSON")).toEqual({ name: "export", format: "json" });
    expect(read("/导出 excel")).toEqual({ name: "export", format: "xlsx" });
    expect(refusal("/导出 pdf")).toEqual({ code: "bad_choice", command: "export", argument: "format", raw: "pdf" });
  });

  it("/帮助 names a topic by any of its aliases, which becomes the command's name", () => {
    expect(read("/帮助")).toEqual({ name: "help" });
    expect(read("/帮助 延期")).toEqual({ name: "help", topic: "extend" });
    expect(read("/help /status")).toEqual({ name: "help", topic: "status" });
    expect(read("/help nothing")).toEqual({ name: "help", topic: "nothing" });
  });

  it("an unknown name is refused with the name as typed", () => {
    expect(refusal("/frobnicate now")).toEqual({ code: "unknown_command", name: "frobnicate" });
    expect(refusal("/查查 省-15")).toEqual({ code: "unknown_command", name: "查查" });
  });

  it("arguments over 2,000 characters are refused before they are read", () => {
    const long = `省-15 ${"很".repeat(2000)}`;
    expect(parseCommand("申请销号", long, today)).toEqual({
      ok: false, error: { code: "too_long", command: "apply", length: 2005, max: 2000 },
    });
    expect(parseCommand("申请销号", `省-15 ${"很".repeat(1994)}`, today).ok).toBe(true);
  });

  it("/建群 names the unit the group is for, and cannot go without one", () => {
    expect(read("/建群 水利整改群 单位 水利局")).toEqual({ name: "newGroup", title: "水利整改群", purpose: "unit", unit: "水利局" });
    expect(read("/newgroup Leaders leaders")).toEqual({ name: "newGroup", title: "Leaders", purpose: "leaders" });
    expect(read("/建群 督办群 督察办")).toEqual({ name: "newGroup", title: "督办群", purpose: "coordinators" });
    expect(refusal("/建群")).toEqual({ code: "missing_argument", command: "newGroup", argument: "title" });
    expect(refusal("/建群 水利局")).toEqual({ code: "missing_argument", command: "newGroup", argument: "purpose" });
    expect(refusal("/建群 水利整改群 单位")).toEqual({ code: "missing_argument", command: "newGroup", argument: "unit" });
    expect(refusal("/建群 水利整改群 水利局")).toEqual({ code: "bad_purpose", command: "newGroup", raw: "水利局" });
  });

  it("parseCommand reads names case-insensitively on its own too", () => {
    expect(parseCommand("WHOAMI", "", today)).toEqual({ ok: true, command: { name: "whoami" } });
  });
});

describe("the table of commands", () => {
  it("every command has an English and a Chinese alias, and no alias names two commands", () => {
    const aliases = COMMANDS.flatMap((c) => [...c.en, ...c.zh]);
    expect(new Set(aliases).size).toBe(aliases.length);
    for (const c of COMMANDS) {
      expect(c.en.length).toBeGreaterThan(0);
      expect(c.zh.length).toBeGreaterThan(0);
      for (const alias of [...c.en, ...c.zh]) expect(resolveCommandName(alias)).toBe(c.name);
    }
  });

  it("the grammar lists every command once, and each has a usage line in both languages", () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names).toHaveLength(36);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(zhCN.commands.usage).sort()).toEqual([...names].sort());
    expect(Object.keys(en.commands.usage).sort()).toEqual([...names].sort());
  });

  it("each usage line starts with a name that the grammar reads as that command", () => {
    for (const { name } of COMMANDS) {
      for (const usage of [zhCN.commands.usage[name], en.commands.usage[name]]) {
        const split = splitCommand(usage);
        expect(split && resolveCommandName(split.name), usage).toBe(name);
      }
    }
  });
});
