import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../../../adapters/telegram/index";
import type { InboundEvent } from "../../../src/core/chat";
import { silentLogger } from "../../../src/log";
import { startFakeTelegram, type FakeTelegram } from "../../support/fake-telegram";
import { MODES, WEBHOOK_SECRET, waterGroup, wireAdapter, zhangSan, type Mode, type Wired } from "./setup";

let fake: FakeTelegram;
let wired: Wired;
afterEach(async () => {
  await wired?.adapter.stop();
  await fake?.close();
  wired?.cleanup();
});

async function started(mode: Mode, sink: (e: InboundEvent) => Promise<void>, fakeOpts = {}) {
  fake = await startFakeTelegram(fakeOpts);
  wired = await wireAdapter(fake, mode);
  await wired.adapter.start(sink);
}

describe.each(MODES)("receiving updates by %s", (mode) => {
  it("an update the bot could not take is delivered again and taken then", async () => {
    const seen: InboundEvent[] = [];
    let failOnce = true;
    await started(mode, async (e) => {
      seen.push(e);
      if (failOnce) {
        failOnce = false;
        throw new Error("ledger is down");
      }
    });
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "#中央-07-2 完成60%" }));
    expect(seen.map((e) => e.eventId)).toEqual([seen[0]!.eventId, seen[0]!.eventId]);
    if (mode === "webhook") expect(fake.webhookAttempts.map((a) => a.status)).toEqual([500, 200]);
  });

  it("a button press reaches the bot and is answered once the bot has it", async () => {
    const seen: InboundEvent[] = [];
    await started(mode, async (e) => void seen.push(e));
    const press = fake.buttonPress({ chat: waterGroup, from: zhangSan, data: "pick:3:7", messageId: 99 });
    await fake.deliver(press);
    expect(seen[0]!.action).toEqual({ data: "pick:3:7", messageId: "99" });
    expect(fake.callsTo("answerCallbackQuery").map((c) => [c.params.callback_query_id, c.status])).toEqual([
      [press.callback_query!.id, 200],
    ]);
  });

  it("knows the bot's name and whether privacy mode hides group messages", async () => {
    await started(mode, async () => {}, { username: "CountyDubanBot", canReadAllGroupMessages: false });
    expect(wired.adapter.botUsername()).toBe("CountyDubanBot");
    expect(wired.adapter.caps.groupMessages()).toBe("addressed");
  });
});

