import { afterEach, describe, expect, it } from "vitest";
import { issueBindCode } from "../../src/ledger/people";
import { startTestDuban, type TestDuban } from "../support/harness";
import { DB_KINDS } from "../support/databases";
import { jpeg } from "../support/images";

let t: TestDuban | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const auditActions = async (t: TestDuban, code: string) => {
  const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code } });
  const events = await t.ledger.db.auditEvent.findMany({ where: { itemId: item.id }, orderBy: { id: "asc" } });
  return events.map((e) => e.action);
};

describe.each(DB_KINDS)("a rectification item from first report to sign-off, on %s", (db) => {
  it("an official binds, reports with photos, applies, is returned, applies again and is signed off by another coordinator", async () => {
    t = await startTestDuban({ db });
    const { county, ledger } = t;
    const code = await ledger.tx((session) => issueBindCode(session, { personId: county.people.official.id, createdById: null, now: t!.clock.now() }));

    await t.say("zhang", `/绑定 ${code.toLowerCase()}`);
    expect((await t.replies()).join()).toContain("绑定成功！张三");

    await t.say("zhang", "#中央-07-2 河道清淤完成60%", { photos: [await jpeg({ seed: 1 }), await jpeg({ seed: 2 })] });
    const receipt = (await t.replies()).join("\n");
    expect(receipt).toContain("已记录进展：中央-07-2 河道清淤");
    expect(receipt).toContain("进度 60% · 照片 2 张");
    let item = await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.status).toBe("in_progress");
    expect(item.progress).toBe(60);
    expect(await ledger.db.photo.count({ where: { itemId: item.id } })).toBe(2);

    await t.say("zhang", "/查询 中央-07-2");
    expect((await t.replies()).join()).toMatch(/进展 1 条 · 照片 2 张/);

    await t.say("zhang", "/申请销号 中央-07-2 已全部完成");
    expect((await t.replies()).join()).toContain("已提交 中央-07-2 的销号申请（佐证照片 2 张）");
    expect((await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } })).status).toBe("awaiting_signoff");

    await t.bindAs("test", "wang", "coordinator");
    await t.say("wang", "/退回 中央-07-2 照片看不出清淤效果");
    expect((await t.replies()).join()).toContain("原因：照片看不出清淤效果");
    item = await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.status).toBe("in_progress");
    expect(item.returnCount).toBe(1);

    await t.say("zhang", "#中央-07-2 补充清淤后照片，清淤完成100%", { photos: [await jpeg({ seed: 3 })] });
    await t.say("zhang", "/done 中央-07-2");
    await t.replies();

    await t.bindAs("test", "zhao", "coordinator2");
    await t.say("zhao", "/销号 中央-07-2");
    expect((await t.replies()).join()).toContain("已验收销号");
    item = await ledger.db.item.findUniqueOrThrow({ where: { code: "中央-07-2" } });
    expect(item.status).toBe("signed_off");
    expect(item.signedOffById).toBe(county.people.coordinator2.id);
    expect(item.lookbackDue).not.toBeNull();

    expect(await auditActions(t, "中央-07-2")).toEqual([
      "report.created",
      "item.signoff_applied",
      "item.returned",
      "report.created",
      "item.signoff_applied",
      "item.signed_off",
    ]);
  });
});
