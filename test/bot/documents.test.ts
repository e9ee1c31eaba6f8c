import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DB_KINDS } from "../support/databases";
import { startTestDuban, type TestDuban } from "../support/harness";
import { cfb, docx, exe, pdf, zip } from "../support/documents";
import { jpeg } from "../support/images";

const DAY = 24 * 3_600_000;
const PDF = "application/pdf";

describe.each(DB_KINDS)("documents as evidence, on %s", (db) => {
  let t: TestDuban;
  beforeAll(async () => {
    t = await startTestDuban({ db, env: { DOCUMENT_MAX_MB: "1", SIGNOFF_PHOTO_DAYS: "14" } });
    await t.bindAs("test", "zhang", "official");
    await t.bindAs("test", "wang", "coordinator");
    await t.say("wang", "/设置群 督察办", { chat: t.group("office") });
    await t.replies();
  });
  afterAll(() => t.close());

  const lastReply = async (userId: string) => {
    await t.deliverAll();
    return t.chat.sent.filter((s) => s.to.chatId === `dm-${userId}`).at(-1)!;
  };

  it("a PDF sent with a report is kept with it, and the history shows its name, type and size with the file to open", async () => {
    const bytes = pdf();
    await t.say("zhang", "#中央-07-2 清淤检测报告见附件100%", { files: [{ bytes, name: "检测报告.pdf", mime: PDF }] });
    const receipt = await lastReply("zhang");
    expect(receipt.text).toContain("已记录进展：中央-07-2");
    expect(receipt.text).toContain("文件 1 份");
    const doc = await t.ledger.db.document.findFirstOrThrow({ where: { name: "检测报告.pdf" } });
    expect(doc).toMatchObject({ type: "pdf", size: bytes.length });
    expect(doc.itemId).not.toBeNull();

    await t.say("wang", "/进展 中央-07-2");
    const history = await lastReply("wang");
    expect(history.text).toContain("清淤检测报告见附件");
    expect(history.text).toContain(`📎 检测报告.pdf（PDF，${bytes.length} B）`);
    expect(history.msg.files).toEqual([{ path: expect.stringMatching(new RegExp(`${doc.sha256}\\.pdf$`)), name: "检测报告.pdf" }]);
  });

  it("a file sent without a name (WeCom's intelligent robot) is called by what its bytes are: 文件.pdf", async () => {
    const bytes = pdf("无名附件");
    await t.say("zhang", "#中央-07-2 附件为检测报告", { files: [{ bytes, mime: PDF }] });
    expect((await lastReply("zhang")).text).toContain("文件 1 份");
    const doc = await t.ledger.db.document.findFirstOrThrow({ where: { size: bytes.length, type: "pdf", name: "文件.pdf" } });
    expect(doc.itemId).not.toBeNull();
    await t.say("wang", "/进展 中央-07-2");
    expect((await lastReply("wang")).text).toContain(`📎 文件.pdf（PDF，${bytes.length} B）`);
  });

  it("Word files old and new are kept; the type is what the bytes are, not what the name says", async () => {
    await t.say("zhang", "#中央-03 方案和旧版方案", {
      files: [{ bytes: docx(), name: "方案.pdf", mime: PDF }, { bytes: cfb("WordDocument"), name: "旧版.doc", mime: "application/msword" }],
    });
    await t.deliverAll();
    const docs = await t.ledger.db.document.findMany({ where: { name: { in: ["方案.pdf", "旧版.doc"] } }, orderBy: { id: "asc" } });
    expect(docs.map((d) => d.type)).toEqual(["docx", "doc"]);
    await t.say("wang", "/进展 中央-03");
    expect((await lastReply("wang")).text).toContain("📎 方案.pdf（Word 文档，");
  });

  it("a program, or a zip renamed .pdf, is refused with a message saying what is taken", async () => {
    await t.say("zhang", "#中央-03 附件", { files: [{ bytes: zip(), name: "照片.pdf", mime: PDF }, { bytes: exe(), name: "setup.exe", mime: "application/octet-stream" }] });
    const receipt = await lastReply("zhang");
    expect(receipt.text).toContain("“照片.pdf”不是可接收的佐证材料");
    expect(receipt.text).toContain("“setup.exe”不是可接收的佐证材料");
    expect(receipt.text).toContain("PDF、Word（.doc/.docx）、Excel（.xls/.xlsx）");
    expect(await t.ledger.db.document.count({ where: { name: { in: ["照片.pdf", "setup.exe"] } } })).toBe(0);
  });

  it("a document over DOCUMENT_MAX_MB is refused, naming the limit", async () => {
    const big = Buffer.concat([pdf(), Buffer.alloc(1024 * 1024 + 1, 0x20)]);
    await t.say("zhang", "#中央-03 全部扫描件", { files: [{ bytes: big, name: "扫描件.pdf", mime: PDF }] });
    const receipt = await lastReply("zhang");
    expect(receipt.text).toContain("“扫描件.pdf”超过 1 MB 的上限");
    expect(await t.ledger.db.document.count({ where: { name: "扫描件.pdf" } })).toBe(0);
  });

  it("a recent document satisfies the sign-off's evidence, and the card lists it", async () => {
    // The only evidence of 省-15 is a PDF, sent a day ago: no "no photo or document" warning.
    await t.say("zhang", "#省-15 截污纳管全部完成100%", { files: [{ bytes: pdf("省-15 验收"), name: "验收报告.pdf", mime: PDF }] });
    t.clock.advance(DAY);
    await t.say("zhang", "/申请销号 省-15");
    expect((await lastReply("zhang")).text).toContain("已提交 省-15 的销号申请（佐证照片 0 张、文件 1 份）");
    await t.say("wang", "/进展 省-15");
    expect((await lastReply("wang")).text).toContain("张三 申请销号（佐证照片 0 张、文件 1 份）");
    await t.say("wang", "/销号 省-15");
    const answer = await lastReply("wang");
    expect(answer.text).toContain("省-15 污水直排整治 已验收销号");
    expect(answer.text).not.toContain("没有新的佐证照片或文件");
  });

  it("an old document does not: the card warns, and lists the document", async () => {
    await t.say("zhang", "#中央-03 抑尘网全部覆盖100%", { files: [{ bytes: pdf("中央-03"), name: "覆盖记录.pdf", mime: PDF }] });
    t.clock.advance(20 * DAY);
    await t.say("zhang", "/申请销号 中央-03");
    await t.say("wang", "/销号 中央-03");
    const card = await lastReply("wang");
    expect(card.text).toContain("最近 14 天没有新的佐证照片或文件");
    expect(card.text).toContain("佐证文件");
    expect(card.text).toContain("📎 覆盖记录.pdf（PDF，");
    expect(card.msg.files?.map((f) => f.name)).toContain("覆盖记录.pdf");
  });

  it("an album on the signed-off item reaches the coordinators with all its photos, the later parts too", async () => {
    const group = t.group("water");
    const parts = await Promise.all([81, 82, 83].map((seed) => jpeg({ seed })));
    for (const [i, photo] of parts.entries()) {
      await t.say("zhang", i === 0 ? "#省-15 又发现一处直排口" : "", { photos: [photo], albumKey: "after-signoff-album", chat: group });
    }
    await t.deliverAll();
    const notices = t.chat.sent.filter((s) => s.to.chatId === "office" && s.text.includes("已销号任务又有报送：省-15"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.msg.images).toHaveLength(3);
  });

  it("a later album part after the notice went out follows it with its own photo", async () => {
    const group = t.group("water");
    await t.say("zhang", "#省-15 下游也有", { photos: [await jpeg({ seed: 91 })], albumKey: "late-album", chat: group });
    await t.deliverAll();
    await t.say("zhang", "", { photos: [await jpeg({ seed: 92 })], albumKey: "late-album", chat: group });
    await t.deliverAll();
    const notices = t.chat.sent.filter((s) => s.to.chatId === "office" && s.text.includes("下游也有"));
    expect(notices.map((n) => n.msg.images?.length)).toEqual([1, 1]);
  });

  it("仍然销号 accepts only the warnings its card showed: a new one shows the card again", async () => {
    // 中央-03's card (above) warned only of old evidence; a report after the application adds a warning.
    const shownCard = t.chat.sent.filter((s) => s.to.chatId === "dm-wang" && s.text.includes("最近 14 天没有新的佐证照片或文件")).at(-1)!;
    const confirm = shownCard.msg.buttons!.flat().find((b) => b.label === "仍然销号")!;
    await t.say("zhang", "#中央-03 补充：西侧还有一处未覆盖");
    await t.say("wang", "", { action: confirm.data });
    const again = await lastReply("wang");
    expect(again.text).toContain("申请销号后又有 1 条报送");
    expect((await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-03" } })).status).toBe("awaiting_signoff");

    await t.say("wang", "", { action: again.msg.buttons!.flat().find((b) => b.label === "仍然销号")!.data });
    expect((await lastReply("wang")).text).toContain("已验收销号");
    const item = await t.ledger.db.item.findUniqueOrThrow({ where: { code: "中央-03" } });
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { itemId: item.id, action: "item.signed_off" } });
    expect(JSON.parse(audit.detail).warnings.map((w: { kind: string }) => w.kind)).toEqual(["no_recent_photo", "report_after_application"]);
  });
});
