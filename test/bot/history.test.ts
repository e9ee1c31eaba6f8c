import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DB_KINDS } from "../support/databases";
import { startTestDuban, type TestDuban } from "../support/harness";
import { jpeg } from "../support/images";

const HOUR = 3_600_000;

describe.each(DB_KINDS)("evidence before sign-off, on %s", (db) => {
  let t: TestDuban;
  beforeAll(async () => {
    t = await startTestDuban({ db });
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "wang", "coordinator");
    await t.bindAs("test", "zhao", "coordinator2");
    await t.say("wang", "/设置群 督察办", { chat: t.group("office") });
    await t.replies();
  });
  afterAll(() => t.close());

  const lastTo = (chatId: string) => t.chat.sent.filter((s) => s.to.chatId === chatId).at(-1)!;
  const lastReply = async (userId: string) => {
    await t.deliverAll();
    return lastTo(`dm-${userId}`);
  };

  describe("an item's history", () => {
    it("shows reports with their photos, a return and an extension, newest first, paged with 更早", async () => {
      await t.say("zhang", "#中央-07-2 第一段清淤完成30%", { photos: [await jpeg({ seed: 21 }), await jpeg({ seed: 22 })] });
      t.clock.advance(HOUR);
      await t.say("zhang", "/申请销号 中央-07-2");
      t.clock.advance(HOUR);
      await t.say("wang", "/退回 中央-07-2 照片看不出清淤效果");
      t.clock.advance(HOUR);
      await t.say("wang", "/延期 中央-07-2 2027-03-31 汛期停工");
      for (let i = 1; i <= 7; i++) {
        t.clock.advance(HOUR);
        await t.say("zhang", `#中央-07-2 第${i}次巡查，河道保持清洁`);
      }
      await t.replies();

      await t.say("wang", "/进展 中央-07-2");
      const first = await lastReply("wang");
      expect(first.text).toContain("中央-07-2 河道清淤 · 整改进展");
      expect(first.text).toContain("张三 报送：第7次巡查");
      expect(first.text).toContain("王主任 延期：");
      expect(first.text).toContain("2027-03-31，原因：汛期停工");
      expect(first.text).not.toContain("第一段清淤完成");
      expect(first.text.indexOf("第7次巡查")).toBeLessThan(first.text.indexOf("第1次巡查"));
      const older = first.msg.buttons?.flat().find((b) => b.label === "更早");
      expect(older?.data).toBe("history:中央-07-2:1");

      await t.say("wang", "", { action: older!.data });
      const second = await lastReply("wang");
      expect(second.text).toContain("（第2页）");
      expect(second.text).toContain("王主任 退回销号申请，原因：照片看不出清淤效果");
      expect(second.text).toContain("张三 申请销号（佐证照片 2 张）");
      expect(second.text).toContain("张三 报送（进度 30%）：第一段清淤完成30% 📷2");
      expect(second.msg.images).toHaveLength(2);
      expect(second.msg.images![0]!.caption).toContain("张三");
      expect(second.msg.buttons).toBeUndefined();
    });

    it("/history in English and a missing code are answered", async () => {
      await t.say("zhang", "/history 中央-99");
      expect((await lastReply("zhang")).text).toContain("没有找到编号为 中央-99");
      await t.say("zhang", "/进展 中央-07-2 第二页");
      expect((await lastReply("zhang")).text).toContain("看不懂页码“第二页”");
    });
  });

  describe("signing off on evidence", () => {
    it("the coordinators' notice of an application shows the evidence photos and the warnings", async () => {
      await t.say("zhang", "#省-15 截污纳管完成60%", { photos: [await jpeg({ seed: 31 })] });
      await t.say("zhang", "/申请销号 省-15 请验收");
      await t.deliverAll();
      const notice = lastTo("office");
      expect(notice.text).toContain("销号申请：省-15");
      expect(notice.text).toContain("进度：60%");
      expect(notice.text).toContain("最近报送：");
      expect(notice.text).toContain("进度只有 60%，未到 100%");
      expect(notice.msg.images).toHaveLength(1);
      expect(notice.msg.buttons?.flat().map((b) => b.data)).toEqual(["accept:省-15", "history:省-15:0"]);
    });

    it("with warnings, 验收销号 asks for a second step and 仍然销号 keeps the warnings in the record", async () => {
      await t.say("zhao", "", { action: "accept:省-15", chat: t.group("office") });
      await t.deliverAll();
      const card = lastTo("office");
      expect(card.text).toContain("⚠️ 请注意");
      expect(card.text).toContain("/销号 省-15 确认");
      expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } })).status).toBe("awaiting_signoff");
      const confirm = card.msg.buttons!.flat().find((b) => b.label === "仍然销号")!;

      await t.say("zhao", "", { action: confirm.data, chat: t.group("office") });
      await t.deliverAll();
      expect(lastTo("office").text).toContain("省-15 污水直排整治 已验收销号");
      const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "省-15" } });
      expect(item.status).toBe("signed_off");
      const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: item.id, action: "item.signed_off" } });
      expect(JSON.parse(audit.detail).warnings).toEqual([{ kind: "progress", progress: 60 }]);

      await t.say("wang", "/进展 省-15");
      expect((await lastReply("wang")).text).toContain("赵科长 验收销号（明知：进度只有 60%，未到 100%）");
    });

    it("without warnings, /销号 signs off at once", async () => {
      await t.say("zhang", "#中央-07-2 全部清淤完成100%", { photos: [await jpeg({ seed: 41 })] });
      await t.say("zhang", "/申请销号 中央-07-2");
      await t.say("zhao", "/销号 中央-07-2");
      expect((await lastReply("zhao")).text).toContain("中央-07-2 河道清淤 已验收销号");
      const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
      const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: item.id, action: "item.signed_off" } });
      expect(JSON.parse(audit.detail).warnings).toEqual([]);
    });
  });

  describe("a report on a signed-off item", () => {
    it("goes to the coordinators with its photo and a reopen button, and the reporter is told", async () => {
      await t.say("zhang", "#中央-07-2 白沙段又发现一处未拆除", { photos: [await jpeg({ seed: 51 })] });
      const receipt = await lastReply("zhang");
      expect(receipt.text).toContain("该任务已销号，本条报送已转督察整改办核实");
      const flag = lastTo("office");
      expect(flag.text).toContain("已销号任务又有报送：中央-07-2 河道清淤");
      expect(flag.text).toContain("白沙段又发现一处未拆除");
      expect(flag.msg.images).toHaveLength(1);
      const reopen = flag.msg.buttons!.flat().find((b) => b.label === "重新打开")!;
      await t.say("wang", "", { action: reopen.data, chat: t.group("office") });
      await t.deliverAll();
      expect(lastTo("office").text).toContain("/重新打开 中央-07-2 <原因>");
    });
  });

  describe("the next digest", () => {
    it("lists the signed-off item that got a report after its sign-off", async () => {
      t.clock.advance(24 * HOUR);
      await t.say("wang", "/日报 现在", { chat: t.group("office") });
      await t.deliverAll();
      const digest = lastTo("office").text;
      expect(digest).toContain("🚩 销号后又有报送 1 项");
      expect(digest).toContain("中央-07-2｜县水利局｜报送 1 条");
    });
  });
  describe("signing off again after a reopen", () => {
    it("warns of a report after the application, and /销号 <编号> 确认 is the second step", async () => {
      await t.say("wang", "/重新打开 中央-07-2 白沙段仍有违建");
      await t.say("zhang", "#中央-07-2 白沙段违建已拆除100%", { photos: [await jpeg({ seed: 71 })] });
      await t.say("zhang", "/申请销号 中央-07-2");
      t.clock.advance(HOUR);
      await t.say("zhang", "#中央-07-2 补充：拆除后已复绿");
      await t.replies();
      await t.say("zhao", "/销号 中央-07-2");
      const card = await lastReply("zhao");
      expect(card.text).toContain("申请销号后又有 1 条报送");
      expect(card.text).not.toContain("进度只有");
      expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).status).toBe("awaiting_signoff");
      await t.say("zhao", "/销号 中央-07-2 确认 已电话核实");
      expect((await lastReply("zhao")).text).toContain("中央-07-2 河道清淤 已验收销号");
      const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
      const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: item.id, action: "item.signed_off" }, orderBy: { id: "desc" } });
      expect(JSON.parse(audit.detail)).toMatchObject({ note: "已电话核实", warnings: [{ kind: "report_after_application", reports: 1 }] });
    });
  });
});
