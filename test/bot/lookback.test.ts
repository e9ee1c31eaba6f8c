import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { DB_KINDS } from "../support/databases";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";

/** A base interval of 30 days: a calm closure on 2026-11-25 is looked back at on Friday 2026-12-25. */
const DUE = "2026-12-25";
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

describe.each(DB_KINDS)("a look-back (回头看) on %s", (db) => {
  let t: TestDuban;
  let signOffPhoto: Buffer;
  beforeAll(async () => {
    t = await startTestDuban({ db, env: { LOOKBACK_BASE_DAYS: "30" } });
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "wang", "coordinator");
    await t.bindAs("test", "zhao", "coordinator2");
    await t.say("wang", "/设置群 督察办", { chat: t.group("office") });
    await t.ledger.db.chat.create({ data: { platform: "test", chatId: "water", title: "水利局工作群", purpose: "unit", unitId: t.county.units.water } });
    signOffPhoto = await jpeg({ seed: 61 });
    await t.say("zhang", "#中央-07-2 河道清淤全部完成100%", { photos: [signOffPhoto] });
    await t.say("zhang", "/申请销号 中央-07-2");
    await t.say("zhao", "/销号 中央-07-2");
    await t.replies();
  });
  afterAll(() => t.close());

  const to = (chatId: string) => t.chat.sent.filter((s) => s.to.chatId === chatId);
  const asks = (chatId: string) => to(chatId).filter((s) => s.text.includes("回头看：请发送 #中央-07-2 现场新照片"));
  const tickAt = async (when: Date) => {
    t.clock.set(when);
    await t.duban.scheduler.tick();
    await t.deliverAll();
  };
  const item = () => t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });

  it("asks the unit's group and the responsible person for fresh photos on its due day, once, and tells the office", async () => {
    expect((await item()).lookbackDue).toBe(DUE);
    await tickAt(at("2026-12-24", "10:00"));
    expect(asks("water")).toHaveLength(0);

    await tickAt(at(DUE, "08:30"));
    expect(asks("water")).toHaveLength(0);

    await tickAt(at(DUE, "09:30"));
    expect(asks("water")).toHaveLength(1);
    expect(asks("zhang")).toHaveLength(1);
    expect(asks("water")[0]!.msg.about).toEqual({ itemCode: "中央-07-2" });
    const due = to("office").filter((s) => s.text.includes("回头看到期"));
    expect(due).toHaveLength(1);
    expect(due[0]!.text).toContain("中央-07-2 河道清淤｜县水利局｜2026-12-25 到期");

    await tickAt(at(DUE, "15:00"));
    await tickAt(at("2026-12-28", "10:00"));
    expect(asks("water")).toHaveLength(1);
    expect(asks("zhang")).toHaveLength(1);
    const asked = await t.ledger.db.auditEvent.findMany({ where: { itemId: (await item()).id, action: "item.lookback_asked" } });
    expect(asked).toHaveLength(1);
  });

  it("shows the office the fresh photos beside the sign-off photo, and says which one is the sign-off photo sent again", async () => {
    const fresh = await jpeg({ seed: 62 });
    await t.say("zhang", "#中央-07-2 回头看现场情况，河道保持清洁", { photos: [signOffPhoto, fresh] });
    await t.deliverAll();
    expect(to("dm-zhang").at(-1)!.text).toContain("已收到回头看现场照片，已转督察整改办与销号照片比对");
    const card = to("office").at(-1)!;
    expect(card.text).toContain("回头看：中央-07-2 河道清淤 · 县水利局");
    expect(card.text).toContain("现场新照片 2 张，对照销号照片 1 张");
    expect(card.text).toMatch(/新照片1 与 2026-11-25 \d\d:\d\d 的销号照片雷同（同一张照片）/);
    expect(card.text).not.toContain("新照片2 与");
    expect(card.msg.images?.map((i) => i.caption)).toEqual([
      expect.stringContaining("新照片1"),
      expect.stringContaining("新照片2"),
      expect.stringContaining("销号照片 2026-11-25"),
    ]);
    expect(card.msg.buttons?.flat().map((b) => b.data)).toEqual(["lookback:pass:中央-07-2", "lookback:fail:中央-07-2", "history:中央-07-2:0"]);

    const report = await t.ledger.db.report.findFirstOrThrow({ where: { text: { contains: "回头看现场情况" } }, include: { photos: { orderBy: { id: "asc" } } } });
    expect(report.photos.map((p) => p.flags)).toEqual(["reused", ""]);
    // Nothing of it in the unit's group: the official is not shamed there.
    expect(to("water").some((s) => s.text.includes("雷同"))).toBe(false);
  });

  it("says so of a recompressed, smaller copy of the sign-off photo too", async () => {
    const copy = await sharp(signOffPhoto).resize({ width: 320 }).jpeg({ quality: 60 }).toBuffer();
    await t.say("zhang", "#中央-07-2 补充现场照片", { photos: [copy] });
    await t.deliverAll();
    const card = to("office").at(-1)!;
    expect(card.text).toMatch(/新照片1 与 2026-11-25 \d\d:\d\d 的销号照片雷同（缩放后的副本）/);
  });

  it("next morning's digest counts the look-back photos as asked for, not as reports after sign-off", async () => {
    await tickAt(at("2026-12-29", "08:00"));
    await t.say("wang", "/日报 现在", { chat: t.group("office") });
    await t.deliverAll();
    const digest = to("office").at(-1)!.text;
    expect(digest).toContain("督察整改日报 · 12月29日");
    expect(digest).not.toContain("销号后又有报送");
  });

  it("a failed look-back needs a reason, reopens the item with an audit event, and the unit is told", async () => {
    await t.say("wang", "", { action: "lookback:fail:中央-07-2", chat: t.group("office") });
    await t.deliverAll();
    expect(to("office").at(-1)!.text).toContain("请写明回头看不通过的原因，发送：/回头看 中央-07-2 不通过 <原因>");

    await t.say("wang", "/回头看 中央-07-2 不通过", { chat: t.group("office") });
    await t.deliverAll();
    expect(to("office").at(-1)!.text).toContain("请写明回头看不通过的原因");
    expect((await item()).status).toBe("signed_off");

    await t.say("wang", "/回头看 中央-07-2 不通过 重发了销号时的照片，现场未见清淤", { chat: t.group("office") });
    await t.deliverAll();
    expect(to("office").at(-1)!.text).toContain("中央-07-2 回头看未通过，任务已重新打开");
    expect(to("water").at(-1)!.text).toContain("中央-07-2 回头看未通过，任务已重新打开。情况：重发了销号时的照片，现场未见清淤");
    const reopened = await item();
    expect(reopened).toMatchObject({ status: "reopened", lookbackResult: "fail", signedOffAt: null, appliedAt: null });
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: reopened.id, action: "item.lookback_failed" } });
    expect(JSON.parse(audit.detail)).toEqual({ note: "重发了销号时的照片，现场未见清淤", status: ["signed_off", "reopened"] });
    expect(audit.actorId).toBe(t.county.people.coordinator.id);

    // The unit's next report continues the item; a photo now is a progress photo, not a look-back's.
    const office = to("office").length;
    await t.say("zhang", "#中央-07-2 重新组织清淤", { photos: [await jpeg({ seed: 63 })] });
    await t.deliverAll();
    expect((await item()).status).toBe("in_progress");
    expect(to("office")).toHaveLength(office);
  });
});

