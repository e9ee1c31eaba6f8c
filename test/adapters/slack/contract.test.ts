import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSlackAdapter } from "../../../adapters/slack/index";
import { silentLogger } from "../../../src/log";
import { adapterContract } from "../../support/adapter-contract";
import { postToApp, startFakeSlack, type SlackRequest } from "../../support/fake-slack";
import { messageChanged, messageEvent, readMrkdwn } from "./requests";

adapterContract("slack", async () => {
  const fake = await startFakeSlack();
  const adapter = createSlackAdapter({
    botToken: fake.botToken,
    signingSecret: fake.signingSecret,
    apiUrl: fake.apiUrl,
    port: 0,
    host: "127.0.0.1",
    dataDir: mkdtempSync(join(tmpdir(), "duban-slack-")),
    log: silentLogger,
    partGapMs: 10,
  });
  let last: SlackRequest | undefined;
  let lastText: ReturnType<typeof messageEvent> | undefined;
  const post = async (req: SlackRequest, retryNum?: number) => {
    const url = adapter.eventsUrl();
    if (!url) throw new Error("the adapter is not listening");
    return postToApp(url, req, { secret: fake.signingSecret, retryNum });
  };
  return {
    adapter,
    chatId: "C0DUBAN",
    async sendText({ chatId, userId, text, direct }) {
      lastText = messageEvent({ channel: chatId, user: userId, text, channelType: direct ? "im" : "channel" });
      last = lastText.request;
      await post(last);
    },
    async redeliverLast() {
      if (!last) throw new Error("nothing was delivered yet");
      await post(last, 1);
    },
    async sendUnroutable() {
      const modal = { type: "view_submission", team: { id: "T0FAKE" }, user: { id: "u1" }, api_app_id: "A0FAKE", trigger_id: "1.2.3", view: { id: "V1", type: "modal", callback_id: "not_duban", state: { values: {} } } };
      const res = await post({ contentType: "application/x-www-form-urlencoded", body: new URLSearchParams({ payload: JSON.stringify(modal) }).toString() });
      return res.status === 200;
    },
    async editLast(text) {
      if (!lastText) throw new Error("nothing sent yet");
      last = messageChanged(lastText, text).request;
      await post(last);
    },
    async sendOwnMessage(chatId, text) {
      await post(messageEvent({ channel: chatId, user: fake.botUserId, botId: fake.botId, text }).request);
    },
    async sendBadSignature() {
      const url = adapter.eventsUrl()!;
      const req = messageEvent({ channel: "C0DUBAN", user: "u1", text: "伪造" }).request;
      return (await postToApp(url, req, { secret: fake.signingSecret, signWith: "not-the-secret" })).status;
    },
    posted: () => fake.messages.map((m) => ({ chatId: m.channel, text: m.text })),
    readable: readMrkdwn,
    fail429Next: (sec) => fake.fail429Next(sec),
    close: () => fake.close(),
  };
});
