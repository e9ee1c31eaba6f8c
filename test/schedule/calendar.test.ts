/**
 * December 2026 to the first week of 2027 with no 2027 holiday data in the package, day
 * by day, the scheduler ticking at 09:00 and 10:00 in Shanghai: what the coordinators'
 * group, a unit's group and the leaders' group see.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createDuban, type Duban } from "../../src/app";
import { addDays } from "../../src/core/days";
import { openLedger } from "../../src/ledger/db";
import { DB_KINDS, TEST_AUDIT_KEY } from "../support/databases";
import { startTestDuban, type TestDuban } from "../support/harness";

/** A 2027 schedule shaped like a State Council notice (not the real one): New Year is 1 to 3 January. */
const TYPED_2027 = "/节假日 2027 休 2027-01-01~2027-01-03 2027-02-06~2027-02-12 班 2027-02-14";
const FILE_2027 = { year: 2027, holidays: ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"], workdays: ["2027-02-20"] };

const DECEMBER_WORKING_DAYS = [
  "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04",
  "2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11",
  "2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18",
  "2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25",
  "2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31",
];

interface Seen {
  day: string;
  chatId: string;
  text: string;
}

/** The county with its three groups bound by the coordinator, as they would be in chat. */
async function county(t: TestDuban) {
  await t.bindAs("test", "wang", "coordinator");
  await t.say("wang", "/设置群 督察办", { chat: t.group("office", "督察整改办") });
  await t.say("wang", "/设置群 单位 水利局", { chat: t.group("water", "水利局工作群") });
  await t.say("wang", "/设置群 领导", { chat: t.group("leaders", "县领导群") });
  await t.replies();
}

/** Day by day from `from` to `to`: ticks at 09:00 and 10:00, then delivery; `during` runs after a day's ticks. */
async function live(t: TestDuban, from: string, to: string, opts: { during?: (day: string) => Promise<void>; processes?: Duban[] } = {}): Promise<Seen[]> {
  const seen: Seen[] = [];
  let read = t.chat.sent.length;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    for (const time of ["09:00", "10:00"]) {
      t.clock.set(`${day}T${time}:00+08:00`);
      for (const duban of opts.processes ?? [t.duban]) await duban.scheduler.tick();
    }
    await opts.during?.(day);
    await t.deliverAll();
    for (const s of t.chat.sent.slice(read)) seen.push({ day, chatId: s.to.chatId, text: s.text });
    read = t.chat.sent.length;
  }
  return seen;
}

/** The days on which the chat got a message containing every one of the texts. */
const days = (seen: Seen[], chatId: string, ...texts: string[]) =>
  seen.filter((s) => s.chatId === chatId && texts.every((x) => s.text.includes(x))).map((s) => s.day);
const WARNING = "2027年节假日安排尚未录入";
const REMINDER = "督办提醒";
const MISSING_NOTE = "注：2027年节假日安排尚未录入，提醒暂按周一至周五发送";

// A month of simulated days, each with its ticks and deliveries: slow on a busy machine, not wrong.
const A_MONTH_OF_DAYS = { timeout: 180_000 };