describe("repeat petitions about an item", () => {
  let t: TestDuban;
  beforeAll(async () => {
    t = await startTestDuban();
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "wang", "coordinator");
    await t.bindAs("test", "zhao", "coordinator2");
  });
  afterAll(() => t.close());

  const reply = async (userId: string, line: string) => {
    await t.say(userId, line);
    return (await t.replies()).join("\n");
  };
  const item = (code: string) => t.ledger.db.item.findUniqueOrThrow({ where: { code } });

  it("a repeat petition linked to a signed-off item brings its look-back forward, audited, and the petitioner is never shown", async () => {
    await t.say("zhang", "#中央-07-2 河道清淤全部完成100%", { photos: [await jpeg({ seed: 71 })] });
    await t.say("zhang", "/申请销号 中央-07-2");
    expect(await reply("zhao", "/销号 中央-07-2")).toContain("回头看计划于 2027-05-24 前开展");

    const first = await reply("wang", `/关联 ${t.county.caseNo} 中央-07-2`);
    expect(first).toContain(`信访件 ${t.county.caseNo} 已关联整改任务 中央-07-2 河道清淤`);
    expect(first).not.toContain("回头看提前");
    expect((await item("中央-07-2")).lookbackDue).toBe("2027-05-24");

    await t.ledger.db.petitionCase.create({
      data: {
        caseNo: "D2026-044", assignedOn: "2026-11-24", summary: "再次反映养殖场粪污直排河道", unitId: t.county.units.water,
        repeats: t.county.caseNo, petitioner: { create: { name: "钱七", contact: "13900002222" } },
      },
    });
    const again = await reply("wang", "/关联 D2026-044 #中央-07-2");
    expect(again).toContain("中央-07-2 已销号，但已有 1 件重复信访：回头看提前至 2027-01-24 前开展");
    const moved = await item("中央-07-2");
    expect(moved.lookbackDue).toBe("2027-01-24");
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: moved.id, action: "item.lookback_moved" } });
    expect(JSON.parse(audit.detail)).toEqual({ lookbackDue: ["2027-05-24", "2027-01-24"], because: "case:D2026-044" });
    expect(await t.ledger.db.auditEvent.count({ where: { action: "case.linked" } })).toBe(2);

    const said = t.chat.sent.map((s) => s.text).join("\n");
    expect(said).not.toContain("钱七");
    expect(said).not.toContain(t.county.petitionerName);
  });

  it("an item with repeat petitions is looked back at sooner when it is signed off", async () => {
    await t.ledger.db.item.update({ where: { code: "中央-03" }, data: { deadline: "2026-12-31" } });
    await t.ledger.db.petitionCase.create({ data: { caseNo: "D2026-050", assignedOn: "2026-11-20", summary: "工地扬尘", unitId: t.county.units.housing } });
    await t.ledger.db.petitionCase.create({ data: { caseNo: "D2026-051", assignedOn: "2026-11-23", summary: "工地扬尘仍未解决", unitId: t.county.units.housing } });
    await reply("wang", "/关联 D2026-050 中央-03");
    await reply("wang", "/关联 D2026-051 中央-03");
    await t.say("zhang", "#中央-03 扬尘治理完成100%", { photos: [await jpeg({ seed: 72 })] });
    await t.say("zhang", "/申请销号 中央-03");
    expect(await reply("zhao", "/销号 中央-03")).toContain("回头看计划于 2027-01-24 前开展");
  });

  it("only the office links a case", async () => {
    expect(await reply("zhang", `/关联 ${t.county.caseNo} 省-15`)).toContain("只有督察整改办");
  });
});
