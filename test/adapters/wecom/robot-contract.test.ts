/**
 * The WeCom intelligent robot against the shared adapter contract: the real aibot SDK on the
 * fake long-connection server. WeCom tells the robot of no edits, and a send over the
 * connection is answered by errcode only (no Retry-After), so those cases are not asked.
 */
import { adapterContract } from "../../support/adapter-contract";
import { robotEnterChat, robotText, type Json } from "../../support/fake-wecom-robot";
import { readWecomMarkdown } from "../../support/wecom-markdown";
import { ROBOT_GROUP, wireRobot } from "./robot-setup";

adapterContract(
  "wecom",
  async () => {
    const { fake, adapter, cleanup } = await wireRobot();
    let last: Json | undefined;
    const push = async (body: Json, cmd?: "aibot_event_callback") => {
      await fake.authenticated();
      fake.push(body, cmd);
    };
    return {
      adapter,
      chatId: ROBOT_GROUP,
      async sendText({ chatId, userId, text, direct }) {
        last = direct ? robotText(fake.botId, { userId, content: text }) : robotText(fake.botId, { userId, chatId, content: `@督办助手 ${text}` });
        await push(last);
      },
      async redeliverLast() {
        if (!last) throw new Error("nothing was delivered yet");
        await push(last);
      },
      async sendOwnMessage(chatId, text) {
        await push(robotText(fake.botId, { userId: fake.botId, chatId, content: text }));
      },
      // The connection is authenticated once, by bot id and secret; pushed frames carry no signature.
      async sendBadSignature() {
        return null;
      },
      async sendUnroutable() {
        await push(robotEnterChat(fake.botId, "u1"), "aibot_event_callback");
        return true;
      },
      posted: () => fake.texts(),
      readable: readWecomMarkdown,
      fail429Next: () => fake.failNext(45009),
      async close() {
        await fake.close();
        cleanup();
      },
    };
  },
  { edits: false, retryAfter: false },
);