describe.each(DB_KINDS)("a year starting without holiday data, on %s", A_MONTH_OF_DAYS, (kind) => {
  let t: TestDuban;
  afterEach(() => t.close());

  it("with nobody supplying 2027: the coordinators are warned every working day of December, once a day, and in January reminders still go out Monday to Friday, each saying the schedule is missing", async () => {
    t = await startTestDuban({ db: kind, now: "2026-12-01T08:00:00+08:00" });
    await county(t);
    const seen = await live(t, "2026-12-01", "2027-01-05");

    const warned = days(seen, "office", WARNING);
    expect(warned).toEqual([...DECEMBER_WORKING_DAYS, "2027-01-01", "2027-01-04", "2027-01-05"]);
    const first = seen.find((s) => s.chatId === "office" && s.text.includes(WARNING))!.text;
    expect(first).toContain("从 2027-01-01 起（还有 31 天），提醒将暂按周一至周五发送");
    expect(first).toContain("/节假日 2027 休");
    expect(first).toContain('"workdays"');
    expect(seen.find((s) => s.chatId === "office" && s.day === "2027-01-04" && s.text.includes(WARNING))!.text).toContain("今年的提醒正暂按周一至周五发送");

    const reminded = days(seen, "water", REMINDER);
    expect(reminded).toEqual([...DECEMBER_WORKING_DAYS, "2027-01-01", "2027-01-04", "2027-01-05"]);
    expect(days(seen, "water", REMINDER, MISSING_NOTE)).toEqual(["2027-01-01", "2027-01-04", "2027-01-05"]);
    expect(days(seen, "water", "2027-01 长期坚持类任务")).toEqual(["2027-01-01"]);
    expect(seen.find((s) => s.chatId === "water" && s.text.includes("2027-01 长期坚持类任务"))!.text).toContain(MISSING_NOTE);

    // The digest never asked the calendar: the leaders read it every day, New Year's Day included.
    const digests = days(seen, "leaders", "督察整改日报");
    expect(digests).toHaveLength(36);
    expect(digests).toContain("2027-01-01");
  });

  it("with 2027 typed in chat on 15 December: the warnings stop, and January's reminders skip New Year's Day in every bot process, without a restart", async () => {
    t = await startTestDuban({ db: kind, now: "2026-12-01T08:00:00+08:00" });
    await county(t);
    // A second bot process on the same database, started before the year was supplied.
    const otherLedger = await openLedger({ auditKey: TEST_AUDIT_KEY, databaseUrl: t.config.databaseUrl });
    const other = await createDuban({ config: t.config, adapters: [], clock: t.clock, ledger: otherLedger });
    try {
      const seen = await live(t, "2026-12-01", "2027-01-05", {
        processes: [t.duban, other],
        during: async (day) => {
          if (day !== "2026-12-15") return;
          t.clock.set("2026-12-15T11:00:00+08:00");
          await t.say("wang", TYPED_2027, { chat: t.group("office") });
        },
      });
      expect(seen.find((s) => s.chatId === "office" && s.text.includes("已录入2027年节假日安排"))?.day).toBe("2026-12-15");
      expect(days(seen, "office", WARNING)).toEqual(DECEMBER_WORKING_DAYS.filter((d) => d <= "2026-12-15"));
      expect(days(seen, "water", REMINDER)).toEqual([...DECEMBER_WORKING_DAYS, "2027-01-04", "2027-01-05"]);
      expect(days(seen, "water", MISSING_NOTE)).toEqual([]);
      expect(days(seen, "water", "2027-01 长期坚持类任务")).toEqual(["2027-01-04"]);
    } finally {
      await other.stop();
      await otherLedger.close();
    }
  });
});

describe("2027 sent as a file in the coordinators' group", A_MONTH_OF_DAYS, () => {
  let t: TestDuban;
  afterEach(() => t.close());

  it("with /节假日 as its caption on 16 December: no warning after that, and no reminder on New Year's Day", async () => {
    t = await startTestDuban({ now: "2026-12-14T08:00:00+08:00" });
    await county(t);
    const bytes = new TextEncoder().encode(JSON.stringify(FILE_2027));
    const seen = await live(t, "2026-12-14", "2027-01-05", {
      during: async (day) => {
        if (day !== "2026-12-16") return;
        t.clock.set("2026-12-16T11:00:00+08:00");
        await t.say("wang", "/节假日", { chat: t.group("office"), files: [{ bytes, name: "2027年节假日.json", mime: "application/json" }] });
      },
    });
    expect(seen.find((s) => s.chatId === "office" && s.text.includes("已录入2027年节假日安排"))?.day).toBe("2026-12-16");
    expect(days(seen, "office", WARNING)).toEqual(["2026-12-14", "2026-12-15", "2026-12-16"]);
    const january = days(seen, "water", REMINDER).filter((d) => d >= "2027-01-01");
    expect(january).toEqual(["2027-01-04", "2027-01-05"]);
    expect(days(seen, "water", MISSING_NOTE)).toEqual([]);
  });
});
