/** What the bot's messages look like on Feishu, sent through the real SDK to a fake Feishu. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../../src/core/chat";
import { storeEvidence } from "../../../src/ledger/evidence";
import { startFakeFeishu, type FakeFeishu } from "../../support/fake-feishu";
import { png } from "../../support/images";
import { makeAdapter } from "./setup";

let fake: FakeFeishu;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  await fake?.close();
  stop = undefined;
});

const group: ChatRef = { platform: "feishu", chatId: "oc_duban0000000000", direct: false };

async function started() {
  fake = await startFakeFeishu();
  const { adapter, dataDir } = makeAdapter(fake);
  await adapter.start(async () => {});
  stop = () => adapter.stop();
  return { adapter, dataDir };
}

const failureOf = (p: Promise<unknown>) => p.then(() => { throw new Error("the send succeeded"); }, (e: unknown) => e);

describe("sending to Feishu", () => {
  it("plain text goes as a post; a message with buttons as a card whose buttons carry the action", async () => {
    const { adapter } = await started();
    await adapter.send(group, { blocks: [{ type: "text", text: "已记录进展" }] });
    await adapter.send(group, { blocks: [{ type: "heading", text: "请选择" }], buttons: [[{ label: "中央-07-2 河道清淤", data: "pick:1:2" }]] });
    expect(fake.messages.map((m) => m.msgType)).toEqual(["post", "interactive"]);
    const card = fake.messages[1]!.content as { elements: { tag: string; actions?: { value: unknown }[] }[]; config: { update_multi: boolean } };
    expect(card.elements.flatMap((e) => e.actions ?? []).map((a) => a.value)).toEqual([{ duban: "pick:1:2" }]);
    expect(card.config.update_multi).toBe(true);
  });

  it("an evidence photo is uploaded through the image API and shown under its caption", async () => {
    const { adapter, dataDir } = await started();
    const stored = await storeEvidence(dataDir, await png({ seed: 3 }), { maxBytes: 10_000_000, tz: "Asia/Shanghai" });
    await adapter.send(group, { blocks: [{ type: "text", text: "整改进展" }], images: [{ sha256: stored.sha256, caption: "护坡加固现场" }, { sha256: stored.sha256 }] });
    expect(fake.uploads.map((u) => u.kind)).toEqual(["image", "image"]);
    expect(fake.messages.map((m) => [m.msgType, m.text])).toEqual([["post", "整改进展"], ["post", "护坡加固现场\n[图片]"], ["image", "[图片]"]]);
    expect(JSON.stringify(fake.messages[1]!.content)).toContain(fake.uploads[0]!.key);
  });

  it("an exported ledger is uploaded through the file API and sent as a file", async () => {
    const { adapter, dataDir } = await started();
    const path = join(dataDir, "台账.xlsx");
    writeFileSync(path, "xlsx bytes");
    await adapter.send(group, { blocks: [{ type: "text", text: "台账导出" }], files: [{ path, name: "台账.xlsx" }] });
    expect(fake.uploads.map((u) => u.kind)).toEqual(["file"]);
    expect(fake.messages.at(-1)!.content).toEqual({ file_key: fake.uploads[0]!.key });
  });

  it("an edit patches the card in place", async () => {
    const { adapter } = await started();
    const { messageId } = await adapter.send(group, { blocks: [{ type: "text", text: "待签收" }], buttons: [[{ label: "签收", data: "sign:1" }]] });
    expect(await adapter.send(group, { blocks: [{ type: "text", text: "已签收" }], edit: messageId })).toEqual({ messageId });
    expect(fake.patches.map((p) => p.messageId)).toEqual([messageId]);
    expect(JSON.stringify(fake.patches[0]!.content)).toContain("已签收");
    expect(fake.messages).toHaveLength(1);
  });

  it("an answer replies to the report; a notice for a chat bound from a topic goes into the topic", async () => {
    const { adapter } = await started();
    await adapter.send(group, { blocks: [{ type: "text", text: "已记录" }], replyTo: "om_report1" });
    await adapter.send({ ...group, threadId: "om_root1" }, { blocks: [{ type: "text", text: "今日督办" }] });
    expect(fake.messages.map((m) => [m.replyTo, m.replyInThread])).toEqual([["om_report1", false], ["om_root1", true]]);
  });

  it("a photo missing from the data directory is a permanent failure; a refused message too, a busy Feishu is not", async () => {
    const { adapter } = await started();
    const missing = await failureOf(adapter.send(group, { blocks: [{ type: "text", text: "附图" }], images: [{ sha256: "a".repeat(64) }] }));
    expect(adapter.classify(missing).retry).toBe(false);
    fake.failNext({ status: 400, code: 230002, msg: "Bot/User can NOT be out of the chat." });
    expect(adapter.classify(await failureOf(adapter.send(group, { blocks: [{ type: "text", text: "x" }] })))).toMatchObject({ retry: false, reason: expect.stringContaining("230002") });
    fake.failNext({ status: 500, code: 1, msg: "system busy" });
    expect(adapter.classify(await failureOf(adapter.send(group, { blocks: [{ type: "text", text: "x" }] }))).retry).toBe(true);
  });

  it("the per-chat limit holds back that chat only; the app's limit the whole platform", async () => {
    const { adapter } = await started();
    fake.failNext({ status: 400, code: 230020, msg: "frequency limit" });
    expect(adapter.classify(await failureOf(adapter.send(group, { blocks: [{ type: "text", text: "x" }] })))).toMatchObject({ retry: true, scope: "chat", afterMs: 1000 });
    fake.fail429Next(3);
    expect(adapter.classify(await failureOf(adapter.send(group, { blocks: [{ type: "text", text: "x" }] })))).toMatchObject({ retry: true, scope: "platform", afterMs: 3000 });
  });
});