describe("long polling", () => {
  it("removes a webhook left by an earlier run before polling", async () => {
    fake = await startFakeTelegram();
    await fetch(`${fake.apiRoot}/bot${fake.token}/setWebhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://old.example/hook" }),
    });
    const seen: InboundEvent[] = [];
    wired = await wireAdapter(fake, "polling");
    await wired.adapter.start(async (e) => void seen.push(e));
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "在吗" }));
    expect(seen).toHaveLength(1);
    expect(fake.webhook()).toBeUndefined();
  });

  it("keeps polling through a 502, a dropped connection and a 429", async () => {
    const seen: InboundEvent[] = [];
    await started("polling", async (e) => void seen.push(e));
    fake.failNext("getUpdates", { status: 502 });
    fake.failNext("getUpdates", "network");
    fake.failNext("getUpdates", { status: 429, retryAfter: 0 });
    await fake.deliver(fake.text({ chat: waterGroup, from: zhangSan, text: "中央-07-2 完成" }));
    expect(seen.map((e) => e.text)).toEqual(["中央-07-2 完成"]);
    expect(fake.callsTo("getUpdates").map((c) => c.status).filter((s) => s !== 200)).toEqual([502, 0, 429]);
  });

  it("does not know the bot before it has started", () => {
    const adapter = createTelegramAdapter({ token: "1:x", apiRoot: "http://127.0.0.1:9", dataDir: tmpdir(), log: silentLogger });
    expect(adapter.botUsername()).toBeUndefined();
    expect(adapter.caps.groupMessages()).toBe("unknown");
  });
});

describe("webhook", () => {
  it("registers the webhook with its secret, for messages and button presses only", async () => {
    await started("webhook", async () => {});
    const [call] = fake.callsTo("setWebhook");
    expect(call!.params).toMatchObject({ url: wired.webhookUrl, secret_token: WEBHOOK_SECRET, allowed_updates: ["message", "edited_message", "callback_query"] });
  });

  it("refuses requests that are not Telegram's updates, and hands nothing to the bot", async () => {
    const seen: InboundEvent[] = [];
    await started("webhook", async (e) => void seen.push(e));
    const url = wired.webhookUrl!;
    const post = (body: string, headers: Record<string, string> = {}, to = url) =>
      fetch(to, { method: "POST", headers: { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET, ...headers }, body }).then((r) => r.status);
    const update = JSON.stringify(fake.text({ chat: waterGroup, from: zhangSan, text: "伪造" }));
    expect(await post(update, { "x-telegram-bot-api-secret-token": "guess" })).toBe(401);
    expect(await post(update, {}, url.replace("/webhook", "/other"))).toBe(404);
    expect(await fetch(url).then((r) => r.status)).toBe(405);
    expect(await post("not json")).toBe(400);
    expect(await post(JSON.stringify({ hello: "world" }))).toBe(400);
    expect(await post("x".repeat(2 * 1024 * 1024))).toBe(413);
    expect(seen).toEqual([]);
  });

  it("leaves the webhook set when it stops, for the process that takes over", async () => {
    await started("webhook", async () => {});
    await wired.adapter.stop();
    expect(fake.callsTo("deleteWebhook")).toEqual([]);
    expect(fake.webhook()?.url).toBe(wired.webhookUrl);
  });

  it("refuses a secret Telegram would not accept", () => {
    const make = (secret: string) => () =>
      createTelegramAdapter({ token: "1:x", apiRoot: "http://127.0.0.1:9", dataDir: tmpdir(), log: silentLogger, webhook: { url: "https://x/h", secret, port: 0, host: "127.0.0.1" } });
    expect(make("has spaces and ümlauts")).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(make("")).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });
});

describe("downloading what people send", () => {
  it("fetches the largest size of a photo through getFile", async () => {
    const seen: InboundEvent[] = [];
    await started("polling", async (e) => void seen.push(e));
    const bytes = new TextEncoder().encode("the full-size photo");
    await fake.deliver(fake.photo({ chat: waterGroup, from: zhangSan, bytes, caption: "#中央-07-2" }));
    expect(Buffer.from(await wired.adapter.download(seen[0]!.media[0]!))).toEqual(Buffer.from(bytes));
  });

  it("keeps the original bytes of a photo sent as a file, EXIF and all", async () => {
    const seen: InboundEvent[] = [];
    await started("polling", async (e) => void seen.push(e));
    const original = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10]), Buffer.from("Exif\0\0MM\0*"), Buffer.alloc(300, 7)]);
    await fake.deliver(fake.document({ chat: waterGroup, from: zhangSan, bytes: original, mime: "image/jpeg", fileName: "IMG_0042.JPG" }));
    expect(Buffer.from(await wired.adapter.download(seen[0]!.media[0]!))).toEqual(original);
  });

  it("fails loudly when the file cannot be fetched, without the token in the message", async () => {
    await started("polling", async () => {});
    const { file_id } = fake.addFile(new TextEncoder().encode("photo"));
    fake.failNext("file", { status: 502 });
    const err = await wired.adapter.download({ fileId: file_id, kind: "photo" }).catch((e: Error) => e);
    expect(String(err)).toMatch(/HTTP 502/);
    expect(String(err)).not.toContain(fake.token);
    await expect(wired.adapter.download({ fileId: "no-such-file", kind: "photo" })).rejects.toThrow(/invalid file_id/);
  });

  it("reads the file from disk when a local Bot API server gives an absolute path", async () => {
    await started("polling", async () => {});
    const dir = mkdtempSync(join(tmpdir(), "tg-local-"));
    const path = join(dir, "photo.jpg");
    writeFileSync(path, "bytes on the Bot API server's disk");
    const { file_id } = fake.addFile(new Uint8Array(), path);
    expect(Buffer.from(await wired.adapter.download({ fileId: file_id, kind: "photo" })).toString()).toBe("bytes on the Bot API server's disk");
    rmSync(dir, { recursive: true, force: true });
  });
});
