/**
 * An item's history through the Slack adapter: the photos of its reports are uploaded to
 * the channel beside the history's text.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index";
import { evidencePath } from "../../../src/ledger/evidence";
import { silentLogger } from "../../../src/log";
import { startTestDuban, type TestDuban } from "../../support/harness";
import { exe, pdf } from "../../support/documents";
import { jpeg } from "../../support/images";
import { postToApp, startFakeSlack, type FakeSlack, type SlackRequest } from "../../support/fake-slack";
import { messageEvent, readMrkdwn, slashCommand } from "./requests";

let fake: FakeSlack;
let adapter: SlackAdapter;
let t: TestDuban;
let dataDir: string;

beforeEach(async () => {
  fake = await startFakeSlack();
  fake.addUser("UZHANG", "zhangsan", "张三");
  dataDir = mkdtempSync(join(tmpdir(), "duban-slack-"));
  adapter = createSlackAdapter({
    botToken: fake.botToken, signingSecret: fake.signingSecret, apiUrl: fake.apiUrl, port: 0, host: "127.0.0.1",
    dataDir, log: silentLogger, partGapMs: 10, ackBudgetMs: 20_000,
  });
  // The adapter uploads evidence from the data directory the bot stores it in.
  t = await startTestDuban({ db: "sqlite", adapters: [adapter], env: { DUBAN_DATA_DIR: dataDir } });
  await t.bindAs("slack", "UZHANG", "official");
});
afterEach(async () => {
  await t.close();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (req: SlackRequest) => postToApp(adapter.eventsUrl()!, req, { secret: fake.signingSecret });

describe("an item's history on Slack", () => {
  it("/duban history shows the reports and uploads their photos to the channel", async () => {
    const photos = [await jpeg({ seed: 61 }), await jpeg({ seed: 62 })];
    const files = photos.map((bytes, i) => fake.addFile(bytes, "image/jpeg", `清淤${i}.jpg`));
    await post(messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "<@UDUBANBOT> #中央-07-2 河道清淤完成60%", files }).request);
    await t.deliverAll();

    await post(slashCommand({ channel: "C0DUBAN", user: "UZHANG", text: "history 中央-07-2" }));
    await t.deliverAll();
    const history = fake.messages.at(-1)!;
    expect(readMrkdwn(history.text)).toContain("中央-07-2 河道清淤 · 整改进展");
    expect(readMrkdwn(history.text)).toContain("张三 报送（进度 60%）：河道清淤完成60% 📷2");
    const upload = fake.uploads.at(-1)!;
    expect(upload.channel_id).toBe("C0DUBAN");
    expect(upload.files.map((f) => Buffer.from(f.bytes))).toEqual(photos);
    expect(upload.files[0]!.title).toContain("张三");
  });

  it("a PDF shared in the channel is kept as evidence, and the history lists it and uploads the file", async () => {
    const bytes = pdf();
    const file = fake.addFile(bytes, "application/pdf", "验收报告.pdf");
    await post(messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "<@UDUBANBOT> #中央-07-2 验收报告", files: [file] }).request);
    await t.deliverAll();
    expect(readMrkdwn(fake.messages.at(-1)!.text)).toContain("文件 1 份");
    expect(await t.ledger.db.document.count({ where: { name: "验收报告.pdf", type: "pdf" } })).toBe(1);

    await post(slashCommand({ channel: "C0DUBAN", user: "UZHANG", text: "history 中央-07-2" }));
    await t.deliverAll();
    expect(readMrkdwn(fake.messages.at(-1)!.text)).toContain("📎 验收报告.pdf（PDF，");
    const upload = fake.uploads.at(-1)!;
    expect(upload.files.map((f) => f.filename)).toEqual(["验收报告.pdf"]);
    expect(Buffer.from(upload.files[0]!.bytes)).toEqual(bytes);
  });

  it("a program shared as a PDF is refused with the message", async () => {
    const file = fake.addFile(exe(), "application/pdf", "报告.pdf");
    await post(messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "<@UDUBANBOT> #中央-07-2 报告", files: [file] }).request);
    await t.deliverAll();
    expect(readMrkdwn(fake.messages.at(-1)!.text)).toContain("“报告.pdf”不是可接收的佐证材料");
    expect(await t.ledger.db.document.count()).toBe(0);
  });

  it("a photo whose file is missing is marked, and the history and the other photos are still shown", async () => {
    const photos = [await jpeg({ seed: 63 }), await jpeg({ seed: 64 })];
    const files = photos.map((bytes, i) => fake.addFile(bytes, "image/jpeg", `现场${i}.jpg`));
    await post(messageEvent({ channel: "C0DUBAN", user: "UZHANG", text: "<@UDUBANBOT> #中央-07-2 现场照片", files }).request);
    await t.deliverAll();
    const [lost] = await t.ledger.db.photo.findMany({ orderBy: { id: "asc" }, take: 1 });
    rmSync((await evidencePath(dataDir, lost!.sha256))!);

    await post(slashCommand({ channel: "C0DUBAN", user: "UZHANG", text: "history 中央-07-2" }));
    await t.deliverAll();
    const history = readMrkdwn(fake.messages.at(-1)!.text);
    expect(history).toContain("张三 报送：现场照片 📷2");
    expect(history).toContain("有 1 张照片的文件在服务器上找不到");
    expect(fake.uploads.at(-1)!.files.map((f) => Buffer.from(f.bytes))).toEqual([photos[1]]);
  });
});
