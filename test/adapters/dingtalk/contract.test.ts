/**
 * DingTalk against the shared adapter contract, in both modes: the real dingtalk-stream
 * client on the fake's stream gateway, and signed HTTP callbacks. DingTalk tells robots of
 * no edits, so the edit case is not asked.
 */
import { describe } from "vitest";
import { readMarkdown } from "../../../adapters/dingtalk/format";
import { adapterContract } from "../../support/adapter-contract";
import { startFakeDingTalk, type Json } from "../../support/fake-dingtalk";
import { makeDingTalkAdapter } from "./setup";

for (const mode of ["stream", "http"] as const) {
  describe(`${mode} mode`, () => adapterContract(
    "dingtalk",
    async () => {
      const fake = await startFakeDingTalk();
      const { adapter } = makeDingTalkAdapter(fake, { mode });
      let last: Json | undefined;
      const deliver = async (data: Json) => {
        last = data;
        if (mode === "stream") {
          if ((await fake.push(fake.robotFrame(data))) === null) throw new Error("the adapter did not acknowledge the frame");
        } else {
          const status = await fake.postCallback(adapter.callbackUrl()!, data);
          if (status !== 200) throw new Error(`the adapter answered ${status}`);
        }
      };
      return {
        adapter,
        chatId: "cidWaterGroup==",
        async sendText({ chatId, userId, text, direct }) {
          await deliver(fake.robotMessage({ conversationId: direct ? `cidDirect${userId}` : chatId, userId, text, direct }));
        },
        async redeliverLast() {
          if (!last) throw new Error("nothing was delivered yet");
          await deliver(last);
        },
        async sendOwnMessage(chatId, text) {
          await deliver(fake.robotMessage({ conversationId: chatId, userId: "robot", senderId: fake.robotUserId, text }));
        },
        async sendBadSignature() {
          if (mode === "stream") return null;
          const data = fake.robotMessage({ conversationId: "cidWaterGroup==", userId: "intruder", text: "伪造" });
          const wrong = await fake.postCallback(adapter.callbackUrl()!, data, { secret: "not-the-secret" });
          const stale = await fake.postCallback(adapter.callbackUrl()!, data, { timestamp: Date.now() - 2 * 60 * 60_000 });
          return Math.min(wrong, stale);
        },
        async sendUnroutable() {
          if (mode === "stream") return (await fake.push(fake.eventFrame())) !== null;
          return (await fake.postCallback(adapter.callbackUrl()!, { msgtype: "audio", unexpected: true })) === 200;
        },
        posted: () => fake.sent.map((m) => ({ chatId: m.chatId, text: m.text })),
        readable: readMarkdown,
        fail429Next: (sec) => fake.failNext({ status: 429, body: { code: "Throttling", message: "请求被流控" }, headers: { "retry-after": String(sec) } }),
        close: () => fake.close(),
      };
    },
    { edits: false },
  ));
}
