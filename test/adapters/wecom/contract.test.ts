import { adapterContract } from "../../support/adapter-contract";
import { enterAgent, textMessage } from "../../support/fake-wecom";
import { WATER_CHAT, wireWecom } from "./setup";

adapterContract(
  "wecom",
  async () => {
    const { fake, adapter, cleanup } = await wireWecom();
    let last: Record<string, string | number> | undefined;
    const url = () => {
      const u = adapter.callbackUrl();
      if (!u) throw new Error("the adapter is not listening");
      return u;
    };
    return {
      adapter,
      chatId: WATER_CHAT,
      // People write to the app in their own chat with it: WeCom names the sender, not a chat.
      async sendText({ userId, text }) {
        last = textMessage({ from: userId, content: text });
        await fake.callback(url(), last);
      },
      async redeliverLast() {
        if (!last) throw new Error("nothing was delivered yet");
        await fake.callback(url(), last);
      },
      // WeCom never posts the app's own messages to its callback: there is nothing to send.
      async sendOwnMessage() {},
      async sendBadSignature() {
        return (await fake.callback(url(), textMessage({ from: "u1", content: "伪造" }), { signWith: "not-the-token" })).status;
      },
      async sendUnroutable() {
        return (await fake.callback(url(), enterAgent("u1"))).status === 200;
      },
      posted: () => fake.texts().map((p) => ({ chatId: p.chatId, text: p.text })),
      readable: (text) => text,
      fail429Next: (sec) => fake.fail429Next(sec),
      async close() {
        await fake.close();
        cleanup();
      },
    };
  },
  { edits: false },
);
