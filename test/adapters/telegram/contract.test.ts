import { describe } from "vitest";
import type { InboundEvent } from "../../../src/core/chat";
import { adapterContract, type ContractDriver } from "../../support/adapter-contract";
import { readTelegramHtml, startFakeTelegram, type Update } from "../../support/fake-telegram";
import { MODES, WEBHOOK_SECRET, dmWith, waterGroup, wireAdapter, type Mode } from "./setup";

async function makeDriver(mode: Mode): Promise<ContractDriver> {
  const fake = await startFakeTelegram();
  const wired = await wireAdapter(fake, mode);
  // Telegram user ids are numbers; the suite names its users with strings like "u1".
  const numeric = new Map<string, number>();
  const named = new Map<string, string>();
  const idOf = (userId: string) => {
    if (!numeric.has(userId)) {
      numeric.set(userId, 9_100_000 + numeric.size);
      named.set(String(numeric.get(userId)), userId);
    }
    return numeric.get(userId)!;
  };
  const renamed = (e: InboundEvent): InboundEvent => ({ ...e, sender: { ...e.sender, userId: named.get(e.sender.userId) ?? e.sender.userId } });
  let last: Update | undefined;
  let lastText: Update | undefined;
  const chatOf = (chatId: string) => (chatId === String(waterGroup.id) ? waterGroup : { id: Number(chatId), type: "supergroup" as const });

  return {
    adapter: { ...wired.adapter, start: (sink) => wired.adapter.start((e) => sink(renamed(e))) },
    chatId: String(waterGroup.id),
    async sendText({ chatId, userId, text, direct }) {
      const from = { id: idOf(userId), first_name: userId };
      last = lastText = fake.text({ chat: direct ? dmWith(from) : chatOf(chatId), from, text });
      await fake.deliver(last);
    },
    async redeliverLast() {
      if (!last) throw new Error("nothing delivered yet");
      await fake.deliver(last);
    },
    async sendUnroutable() {
      await fake.deliver(fake.chatMemberUpdate(waterGroup, { id: idOf("admin"), first_name: "admin" }));
      return true;
    },
    async editLast(text) {
      if (!lastText) throw new Error("nothing sent yet");
      last = fake.edited(lastText, text);
      await fake.deliver(last);
    },
    async sendOwnMessage(chatId, text) {
      await fake.deliver(fake.ownMessage(chatOf(chatId), text));
    },
    async sendBadSignature() {
      if (mode === "polling") return null;
      const update = fake.text({ chat: waterGroup, from: { id: idOf("intruder"), first_name: "x" }, text: "伪造" });
      const wrong = await fake.postWebhook(update, WEBHOOK_SECRET + "x");
      const missing = await fake.postWebhook(update, undefined);
      return Math.min(wrong, missing);
    },
    posted: () => fake.sentTexts().map(({ chatId, text }) => ({ chatId, text })),
    readable: readTelegramHtml,
    fail429Next: (sec) => fake.failNext("sendMessage", { status: 429, retryAfter: sec }),
    async close() {
      await fake.close();
      wired.cleanup();
    },
  };
}

for (const mode of MODES) {
  describe(`telegram, ${mode === "polling" ? "long polling" : "webhook"}`, () => {
    adapterContract("telegram", () => makeDriver(mode));
  });
}
