/**
 * Documents through the real grammY adapter and a fake Telegram: a PDF as evidence, seen
 * again in /进展 as a document Telegram can open; an .xlsx imported with /导入.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeTelegram, TgUser } from "../../support/fake-telegram";
import type { TestDuban } from "../../support/harness";
import { exe, pdf } from "../../support/documents";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dmWith, shownIn, startTelegramDuban, stopTelegramDuban, waterGroup, zhangSan, type Wired } from "./setup";

const wangZhuren: TgUser = { id: 4242002, first_name: "主任", username: "wangzhuren" };

let fake: FakeTelegram;
let wired: Wired;
let t: TestDuban;
afterEach(() => stopTelegramDuban({ fake, wired, t }));

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const sample = () => new Uint8Array(readFileSync(join(import.meta.dirname, "../../../samples/sample-ledger.xlsx")));

describe("documents on Telegram", () => {
  it("a PDF sent as a file is kept with the report, and /进展 sends it back as a document", async () => {
    ({ fake, wired, t } = await startTelegramDuban("polling"));
    await t.bindAs("telegram", String(zhangSan.id), "official");
    const bytes = pdf();
    await fake.deliver(fake.document({ chat: waterGroup, from: zhangSan, bytes, mime: "application/pdf", fileName: "验收报告.pdf", caption: "#中央-07-2 验收报告" }));
    await t.deliverAll();
    expect(shownIn(fake, waterGroup).join("\n")).toContain("文件 1 份");
    const doc = await t.ledger.db.document.findFirstOrThrow();
    expect(doc).toMatchObject({ sha256: sha256(bytes), type: "pdf", name: "验收报告.pdf" });

    await fake.deliver(fake.text({ chat: dmWith(zhangSan), from: zhangSan, text: "/进展 中央-07-2" }));
    await t.deliverAll();
    expect(shownIn(fake, dmWith(zhangSan)).join("\n")).toContain("📎 验收报告.pdf（PDF，");
    const sent = fake.callsTo("sendDocument").filter((c) => String(c.params.chat_id) === String(zhangSan.id));
    expect(sent.map((c) => sha256(c.files.document!))).toEqual([sha256(bytes)]);
  });

  it("a program sent as a file is refused with the message", async () => {
    ({ fake, wired, t } = await startTelegramDuban("polling"));
    await t.bindAs("telegram", String(zhangSan.id), "official");
    await fake.deliver(fake.document({ chat: waterGroup, from: zhangSan, bytes: exe(), mime: "application/pdf", fileName: "报告.pdf", caption: "#中央-07-2 报告" }));
    await t.deliverAll();
    expect(shownIn(fake, waterGroup).join("\n")).toContain("“报告.pdf”不是可接收的佐证材料");
    expect(await t.ledger.db.document.count()).toBe(0);
  });

  it("/导入 with an .xlsx sent as a file lands its rows", async () => {
    ({ fake, wired, t } = await startTelegramDuban("polling"));
    await t.bindAs("telegram", String(wangZhuren.id), "coordinator");
    const before = await t.ledger.db.item.count();
    await fake.deliver(fake.document({ chat: dmWith(wangZhuren), from: wangZhuren, bytes: sample(), mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName: "台账.xlsx", caption: "/导入" }));
    await t.deliverAll();
    expect(shownIn(fake, dmWith(wangZhuren)).join("\n")).toContain("导入 台账.xlsx");
    expect(await t.ledger.db.item.count()).toBeGreaterThan(before + 20);
    expect(await t.ledger.db.document.count()).toBe(0);
  });
});
