import { adapterContract, type ContractDriver } from "../../support/adapter-contract";
import { startFakeFeishu, type Json } from "../../support/fake-feishu";
import { makeAdapter } from "./setup";

/** The same contract over the long connection and at the callback URL. */
for (const mode of ["ws", "http"] as const) {
  adapterContract(
    "feishu",
    async (): Promise<ContractDriver> => {
      const fake = await startFakeFeishu();
      const { adapter } = makeAdapter(fake, { mode });
      let last: Json | undefined;
      const deliver = async (env: Json) => {
        if (mode === "ws") return (await fake.push(env)) === 200;
        const url = adapter.eventsUrl();
        if (!url) throw new Error("the adapter is not listening");
        return (await fake.post(url, env)).status === 200;
      };
      return {
        adapter,
        chatId: "oc_duban0000000000",
        async sendText({ chatId, userId, text, direct }) {
          last = fake.messageEnvelope({ chatId, userId, type: "text", content: { text }, chatType: direct ? "p2p" : "group" });
          await deliver(last);
        },
        async redeliverLast() {
          if (!last) throw new Error("nothing was delivered yet");
          await deliver(last);
        },
        async sendOwnMessage(chatId, text) {
          await deliver(fake.messageEnvelope({ chatId, userId: fake.botOpenId, type: "text", content: { text }, senderType: "app" }));
        },
        async sendBadSignature() {
          if (mode === "ws") return null;
          const env = fake.messageEnvelope({ chatId: "oc_duban0000000000", userId: "u1", type: "text", content: { text: "伪造" } });
          return (await fake.post(adapter.eventsUrl()!, env, { signWith: "not-the-key" })).status;
        },
        async sendUnroutable() {
          return deliver(fake.envelope("im.message.reaction.created_v1", { message_id: "om_x", reaction_type: { emoji_type: "THUMBSUP" }, user_id: { open_id: "u1" } }));
        },
        async editLast() {
          throw new Error("Feishu sends no event when a message is edited");
        },
        posted: () => fake.messages.map((m) => ({ chatId: m.chatId, text: m.text })),
        readable: (text) => text,
        fail429Next: (sec) => fake.fail429Next(sec),
        close: () => fake.close(),
      };
    },
    { edits: false },
  );
}
