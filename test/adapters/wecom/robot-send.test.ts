/** What the WeCom robot sends over the long connection, and how it reads what fails. */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../../src/core/chat";
import { storeEvidence } from "../../../src/ledger/evidence";
import { jpeg, scene } from "../../support/images";
import { ROBOT_GROUP, wireRobot, type RobotWired } from "./robot-setup";

let w: RobotWired | undefined;
afterEach(async () => {
  await w?.adapter.stop();
  await w?.fake.close();
  w?.cleanup();
  w = undefined;
});

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const group: ChatRef = { platform: "wecom", chatId: ROBOT_GROUP, direct: false, threadId: "robot" };

async function connected(): Promise<RobotWired> {
  w = await wireRobot();
  await w.adapter.start(async () => {});
  return w;
}

describe("sending as the WeCom robot", () => {
  it("puts buttons on a template card in the group, each button sending its data back as the key", async () => {
    const w = await connected();
    await w.adapter.send(group, { blocks: [{ type: "text", text: "这条进展是关于哪项整改任务的？" }], buttons: [[{ label: "省-15", data: "pick:1:省-15" }]] });
    expect(w.fake.sent.map((s) => [s.chatId, s.msgtype])).toEqual([[ROBOT_GROUP, "markdown"], [ROBOT_GROUP, "template_card"]]);
    expect(w.fake.sent[1]!.body.template_card).toMatchObject({ card_type: "button_interaction", button_list: [{ text: "省-15", key: "pick:1:省-15" }] });
  });

  it("uploads an evidence photo and an exported file through the connection and sends each by media_id", async () => {
    const w = await connected();
    const photo = await jpeg({ seed: 51 });
    const stored = await storeEvidence(w.dataDir, photo, { maxBytes: 10_000_000, tz: "Asia/Shanghai" });
    const sheet = join(w.dataDir, "ledger.xlsx");
    const big = Buffer.alloc(700 * 1024, 7);
    writeFileSync(sheet, big);
    await w.adapter.send(group, { blocks: [{ type: "text", text: "整改台账" }], images: [{ sha256: stored.sha256 }], files: [{ path: sheet, name: "整改台账.xlsx" }] });
    const [, image, file] = w.fake.sent;
    const uploaded = (media: unknown) => {
      const u = w.fake.uploads.get((media as { media_id: string }).media_id)!;
      return { type: u.type, filename: u.filename, sha256: sha256(u.bytes) };
    };
    expect(uploaded(image!.body.image)).toMatchObject({ type: "image", sha256: sha256(photo) });
    // 700 KB goes in two chunks of at most 512 KB, put back together in order.
    expect(uploaded(file!.body.file)).toEqual({ type: "file", filename: "整改台账.xlsx", sha256: sha256(big) });
  });

  it("sends an evidence photo WeCom takes no picture of (a WebP) as a file, so that it still arrives", async () => {
    const w = await connected();
    const photo = await scene({ seed: 52 }).webp().toBuffer();
    const stored = await storeEvidence(w.dataDir, photo, { maxBytes: 10_000_000, tz: "Asia/Shanghai" });
    await w.adapter.send(group, { blocks: [{ type: "text", text: "整改照片" }], images: [{ sha256: stored.sha256 }] });
    const [, sent] = w.fake.sent;
    expect(sent!.msgtype).toBe("file");
    const u = w.fake.uploads.get((sent!.body.file as { media_id: string }).media_id)!;
    expect([u.type, u.filename.endsWith(".webp"), sha256(u.bytes)]).toEqual(["file", true, sha256(photo)]);
  });

  it("shows a heading in bold in the robot's markdown, and a title's markup characters as typed, in full-width forms no markdown reads", async () => {
    const w = await connected();
    await w.adapter.send(group, { blocks: [{ type: "heading", text: "本周整改日报" }, { type: "text", text: "逾期 2 项" }] });
    await w.adapter.send(group, { blocks: [{ type: "heading", text: "河道_清淤 *重点*" }, { type: "list", items: ["[点我](http://x) `rm` <@zhangsan>"] }] });
    expect(w.fake.texts().map((p) => p.text)).toEqual([
      "**本周整改日报**\n逾期 2 项",
      "**河道_清淤 ＊重点＊**\n• ［点我］(http://x) ｀rm｀ ＜@zhangsan>",
    ]);
  });

  it("splits a long Chinese text into markdown messages WeCom does not cut (4096 bytes each), losing nothing", async () => {
    const w = await connected();
    const text = Array.from({ length: 400 }, (_, i) => `第${i + 1}项：河道清淤整改进展情况说明`).join("\n");
    await w.adapter.send(group, { blocks: [{ type: "text", text }] });
    const parts = w.fake.texts().map((p) => p.text);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, "utf8")).toBeLessThanOrEqual(4096);
    expect(parts.join("\n")).toBe(text);
  });

  it("classifies the robot's errcodes: 45009 waits a minute for the whole channel, a refused chat is not retried, a dropped connection is", async () => {
    const w = await connected();
    w.fake.failNext(45009);
    const limited = await w.adapter.send(group, { blocks: [{ type: "text", text: "x" }] }).catch((e: unknown) => e);
    expect(w.adapter.classify(limited)).toMatchObject({ retry: true, afterMs: 60_000, scope: "platform" });
    w.fake.failNext(93006);
    const refused = await w.adapter.send(group, { blocks: [{ type: "text", text: "x" }] }).catch((e: unknown) => e);
    expect(w.adapter.classify(refused).retry).toBe(false);
    await w.fake.close();
    await new Promise((r) => setTimeout(r, 50));
    const down = await w.adapter.send(group, { blocks: [{ type: "text", text: "x" }] }).catch((e: unknown) => e);
    expect(w.adapter.classify(down).retry).toBe(true);
  });
});
